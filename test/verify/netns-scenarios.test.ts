/**
 * Scenarios whose DNS answers name non-loopback addresses (a public IP, another private IP).
 * The DNS server and the verifier run inside a fresh network namespace that has only a
 * loopback interface, so even a faulty verifier could not send a packet to those addresses.
 */
import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import { join } from 'path';
import { createNetns, interfacesIn, type Netns } from '../../rehearse/netns';
import { ChildSet, firstLine } from '../../rehearse/processes';
import { check, REPO_ROOT, runVerifier, statuses } from '../harness/run-verifier';
import { makeTmpDir } from '../harness/tmp';
import { atlasZone, regionalHosts, SRV_HOST } from '../harness/zones';
import type { Zone } from '../harness/dns-server';

const tmp = makeTmpDir('verify-netns');
const children = new ChildSet();
const namespaces: Netns[] = [];

function netnsAvailable(): boolean {
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
}

// Creating namespaces needs root and iproute2; CI runs as root, so there it must work.
const describeNetns = netnsAvailable() || process.env.CI === 'true' ? describe : describe.skip;

afterAll(async () => {
  await children.stopAll();
  namespaces.forEach((ns) => ns.remove());
  tmp.remove();
});

/** A namespace with a DNS server (child process) serving the zone on its own 127.0.0.1. */
async function namespaceWithDns(zone: Zone, name: string): Promise<{ ns: Netns; dnsServer: string }> {
  const ns = createNetns();
  namespaces.push(ns);
  expect(interfacesIn(ns)).toEqual(['lo']);
  const zoneFile = join(tmp.path, `${name}.zone.json`);
  writeFileSync(zoneFile, JSON.stringify(zone));
  const child = children.spawn(ns.exec[0], [...ns.exec.slice(1), process.execPath, '-r', join(REPO_ROOT, 'test/harness/ts-register.js'), join(REPO_ROOT, 'test/harness/dns-server.ts'), zoneFile, '127.0.0.1']);
  const { port } = JSON.parse(await firstLine(child)) as { port: number };
  return { ns, dnsServer: `127.0.0.1:${port}` };
}

describeNetns('verifier in a loopback-only network namespace', () => {
  it('diagnoses an A answer that is a public IP and connects nowhere', async () => {
    const { ns, dnsServer } = await namespaceWithDns(atlasZone({ ports: [1024, 1025, 1026], address: '20.62.13.7' }), 'public');
    const run = await runVerifier(['--uri', `mongodb+srv://${SRV_HOST}`, '--dns-server', dnsServer, '--timeout', '2000', '--json'], { netnsExec: ns.exec });
    expect(run.code).toBe(1);
    expect(statuses(run)).toEqual({ 'control-plane': 'skip', 'dns-srv': 'pass', 'dns-txt': 'pass', 'dns-a': 'pass', 'private-ip': 'fail', tcp: 'skip', crud: 'skip' });
    expect(check(run, 'private-ip').diagnosis?.code).toBe('PUBLIC_IP');
    expect(check(run, 'private-ip').message).toBe('not a private address: pl-0-eastus2.abc12.mongodb.net -> 20.62.13.7');
    expect(check(run, 'tcp').message).toBe('skipped: private-ip failed');
  });

  it('refuses a public --expect-ip, so a public answer cannot pass and nothing connects to it', async () => {
    const { ns, dnsServer } = await namespaceWithDns(atlasZone({ ports: [1024, 1025, 1026], address: '20.62.13.7' }), 'public-expected');
    const run = await runVerifier(['--uri', `mongodb+srv://${SRV_HOST}`, '--dns-server', dnsServer, '--expect-ip', '20.62.13.7', '--timeout', '2000', '--json'], { netnsExec: ns.exec });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^atlas-pl-verify: --expect-ip: "20\.62\.13\.7" is not a private address;/);
  });

  it('diagnoses a region\'s host answering another region\'s endpoint IP, with the real private addresses', async () => {
    const zone = { records: (['eastus2', 'westus2'] as const).flatMap((r) => atlasZone({ ...regionalHosts(r), ports: [1024], address: '10.20.1.4' }).records) };
    const { ns, dnsServer } = await namespaceWithDns(zone, 'cross-region');
    const outputs = join(tmp.path, 'cross-region-outputs.json');
    writeFileSync(outputs, JSON.stringify({ atlas_pl_eastus2_private_ip: '10.20.1.4', atlas_pl_westus2_private_ip: '10.30.1.4' }));
    const uri = `mongodb+srv://${regionalHosts('westus2').srvHost}`;
    const run = await runVerifier(['--uri', uri, '--outputs', outputs, '--dns-server', dnsServer, '--timeout', '2000', '--json'], { netnsExec: ns.exec });
    expect(run.code).toBe(1);
    expect(check(run, 'private-ip')).toMatchObject({
      status: 'fail',
      message: 'pl-0-westus2.abc12.mongodb.net -> 10.20.1.4, the IP of endpoint atlas_pl_eastus2 (atlas_pl_eastus2_private_ip); expected 10.30.1.4 (atlas_pl_westus2_private_ip)',
      diagnosis: { code: 'WRONG_REGION_IP' },
    });
    expect(statuses(run)).toMatchObject({ tcp: 'skip', crud: 'skip' });
  });

  it('diagnoses a private IP that is not the endpoint\'s (stale record or another endpoint)', async () => {
    const { ns, dnsServer } = await namespaceWithDns(atlasZone({ ports: [1024, 1025, 1026], address: '10.20.1.9' }), 'wrong-private');
    const run = await runVerifier(['--uri', `mongodb+srv://${SRV_HOST}`, '--dns-server', dnsServer, '--expect-ip', '10.20.1.4', '--timeout', '2000', '--json'], { netnsExec: ns.exec });
    expect(run.code).toBe(1);
    expect(check(run, 'private-ip').diagnosis?.code).toBe('WRONG_PRIVATE_IP');
    expect(check(run, 'private-ip').message).toBe('pl-0-eastus2.abc12.mongodb.net -> 10.20.1.9; expected 10.20.1.4 (--expect-ip)');
    expect(statuses(run)).toMatchObject({ tcp: 'skip', crud: 'skip' });
  });
});
