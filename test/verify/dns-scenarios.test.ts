/**
 * DNS and TCP scenarios against a real DNS server (dns2, in this process) and real TCP
 * listeners on loopback; the verifier runs as a child process. No MongoDB needed: the
 * round trip is skipped or fails before the driver matters.
 */
import dgram from 'dgram';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { blackHoledPort } from '../harness/black-hole';
import { ChildSet } from '../../rehearse/processes';
import { startDnsServer, type RunningDnsServer, type Zone } from '../harness/dns-server';
import { freePort, listenOn } from '../../rehearse/ports';
import { BIN, check, runInTerminal, runVerifier, statuses } from '../harness/run-verifier';
import { makeTmpDir } from '../harness/tmp';
import { atlasZone, SRV_HOST, SRV_NAME, TARGET_HOST, TXT_VALUE } from '../harness/zones';

const ENDPOINT_IP = '127.0.0.3';
const SECRET = 'Pa55-w0rd-never-printed';
const URI = `mongodb+srv://app:${SECRET}@${SRV_HOST}/`;

const tmp = makeTmpDir('verify-dns');
const cleanups: Array<() => Promise<void> | void> = [];
const children = new ChildSet();
let ports: number[] = [];

beforeAll(async () => {
  const listeners = await Promise.all([0, 1, 2].map(() => listenOn(ENDPOINT_IP)));
  ports = listeners.map((l) => l.port);
  cleanups.push(...listeners.map((l) => () => l.close()));
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await children.stopAll();
  tmp.remove();
});

async function dnsWith(zone: Zone): Promise<RunningDnsServer> {
  const server = await startDnsServer(zone);
  cleanups.push(() => server.close());
  return server;
}

