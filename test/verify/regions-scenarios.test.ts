/**
 * Two regions in regional mode, on loopback: each region has its own SRV string, target host,
 * endpoint address (127.0.0.3 for eastus2, 127.0.0.4 for westus2) and TCP listeners; the
 * outputs name both. A real DNS server (dns2) answers; the verifier runs as a child process.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { startDnsServer, type RunningDnsServer, type Zone } from '../harness/dns-server';
import { listenOn } from '../../rehearse/ports';
import { runVerifier, type VerifierRun } from '../harness/run-verifier';
import { makeTmpDir } from '../harness/tmp';
import { atlasZone, regionalHosts } from '../harness/zones';

const IP = { eastus2: '127.0.0.3', westus2: '127.0.0.4' };
type Region = keyof typeof IP;
const REGIONS = Object.keys(IP) as Region[];

const tmp = makeTmpDir('verify-regions');
const cleanups: Array<() => Promise<void> | void> = [];
const ports: Record<Region, number[]> = { eastus2: [], westus2: [] };
let outputs: string;

beforeAll(async () => {
  for (const region of REGIONS) {
    const listeners = await Promise.all([0, 1].map(() => listenOn(IP[region])));
    ports[region] = listeners.map((l) => l.port);
    cleanups.push(...listeners.map((l) => () => l.close()));
  }
  outputs = join(tmp.path, 'outputs.json');
  const values = Object.fromEntries(
    REGIONS.flatMap((r) => [
      [`atlas_pl_${r}_private_ip`, IP[r]],
      [`atlas_pl_${r}_atlas_status`, 'AVAILABLE'],
      [`atlas_pl_${r}_srv_connection_string`, `mongodb+srv://${regionalHosts(r).srvHost}`],
    ]),
  );
  writeFileSync(outputs, JSON.stringify({ 'atlas-private-link': { AtlasPrivateLink: values } }));
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  tmp.remove();
});

/** Both regions' records; `answers` says which endpoint address each region's host resolves to. */
async function dnsFor(answers: Record<Region, string>, omitSrvOf?: Region): Promise<RunningDnsServer> {
  const zone: Zone = {
    records: REGIONS.flatMap((r) => atlasZone({ ...regionalHosts(r), ports: ports[r], address: answers[r], omit: r === omitSrvOf ? ['SRV'] : [] }).records),
  };
  const server = await startDnsServer(zone);
  cleanups.push(() => server.close());
  return server;
}

const verify = (dns: RunningDnsServer, ...more: string[]): Promise<VerifierRun> =>
  runVerifier(['--outputs', outputs, '--dns-server', dns.server, '--allow-loopback', '--timeout', '2000', '--skip-crud', '--json', ...more]);

/** "<target host> <check id>" -> status, for the checks about SRV hosts. */
function byTarget(run: VerifierRun): Record<string, string> {
  return Object.fromEntries((run.report?.checks ?? []).filter((c) => c.target).map((c) => [`${c.target?.replace('mongodb+srv://', '')} ${c.id}`, c.status]));
}

describe('verifier with one SRV string per region (regional mode)', () => {
  it('checks every SRV string the outputs name, each against its own region\'s IP', async () => {
    const dns = await dnsFor(IP);
    const run = await verify(dns);
    expect(run.code).toBe(0);
    expect(run.report?.targets).toEqual(REGIONS.map((r) => `mongodb+srv://${regionalHosts(r).srvHost}`));
    for (const r of REGIONS) {
      const { srvHost, targetHost } = regionalHosts(r);
      expect(byTarget(run)).toMatchObject({ [`${srvHost} dns-srv`]: 'pass', [`${srvHost} private-ip`]: 'pass', [`${srvHost} tcp`]: 'pass' });
      expect(dns.queries).toContainEqual({ name: `_mongodb._tcp.${srvHost}`, type: 'SRV' });
      expect(dns.queries).toContainEqual({ name: targetHost, type: 'A' });
    }
  });

  it('fails a region\'s host that answers the other region\'s endpoint IP (WRONG_REGION_IP), and connects nowhere for it', async () => {
    const dns = await dnsFor({ eastus2: IP.eastus2, westus2: IP.eastus2 });
    const run = await verify(dns);
    expect(run.code).toBe(1);
    const west = regionalHosts('westus2');
    const privateIp = run.report?.checks.find((c) => c.id === 'private-ip' && c.target === `mongodb+srv://${west.srvHost}`);
    expect(privateIp).toMatchObject({
      status: 'fail',
      message: `${west.targetHost} -> ${IP.eastus2}, the IP of endpoint atlas_pl_eastus2 (atlas_pl_eastus2_private_ip); expected ${IP.westus2} (atlas_pl_westus2_private_ip)`,
      diagnosis: { code: 'WRONG_REGION_IP' },
    });
    expect(byTarget(run)).toMatchObject({ [`${regionalHosts('eastus2').srvHost} private-ip`]: 'pass', [`${west.srvHost} tcp`]: 'skip' });
  });

  it('fails when the second region\'s SRV string does not resolve', async () => {
    const dns = await dnsFor(IP, 'westus2');
    const run = await verify(dns);
    expect(run.code).toBe(1);
    expect(byTarget(run)).toMatchObject({ [`${regionalHosts('eastus2').srvHost} dns-srv`]: 'pass', [`${regionalHosts('westus2').srvHost} dns-srv`]: 'fail' });
  });

  it('prints a heading per SRV host in the human report', async () => {
    const dns = await dnsFor(IP);
    const run = await runVerifier(['--outputs', outputs, '--dns-server', dns.server, '--allow-loopback', '--timeout', '2000', '--skip-crud']);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(`atlas-pl-verify ${REGIONS.map((r) => `mongodb+srv://${regionalHosts(r).srvHost}`).join(', ')}`);
    expect(lines.filter((l) => l.startsWith('--- '))).toEqual(REGIONS.map((r) => `--- mongodb+srv://${regionalHosts(r).srvHost}`));
    expect(lines.at(-1)).toMatch(/^OK: 11 passed, 0 failed, 2 skipped in \d+ ms$/);
  });
});
