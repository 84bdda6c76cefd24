/**
 * A stand-in for an Atlas private endpoint on loopback: one host name, three TLS ports, each
 * served by its own FerretDB process (SQLite backend, SCRAM users, telemetry and the debug
 * listener off, everything bound to 127.0.0.x).
 *
 * FerretDB cannot form a replica set. Its hello claims `setName` with `hosts: [--listen-addr]`
 * verbatim, and the driver drops any seed that the primary does not list. So member 0 gets
 * `--repl-set-name` and a plain listener whose address is written as the Atlas host name: the
 * process runs in its own mount namespace (unshare -m) where /etc/hosts maps that name to
 * PLAIN_IP, so Go can bind it and hello then lists exactly "<host>:<port>", the address the
 * driver knows it by. Members 1 and 2 are standalones on the other ports: real TLS listeners for
 * the tcp check, which the driver then leaves out of the replica set. See docs/verifier.md.
 */
import type { ChildProcess } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Certs } from './certs';
import { freePort, waitForPort } from './ports';
import type { ChildSet } from './processes';

export const TLS_IP = '127.0.0.3';
export const PLAIN_IP = '127.0.0.2';

export interface FakeAtlasOptions {
  readonly bin: string;
  readonly dir: string;
  readonly hostName: string;
  readonly replSetName: string;
  readonly username: string;
  readonly password: string;
  readonly certs: Certs;
  readonly children: ChildSet;
  readonly members?: number;
}

export interface FakeAtlasMember {
  readonly port: number;
  /** The plain (non-TLS) listener on PLAIN_IP, for the tests' own direct queries. */
  readonly plainAddress: string;
  readonly process: ChildProcess;
}

export interface FakeAtlas {
  readonly members: readonly FakeAtlasMember[];
  readonly ports: readonly number[];
  stopMember(index: number): Promise<void>;
}

export async function startFakeAtlas(options: FakeAtlasOptions): Promise<FakeAtlas> {
  const count = options.members ?? 3;
  const members: FakeAtlasMember[] = [];
  for (let i = 0; i < count; i++) members.push(await startMember(options, i));
  return {
    members,
    ports: members.map((m) => m.port),
    stopMember: (index) => options.children.stop(members[index].process),
  };
}

async function startMember(options: FakeAtlasOptions, index: number): Promise<FakeAtlasMember> {
  const port = await freePort([TLS_IP, PLAIN_IP]);
  const dir = join(options.dir, `member-${index}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const isPrimary = index === 0;
  const plainListen = isPrimary ? `${options.hostName}:${port}` : `${PLAIN_IP}:${port}`;
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${join(dir, 'data')}/`,
    `--state-dir=${dir}`,
    `--listen-addr=${plainListen}`,
    `--listen-tls=${TLS_IP}:${port}`,
    `--listen-tls-cert-file=${options.certs.certFile}`,
    `--listen-tls-key-file=${options.certs.keyFile}`,
    '--test-enable-new-auth',
    `--setup-database=admin`,
    `--setup-username=${options.username}`,
    `--setup-password=${options.password}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=warn',
    ...(isPrimary ? [`--repl-set-name=${options.replSetName}`] : []),
  ];
  let child: ChildProcess;
  if (isPrimary) {
    const hosts = join(dir, 'hosts');
    writeFileSync(hosts, `127.0.0.1 localhost\n${PLAIN_IP} ${options.hostName}\n`);
    // exec keeps the pid: stopping the child stops FerretDB. The bind mount dies with the namespace.
    const script = 'mount --bind "$1" /etc/hosts && shift && exec "$@"';
    child = options.children.spawn('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', hosts, options.bin, ...args]);
  } else {
    child = options.children.spawn(options.bin, args);
  }
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  try {
    await Promise.race([
      Promise.all([waitForPort(TLS_IP, port), waitForPort(PLAIN_IP, port)]),
      new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`FerretDB exited with ${code}`)))),
    ]);
  } catch (error) {
    throw new Error(`FerretDB member ${index} did not start: ${(error as Error).message}\n${log}`);
  }
  return { port, plainAddress: `${PLAIN_IP}:${port}`, process: child };
}