function writeJson(name: string, value: unknown): string {
  const file = join(tmp.path, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

// Loopback addresses stand in for the endpoint's private IP: the verifier accepts them only when asked.
const base = (dns: RunningDnsServer, ...more: string[]): string[] => ['--uri', URI, '--dns-server', dns.server, '--timeout', '2000', '--allow-loopback', '--json', ...more];

describe('verifier against a real DNS server (no MongoDB)', () => {
  it('passes DNS, private IP and TCP on three ports, and says why crud is skipped', async () => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP }));
    const run = await runVerifier(base(dns, '--expect-ip', ENDPOINT_IP, '--skip-crud'));
    expect(run.code).toBe(0);
    expect(statuses(run)).toEqual({ 'control-plane': 'skip', 'dns-srv': 'pass', 'dns-txt': 'pass', 'dns-a': 'pass', 'private-ip': 'pass', tcp: 'pass', crud: 'skip' });
    expect(check(run, 'crud').message).toContain('--skip-crud');
    expect(check(run, 'control-plane').message).toContain('--outputs');
    for (const port of ports) expect(check(run, 'tcp').message).toContain(`${TARGET_HOST}:${port}`);
    expect(check(run, 'dns-txt').message).toContain(TXT_VALUE);
    expect(run.report?.ok).toBe(true);
    expect(run.report?.checks.map((c) => c.id)).toEqual(['control-plane', 'dns-srv', 'dns-txt', 'dns-a', 'private-ip', 'tcp', 'crud']);
    expect(dns.queries).toEqual(expect.arrayContaining([{ name: SRV_NAME, type: 'SRV' }, { name: SRV_HOST, type: 'TXT' }, { name: TARGET_HOST, type: 'A' }]));
  });

  it('names the shadowing trap: SRV NXDOMAIN while the target host resolves', async () => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP, omit: ['SRV', 'TXT'] }));
    const outputs = writeJson('shadow-outputs.json', { app: { atlas_pl_eastus2_private_ip: ENDPOINT_IP, atlas_pl_eastus2_atlas_status: 'AVAILABLE' } });
    const run = await runVerifier(base(dns, '--outputs', outputs));
    expect(run.code).toBe(1);
    expect(statuses(run)).toEqual({ 'control-plane': 'pass', 'dns-srv': 'fail', 'dns-txt': 'fail', 'dns-a': 'skip', 'private-ip': 'skip', tcp: 'skip', crud: 'skip' });
    expect(check(run, 'dns-srv').diagnosis?.code).toBe('SRV_SHADOWED');
    expect(check(run, 'dns-srv').message).toContain(`its target ${TARGET_HOST} resolves (${ENDPOINT_IP})`);
    expect(check(run, 'dns-txt').diagnosis?.code).toBe('TXT_MISSING');
    expect(check(run, 'dns-a').message).toBe('skipped: dns-srv failed');
    expect(check(run, 'tcp').message).toBe('skipped: dns-srv failed');
    expect(check(run, 'crud').message).toBe('skipped: dns-srv failed');
  });

  it('recognises the shadowing zone by its SOA when no target name is known', async () => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP, omit: ['SRV', 'TXT'], extra: [{ name: 'abc12.mongodb.net', type: 'SOA', primary: 'azureprivatedns.net', admin: 'azureprivatedns-host.microsoft.com' }] }));
    const run = await runVerifier(base(dns));
    expect(check(run, 'dns-srv').diagnosis?.code).toBe('SRV_SHADOWED');
    expect(check(run, 'dns-srv').message).toContain('a DNS zone exists at abc12.mongodb.net');
  });

  it('reports SRV NXDOMAIN with an unknown target when nothing of the cluster resolves', async () => {
    const dns = await dnsWith({ records: [{ name: 'other.example.net', type: 'A', address: '127.0.0.9' }] });
    const run = await runVerifier(base(dns));
    expect(run.code).toBe(1);
    expect(check(run, 'dns-srv').diagnosis?.code).toBe('SRV_NXDOMAIN');
    expect(check(run, 'dns-srv').diagnosis?.text).toContain('target is unknown');
  });

  it('reports an SRV target without an A record (the resolver is Azure DNS: the zone lacks the record)', async () => {
    const dns = await dnsWith({ ...atlasZone({ ports, address: ENDPOINT_IP }), nxdomain: [TARGET_HOST] });
    const run = await runVerifier(base(dns, '--expect-ip', ENDPOINT_IP, '--azure-resolver'));
    expect(run.code).toBe(1);
    expect(statuses(run)).toEqual({ 'control-plane': 'skip', 'dns-srv': 'pass', 'dns-txt': 'pass', 'dns-a': 'fail', 'private-ip': 'skip', tcp: 'skip', crud: 'skip' });
    expect(check(run, 'dns-a')).toMatchObject({ message: `${TARGET_HOST}: ENOTFOUND`, diagnosis: { code: 'A_NXDOMAIN' } });
    expect(check(run, 'crud').message).toBe('skipped: dns-a failed');
  });

  it('asks a DNS server given as [ipv6]:port', async () => {
    const dns = await startDnsServer(atlasZone({ ports, address: ENDPOINT_IP }), '::1');
    cleanups.push(() => dns.close());
    expect(dns.server).toMatch(/^\[::1\]:\d+$/);
    const run = await runVerifier(base(dns, '--expect-ip', ENDPOINT_IP, '--skip-crud'));
    expect(run.code).toBe(0);
    expect(dns.queries.length).toBeGreaterThan(0);
  });

  it('fails on two TXT records and skips the round trip naming dns-txt', async () => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP, txt: [TXT_VALUE, 'authSource=admin'] }));
    const run = await runVerifier(base(dns, '--expect-ip', ENDPOINT_IP));
    expect(run.code).toBe(1);
    expect(statuses(run)).toMatchObject({ 'dns-srv': 'pass', 'dns-txt': 'fail', 'dns-a': 'pass', 'private-ip': 'pass', tcp: 'pass', crud: 'skip' });
    expect(check(run, 'dns-txt').diagnosis?.code).toBe('TXT_MULTIPLE');
    expect(check(run, 'crud').message).toBe('skipped: dns-txt failed');
  });

  it('fails on TXT keys other than authSource, replicaSet, loadBalanced', async () => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP, txt: [`${TXT_VALUE}&tls=false`] }));
    const run = await runVerifier(base(dns, '--expect-ip', ENDPOINT_IP, '--skip-crud'));
    expect(check(run, 'dns-txt').status).toBe('fail');
    expect(check(run, 'dns-txt').diagnosis?.code).toBe('TXT_FORBIDDEN_KEYS');
    expect(check(run, 'dns-txt').message).toContain('tls');
  });

  it('fails on a TXT option with an empty value', async () => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP, txt: ['authSource=admin&replicaSet='] }));
    const run = await runVerifier(base(dns, '--expect-ip', ENDPOINT_IP, '--skip-crud'));
    expect(check(run, 'dns-txt')).toMatchObject({ status: 'fail', diagnosis: { code: 'TXT_FORBIDDEN_KEYS' } });
    expect(check(run, 'dns-txt').message).toContain('has empty replicaSet');
  });

  it('reports a closed port among three as connection refused', async () => {
    const closedPort = await freePort([ENDPOINT_IP]);
    const dns = await dnsWith(atlasZone({ ports: [ports[0], ports[1], closedPort], address: ENDPOINT_IP }));
    const run = await runVerifier(base(dns, '--expect-ip', ENDPOINT_IP, '--skip-crud'));
    expect(run.code).toBe(1);
    expect(check(run, 'tcp').status).toBe('fail');
    expect(check(run, 'tcp').diagnosis?.code).toBe('TCP_REFUSED');
    expect(check(run, 'tcp').message).toMatch(new RegExp(`^2/3 reachable; ${TARGET_HOST}:${closedPort} \\(127\\.0\\.0\\.3:${closedPort}\\): ECONNREFUSED$`));
  });

  it('reports a port that drops SYNs as a connect timeout, bounded by --timeout', async () => {
    const hole = await blackHoledPort(children);
    const dns = await dnsWith(atlasZone({ ports: [hole.port], address: '127.0.0.1' }));
    const run = await runVerifier(['--uri', URI, '--dns-server', dns.server, '--expect-ip', '127.0.0.1', '--allow-loopback', '--timeout', '1000', '--skip-crud', '--json']);
    expect(run.code).toBe(1);
    expect(check(run, 'tcp')).toMatchObject({ status: 'fail', diagnosis: { code: 'TCP_TIMEOUT' } });
    expect(check(run, 'tcp').message).toContain(`no answer within 1000 ms`);
    expect(check(run, 'tcp').durationMs).toBeGreaterThanOrEqual(950);
    expect(check(run, 'tcp').durationMs).toBeLessThan(2000);
  });

  it('keeps the whole run inside --deadline even when --timeout is longer', async () => {
    const hole = await blackHoledPort(children);
    const dns = await dnsWith(atlasZone({ ports: [hole.port], address: '127.0.0.1' }));
    const run = await runVerifier(['--uri', URI, '--dns-server', dns.server, '--expect-ip', '127.0.0.1', '--allow-loopback', '--timeout', '5000', '--deadline', '600', '--json']);
    expect(run.code).toBe(1);
    expect(check(run, 'tcp').diagnosis?.code).toBe('TCP_TIMEOUT');
    expect(check(run, 'crud')).toMatchObject({ status: 'skip', message: 'skipped: tcp failed' });
    expect(run.report?.durationMs).toBeLessThan(1500);
  });

  it('bounds a DNS server that never answers by --timeout and skips the rest', async () => {
    // A UDP socket that reads queries and never replies: a hung resolver, the slow case.
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const run = await runVerifier(['--uri', URI, '--dns-server', `127.0.0.1:${silent.address().port}`, '--timeout', '1000', '--json']);
    expect(run.code).toBe(1);
    expect(check(run, 'dns-srv').diagnosis?.code).toBe('DNS_UNREACHABLE');
    expect(statuses(run)).toEqual({ 'control-plane': 'skip', 'dns-srv': 'fail', 'dns-txt': 'skip', 'dns-a': 'skip', 'private-ip': 'skip', tcp: 'skip', crud: 'skip' });
    // Behaviour bound, not a benchmark: one timeout (plus scheduling), nowhere near c-ares' ~29 s.
    expect(check(run, 'dns-srv').durationMs).toBeGreaterThanOrEqual(900);
    expect(run.report?.durationMs).toBeLessThan(2500);
  });

  it('reports a DNS port with nothing listening as unreachable', async () => {
    const closed = await freePort(['127.0.0.1']);
    const run = await runVerifier(['--uri', URI, '--dns-server', `127.0.0.1:${closed}`, '--timeout', '1000', '--json']);
    expect(check(run, 'dns-srv').diagnosis?.code).toBe('DNS_UNREACHABLE');
    expect(run.report?.durationMs).toBeLessThan(2500);
  });

  it('exits 2 on a malformed URI, naming --uri, with nothing on stdout', async () => {
    const run = await runVerifier(['--uri', `mongodb://app:${SECRET}@${SRV_HOST}:27017`, '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('atlas-pl-verify: --uri: the scheme is "mongodb://"; expected "mongodb+srv://" (mongodb+srv://[user:password@]host[/database][?options])\n');
    expect(run.stderr).not.toContain(SECRET);
  });

  it.each([
    ['cdktf output --outputs-file', (v: Record<string, string>) => ({ 'atlas-app': { AtlasPrivateLink: v } })],
    ['terraform output -json', (v: Record<string, string>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, { sensitive: false, type: 'string', value: x }]))],
  ])('reads the %s shape: SRV host, expected IP and Atlas status', async (_shape, wrap) => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP }));
    const outputs = writeJson(`outputs-${_shape.split(' ')[0]}.json`, wrap({
      atlas_pl_eastus2_private_ip: ENDPOINT_IP,
      atlas_pl_eastus2_atlas_status: 'AVAILABLE',
      atlas_pl_eastus2_link_status: 'AVAILABLE',
      atlas_pl_eastus2_connection_status: 'Approved',
      atlas_pl_eastus2_srv_connection_string: `mongodb+srv://${SRV_HOST}`,
    }));
    const run = await runVerifier(['--outputs', outputs, '--dns-server', dns.server, '--timeout', '2000', '--allow-loopback', '--skip-crud', '--json']);
    expect(run.code).toBe(0);
    expect(run.report?.target).toBe(`mongodb+srv://${SRV_HOST}`);
    expect(check(run, 'control-plane')).toMatchObject({
      status: 'pass',
      message: 'atlas_pl_eastus2_atlas_status=AVAILABLE, atlas_pl_eastus2_link_status=AVAILABLE, atlas_pl_eastus2_connection_status=Approved',
    });
    expect(check(run, 'private-ip')).toMatchObject({ status: 'pass', message: `every answer is its endpoint's IP (${TARGET_HOST} -> ${ENDPOINT_IP}, atlas_pl_eastus2)` });
  });

  it('fails control-plane when the registration is not AVAILABLE, and still checks the data path', async () => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP }));
    const outputs = writeJson('initiating.json', { s: { atlas_pl_eastus2_private_ip: ENDPOINT_IP, atlas_pl_eastus2_atlas_status: 'INITIATING' } });
    const run = await runVerifier(base(dns, '--outputs', outputs, '--skip-crud'));
    expect(run.code).toBe(1);
    expect(check(run, 'control-plane').diagnosis?.code).toBe('ATLAS_NOT_AVAILABLE');
    // An older stack's outputs: no Azure connection state, and the message says it was not seen.
    expect(check(run, 'control-plane').message).toBe(
      "atlas_pl_eastus2_atlas_status=INITIATING; Azure's connection state not in the outputs for atlas_pl_eastus2 (no *_connection_status: a stack from before that output, or an endpoint brought in by a token id), so not checked",
    );
    expect(check(run, 'tcp').status).toBe('pass');
  });

  it('exits 2 when the outputs file is not JSON', async () => {
    const file = join(tmp.path, 'not-json.json');
    writeFileSync(file, 'atlas_pl_eastus2_private_ip = "10.20.1.4"');
    const run = await runVerifier(['--uri', URI, '--outputs', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--outputs:');
    expect(run.stderr).toContain('is not JSON');
  });

  it('never prints the password, in human or JSON form, even in driver errors', async () => {
    // Plain TCP listeners do not speak TLS: the driver fails and its error text is reported.
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP }));
    for (const json of [true, false]) {
      const args = ['--uri', URI, '--dns-server', dns.server, '--timeout', '1500', '--expect-ip', ENDPOINT_IP, '--allow-loopback', ...(json ? ['--json'] : [])];
      const run = await runVerifier(args);
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('crud');
      expect(run.stdout + run.stderr).not.toContain(SECRET);
      expect(run.stdout + run.stderr).not.toContain('app:');
    }
    const viaEnv = await runVerifier(['--dns-server', dns.server, '--timeout', '1500', '--expect-ip', ENDPOINT_IP, '--allow-loopback'], { env: { MONGODB_URI: URI } });
    expect(viaEnv.stdout).toContain(`mongodb+srv://<credentials>@${SRV_HOST}`);
    expect(viaEnv.stdout + viaEnv.stderr).not.toContain(SECRET);
    // Every character a URI reserves, percent-encoded as it must be: printed in neither form.
    const reserved = 'Qz8/Wv?Ny@Lp:Ht%Jc';
    const encoded = await runVerifier(['--dns-server', dns.server, '--timeout', '1500', '--expect-ip', ENDPOINT_IP, '--allow-loopback', '--json'], { env: { MONGODB_URI: `mongodb+srv://app:${encodeURIComponent(reserved)}@${SRV_HOST}/` } });
    expect(check(encoded, 'crud').status).toBe('fail');
    for (const piece of [reserved, encodeURIComponent(reserved), 'Qz8', 'Jc"']) expect(encoded.stdout + encoded.stderr).not.toContain(piece);
  });

  it.each(['mongodb', 'admin', 'cluster0'])('neither mangles the report nor reveals a password that is a common word (%s)', async (password) => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP }));
    const run = await runVerifier(['--uri', `mongodb+srv://app:${password}@${SRV_HOST}/`, '--dns-server', dns.server, '--timeout', '2000', '--expect-ip', ENDPOINT_IP, '--allow-loopback', '--skip-crud']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('<redacted>');
    expect(run.stdout).not.toContain(`app:${password}`);
    expect(run.stdout.split('\n')[0]).toBe(`atlas-pl-verify mongodb+srv://<credentials>@${SRV_HOST}`);
    expect(run.stdout).toContain(`${SRV_NAME} -> ${TARGET_HOST}:`);
    expect(run.stdout).toContain('authSource=admin');
  });

  it('prints one line per check without colour when stdout is not a terminal', async () => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP }));
    const run = await runVerifier(['--uri', URI, '--dns-server', dns.server, '--timeout', '2000', '--expect-ip', ENDPOINT_IP, '--allow-loopback', '--skip-crud']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`atlas-pl-verify mongodb+srv://<credentials>@${SRV_HOST}`);
    expect(lines.slice(1, 8).map((l) => l.slice(0, 20).trim())).toEqual([
      '[skip] control-plane',
      '[pass] dns-srv',
      '[pass] dns-txt',
      '[pass] dns-a',
      '[pass] private-ip',
      '[pass] tcp',
      '[skip] crud',
    ]);
    expect(lines[8]).toMatch(/^OK: 5 passed, 0 failed, 2 skipped in \d+ ms$/);
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('colours the marks on a terminal, as Node decides: not with NO_COLOR or TERM=dumb, and with FORCE_COLOR', async () => {
    const dns = await dnsWith(atlasZone({ ports, address: ENDPOINT_IP }));
    const args = ['--uri', `mongodb+srv://${SRV_HOST}`, '--dns-server', dns.server, '--expect-ip', ENDPOINT_IP, '--allow-loopback', '--skip-crud'];
    const green = '\u001b[32m[pass]\u001b[39m';
    expect((await runInTerminal(args, { TERM: 'xterm' })).output).toContain(green);
    expect((await runInTerminal(args, { TERM: 'xterm', NO_COLOR: '1' })).output).not.toContain('\u001b[');
    expect((await runInTerminal(args, { TERM: 'dumb' })).output).not.toContain('\u001b[');
    // Not a terminal, but asked for: CI logs that render colour set FORCE_COLOR.
    expect((await runVerifier(args, { env: { FORCE_COLOR: '1' } })).stdout).toContain(green);
  });

  it('prints each check on a terminal as soon as it finishes, so a slow DNS timeout does not leave the screen blank', async () => {
    const silent = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const run = await runInTerminal(['--uri', URI, '--dns-server', `127.0.0.1:${silent.address().port}`, '--timeout', '1500'], { TERM: 'xterm' });
    const arrival = (text: string): number => run.chunks.find((_, i) => run.chunks.slice(0, i + 1).map((c) => c.text).join('').includes(text))?.ms ?? Infinity;
    expect(run.output).toContain('DNS_UNREACHABLE');
    // The header and control-plane are on screen while the SRV query waits out its 1500 ms.
    expect(arrival('control-plane') + 1000).toBeLessThan(arrival('dns-srv'));
    expect(arrival('atlas-pl-verify mongodb+srv://')).toBeLessThanOrEqual(arrival('control-plane'));
  });

  it('runs through the bin shim', async () => {
    const run = await runVerifier(['--help'], { entry: BIN });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: atlas-pl-verify');
    expect(run.stdout).toContain('--dns-server');
  });
});
