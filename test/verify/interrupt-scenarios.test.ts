/**
 * Ctrl-C or SIGTERM during the round trip (issue 15 item 6): the verifier removes its scratch
 * document before it exits, within a bound. FerretDB stands in for Atlas; a TCP proxy on
 * 127.0.0.5 (where DNS points) delays every server-to-client chunk, so the round trip is slow
 * enough to interrupt between the insert and the delete. The scratch collection is watched on
 * FerretDB's plain listener; the signal goes out the moment the document appears.
 */
import { spawn } from 'child_process';
import net from 'net';
import { MongoClient } from 'mongodb';
import type { Certs } from '../../rehearse/certs';
import type { FakeAtlas } from '../../rehearse/ferretdb';
import { ChildSet } from '../../rehearse/processes';
import { startDnsServer, type RunningDnsServer } from '../harness/dns-server';
import { CLI } from '../harness/run-verifier';
import { startLoopbackAtlas } from '../harness/loopback-atlas';
import { makeTmpDir } from '../harness/tmp';
import { atlasZone, SRV_HOST } from '../harness/zones';
import { describeWithTool } from '../support/tools';

const USER = 'verifier';
const PASSWORD = 'Sup3r-s3cret-pw';
const PROXY_IP = '127.0.0.5';
const DELAY_MS = 250;

/** Forwards PROXY_IP:port to the member's TLS listener, holding each reply chunk DELAY_MS (in order). */
function slowProxy(port: number, target: string): Promise<net.Server> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: target, port });
    sockets.add(client).add(upstream);
    let chain = Promise.resolve();
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      chain = chain.then(() => new Promise<void>((resolve) => setTimeout(() => (client.destroyed || client.write(d), resolve()), DELAY_MS)));
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return new Promise((resolve, reject) => server.once('error', reject).listen(port, PROXY_IP, () => resolve(server)));
}

describeWithTool('ATLAS_PL_FERRETDB_BIN', 'FerretDB')('interrupting the round trip', () => {
  let tmp: ReturnType<typeof makeTmpDir>;
  const children = new ChildSet();
  const proxies: net.Server[] = [];
  let certs: Certs;
  let atlas: FakeAtlas;
  let dns: RunningDnsServer;
  let watcher: MongoClient;

  beforeAll(async () => {
    tmp = makeTmpDir('verify-interrupt');
    ({ certs, atlas } = await startLoopbackAtlas(tmp.path, children, USER, PASSWORD));
    for (const port of atlas.ports) proxies.push(await slowProxy(port, '127.0.0.3'));
    dns = await startDnsServer(atlasZone({ ports: atlas.ports, address: PROXY_IP }));
    watcher = new MongoClient(`mongodb://${USER}:${encodeURIComponent(PASSWORD)}@${atlas.members[0].plainAddress}/?directConnection=true&authSource=admin`, { serverSelectionTimeoutMS: 5000 });
    await watcher.connect();
  }, 60000);

  afterAll(async () => {
    await watcher?.close();
    await dns?.close();
    await Promise.all(proxies.map((p) => new Promise((resolve) => p.close(resolve))));
    await children.stopAll();
    tmp?.remove();
  });

  const scratch = () => watcher.db('pe_verify').collection('hello');

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s between insert and delete removes the scratch document, then exits %i', async (signal, code) => {
    const args = ['--uri', `mongodb+srv://${USER}:${encodeURIComponent(PASSWORD)}@${SRV_HOST}/`, '--dns-server', dns.server, '--expect-ip', PROXY_IP, '--allow-loopback', '--tls-ca-file', certs.caFile, '--timeout', '10000', '--json'];
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (c) => resolve({ code: c, at: Date.now() })));
    try {
      // Wait for the document to exist: the verifier is then between its insert and its delete.
      const started = Date.now();
      let seen = 0;
      while (seen === 0 && Date.now() - started < 30000 && child.exitCode === null) {
        seen = await scratch().countDocuments({});
        if (seen === 0) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(seen).toBe(1);
      const signalledAt = Date.now();
      child.kill(signal);
      const exit = await exited;
      expect({ code: exit.code, stderr }).toEqual({ code, stderr: expect.stringContaining(`interrupted (${signal}); removing the scratch document`) });
      // Bounded: the delete takes a round trip or two through the slow proxy, far below the 10 s cap.
      expect(exit.at - signalledAt).toBeLessThan(5000);
      expect(await scratch().countDocuments({})).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await scratch().deleteMany({});
    }
  }, 60000);
});
