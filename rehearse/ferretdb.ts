/**
 * A stand-in for an Atlas private endpoint: one host name, one TLS port per replica-set member,
 * each served by its own FerretDB process (SQLite backend, a SCRAM user, telemetry and the debug
 * listener off). The verifier tests run it on 127.0.0.x with free ports; the rehearsal runs it
 * inside its network namespace on the endpoint's private IP and the cluster's member ports.
 *
 * FerretDB cannot form a replica set. Its hello claims `setName` with `hosts: [--listen-addr]`
 * verbatim, and the driver drops any seed that the primary does not list. So member 0 gets
 * `--repl-set-name` and a plain listener whose address is written as the Atlas host name: the
 * process runs in its own mount namespace (unshare -m) where /etc/hosts maps that name to the
 * plain IP, so Go can bind it and hello then lists exactly "<host>:<port>", the address the
 * driver knows it by. The other members are standalones on the other ports: real TLS listeners
 * for the tcp check, which the driver then leaves out of the replica set. See docs/verifier.md.
 */
import type { ChildProcess } from 'child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'fs';
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
  /** Claimed by member 0; '' makes every member a standalone (rehearse/servers.ts). */
  readonly replSetName: string;
  readonly username: string;
  readonly password: string;
  readonly certs: Certs;
  readonly children: ChildSet;
  /** Number of members on free ports (default 3), unless `ports` fixes them. */
  readonly members?: number;
  readonly ports?: readonly number[];
  /** Where the TLS listeners bind (default TLS_IP) and where the plain ones do (default PLAIN_IP). */
  readonly tlsIp?: string;
  readonly plainIp?: string;
  /** argv prefix to run FerretDB in, e.g. a network namespace's `ip netns exec <ns>`. */
  readonly exec?: readonly string[];
  /** Each member's output goes to `<logDir>/<member>.log` instead of a pipe, so it can outlive us. */
  readonly logDir?: string;
  /** Start the members in their own session, so they survive this process (rehearse --keep). */
  readonly detached?: boolean;
  /** Waits until the member's listeners accept connections (default: connect from here). */
  readonly waitReady?: (addresses: readonly string[], child: ChildProcess) => Promise<void>;
}

export interface FakeAtlasMember {
  readonly port: number;
  /** The plain (non-TLS) listener, for direct queries by the tests. */
  readonly plainAddress: string;
  readonly process: ChildProcess;
}

export interface FakeAtlas {
  readonly members: readonly FakeAtlasMember[];
  readonly ports: readonly number[];
  stopMember(index: number): Promise<void>;
}

export async function startFakeAtlas(options: FakeAtlasOptions): Promise<FakeAtlas> {
  const count = options.ports?.length ?? options.members ?? 3;
  const members: FakeAtlasMember[] = [];
  if (options.ports) {
    // Fixed ports cannot race each other for a free one: start the members together.
    members.push(...(await Promise.all(options.ports.map((_, i) => startMember(options, i)))));
  } else {
    for (let i = 0; i < count; i++) members.push(await startMember(options, i));
  }
  return {
    members,
    ports: members.map((m) => m.port),
    stopMember: (index) => options.children.stop(members[index].process),
  };
}

async function startMember(options: FakeAtlasOptions, index: number): Promise<FakeAtlasMember> {
  const tlsIp = options.tlsIp ?? TLS_IP;
  const plainIp = options.plainIp ?? PLAIN_IP;
  const port = options.ports?.[index] ?? (await freePort([tlsIp, plainIp]));
  const dir = join(options.dir, `member-${index}`);
  mkdirSync(join(dir, 'data'), { recursive: true });
  const isPrimary = index === 0;
  const plainListen = isPrimary ? `${options.hostName}:${port}` : `${plainIp}:${port}`;
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${join(dir, 'data')}/`,
    `--state-dir=${dir}`,
    `--listen-addr=${plainListen}`,
    `--listen-tls=${tlsIp}:${port}`,
    `--listen-tls-cert-file=${options.certs.certFile}`,
    `--listen-tls-key-file=${options.certs.keyFile}`,
    '--test-enable-new-auth',
    `--setup-database=admin`,
    `--setup-username=${options.username}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=warn',
    ...(isPrimary && options.replSetName ? [`--repl-set-name=${options.replSetName}`] : []),
  ];
  // The password goes through the environment, never argv: `ps` shows every process's argv.
  const env = { ...process.env, FERRETDB_SETUP_PASSWORD: options.password };
  const prefix = options.exec ?? [];
  let argv: string[];
  if (isPrimary) {
    const hosts = join(dir, 'hosts');
    writeFileSync(hosts, `127.0.0.1 localhost\n${plainIp} ${options.hostName}\n`);
    // exec keeps the pid: stopping the child stops FerretDB. The bind mount dies with the namespace.
    const script = 'mount --bind "$1" /etc/hosts && shift && exec "$@"';
    argv = [...prefix, 'unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', hosts, options.bin, ...args];
  } else {
    argv = [...prefix, options.bin, ...args];
  }
  const logFile = options.logDir && join(options.logDir, `ferretdb-${tlsIp}-${port}.log`);
  const out = logFile ? openSync(logFile, 'a') : undefined;
  const child = options.children.spawn(argv[0], argv.slice(1), { env, detached: options.detached, ...(out === undefined ? {} : { stdio: ['ignore', out, out] }) });
  if (out !== undefined) closeSync(out);
  let log = '';
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  const addresses = [`${tlsIp}:${port}`, `${plainIp}:${port}`];
  const ready = options.waitReady ? options.waitReady(addresses, child) : Promise.all([waitForPort(tlsIp, port), waitForPort(plainIp, port)]);
  try {
    await Promise.race([ready, new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`FerretDB exited with ${code}`))))]);
  } catch (error) {
    if (logFile) log = readFileSync(logFile, 'utf8');
    throw new Error(`FerretDB member ${index} (${tlsIp}:${port}) did not start: ${(error as Error).message}\n${log.replaceAll(options.password, '<password>')}`);
  }
  return { port, plainAddress: `${plainIp}:${port}`, process: child };
}
