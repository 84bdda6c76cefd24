/**
 * Each host is checked against ITS OWN endpoint (issue 15 item 1, issue 14): endpoints with any
 * key, two endpoints in one region, a multi-region replica set whose one SRV string spans the
 * hosts of several regions, and the self-describing `<prefix>_<key>_endpoint` object outputs.
 * A real DNS server (dns2) answers on loopback, TCP listeners stand in for the endpoints
 * (127.0.0.3, 127.0.0.4), the verifier runs as a child process.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { startDnsServer, type RunningDnsServer, type ZoneRecord } from '../harness/dns-server';
import { listenOn } from '../../rehearse/ports';
import { runVerifier, type VerifierRun } from '../harness/run-verifier';
import { makeTmpDir } from '../harness/tmp';
import { TXT_VALUE } from '../harness/zones';

const A = '127.0.0.3';
const B = '127.0.0.4';
const HASH = 'abc12.mongodb.net';
const tmp = makeTmpDir('verify-endpoints');
const cleanups: Array<() => Promise<void> | void> = [];
const ports: Record<string, number> = {};

beforeAll(async () => {
  for (const ip of [A, B]) {
    const listener = await listenOn(ip);
    ports[ip] = listener.port;
    cleanups.push(() => listener.close());
  }
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  tmp.remove();
});

/** SRV host -> [target host, address it answers]; one port per target (the listener of that address). */
async function dnsFor(srv: Record<string, Array<[string, string]>>): Promise<RunningDnsServer> {
  const records: ZoneRecord[] = Object.entries(srv).flatMap(([srvHost, targets]) => [
    ...targets.map(([target, ip]) => ({ name: `_mongodb._tcp.${srvHost}.${HASH}`, type: 'SRV' as const, port: ports[ip] ?? ports[A], target: `${target}.${HASH}` })),
    { name: `${srvHost}.${HASH}`, type: 'TXT' as const, data: TXT_VALUE },
    ...targets.map(([target, ip]) => ({ name: `${target}.${HASH}`, type: 'A' as const, address: ip })),
  ]);
  const server = await startDnsServer({ records });
  cleanups.push(() => server.close());
  return server;
}

let files = 0;
function outputs(values: Record<string, unknown>, shape: 'cdktf' | 'terraform' = 'cdktf'): string {
  const file = join(tmp.path, `outputs-${++files}.json`);
  const body = shape === 'cdktf' ? { 'atlas-app': values } : Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, type: 'string', sensitive: false }]));
  writeFileSync(file, JSON.stringify(body));
  return file;
}

/** Flat outputs of one endpoint: <prefix>_<key>_private_ip and _srv_connection_string. */
const flat = (key: string, ip: string, srvHost?: string, prefix = 'atlas_pl'): Record<string, string> => ({
  [`${prefix}_${key}_private_ip`]: ip,
  ...(srvHost !== undefined ? { [`${prefix}_${key}_srv_connection_string`]: srvHost === '' ? '' : `mongodb+srv://${srvHost}.${HASH}` } : {}),
});

/** The self-describing object output of one endpoint (CONTRACT-outputs.md). */
const object = (key: string, region: string, ip: string, srvHost: string, hosts: string[], prefix = 'atlas_pl'): Record<string, unknown> => ({
  [`${prefix}_${key}_endpoint`]: {
    kind: 'atlas-azure-private-link-endpoint',
    key,
    region,
    private_ip: ip,
    private_endpoint_id: `/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-${key}`,
    srv_connection_string: srvHost ? `mongodb+srv://${srvHost}.${HASH}` : '',
    hosts: hosts.map((h) => `${h}.${HASH}`),
  },
});

const verify = (dns: RunningDnsServer, file: string, ...more: string[]): Promise<VerifierRun> =>
  runVerifier(['--outputs', file, '--dns-server', dns.server, '--allow-loopback', '--timeout', '2000', '--skip-crud', '--json', ...more]);

const privateIp = (run: VerifierRun, srvHost?: string) =>
  run.report?.checks.find((c) => c.id === 'private-ip' && (srvHost === undefined || c.target === `mongodb+srv://${srvHost}.${HASH}`));

describe('flat outputs: each host against its own endpoint', () => {
  it('fails a wrong IP for an endpoint with a custom key ("prod")', async () => {
    const dns = await dnsFor({ 'cluster0-pl-0': [['pl-0-eastus2', B]] });
    const run = await verify(dns, outputs(flat('prod', A, 'cluster0-pl-0')));
    expect(run.code).toBe(1);
    expect(privateIp(run)).toMatchObject({ status: 'fail', message: `pl-0-eastus2.${HASH} -> ${B}; expected ${A} (atlas_pl_prod_private_ip)`, diagnosis: { code: 'WRONG_PRIVATE_IP' } });
  });

  it('passes a correct endpoint with a custom key and a prefix that holds "_"', async () => {
    const dns = await dnsFor({ 'cluster0-pl-0': [['pl-0-eastus2', A]] });
    const run = await verify(dns, outputs(flat('prod_east', A, 'cluster0-pl-0', 'my_net')));
    expect(run.code).toBe(0);
    expect(privateIp(run)).toMatchObject({ status: 'pass', message: `every answer is its endpoint's IP (pl-0-eastus2.${HASH} -> ${A}, my_net_prod_east)` });
  });

  it("fails a region's second endpoint host that answers the first endpoint's IP", async () => {
    const dns = await dnsFor({ 'cluster0-pl-0': [['pl-0-eastus2', A]], 'cluster0-pl-1': [['pl-1-eastus2', A]] });
    const run = await verify(dns, outputs({ ...flat('eastus2', A, 'cluster0-pl-0'), ...flat('eastus2_2', B, 'cluster0-pl-1') }));
    expect(run.code).toBe(1);
    expect(privateIp(run, 'cluster0-pl-0')?.status).toBe('pass');
    expect(privateIp(run, 'cluster0-pl-1')).toMatchObject({
      status: 'fail',
      message: `pl-1-eastus2.${HASH} -> ${A}, the IP of endpoint atlas_pl_eastus2 (atlas_pl_eastus2_private_ip); expected ${B} (atlas_pl_eastus2_2_private_ip)`,
      diagnosis: { code: 'WRONG_ENDPOINT_IP' },
    });
  });

  it('passes two correct endpoints in one region (the shared-service case)', async () => {
    const dns = await dnsFor({ 'cluster0-pl-0': [['pl-0-eastus2', A]], 'cluster0-pl-1': [['pl-1-eastus2', B]] });
    const run = await verify(dns, outputs({ ...flat('eastus2', A, 'cluster0-pl-0'), ...flat('eastus2_2', B, 'cluster0-pl-1') }));
    expect(run.code).toBe(0);
    expect(privateIp(run, 'cluster0-pl-1')?.message).toBe(`every answer is its endpoint's IP (pl-1-eastus2.${HASH} -> ${B}, atlas_pl_eastus2_2)`);
  });

  it('passes regional mode where one endpoint has a custom key (two-endpoints.json with a key)', async () => {
    const dns = await dnsFor({ 'cluster0-pl-0-eastus2': [['pl-0-eastus2', A]], 'cluster0-pl-0-westus2': [['pl-0-westus2', B]] });
    const run = await verify(dns, outputs({ ...flat('eastus2', A, 'cluster0-pl-0-eastus2'), ...flat('dr', B, 'cluster0-pl-0-westus2') }));
    expect(run.code).toBe(0);
  });
});

describe('multi-region replica set: one SRV string spans the hosts of every region', () => {
  const string = { 'cluster0-pl-0': [['pl-0-eastus2', A], ['pl-0-westus2', B]] as Array<[string, string]> };
  const both = { ...flat('eastus2', A, 'cluster0-pl-0'), ...flat('westus2', B, 'cluster0-pl-0') };

  it('checks every host of the string, each against its own region\'s endpoint', async () => {
    const dns = await dnsFor(string);
    const run = await verify(dns, outputs(both));
    expect(run.code).toBe(0);
    expect(privateIp(run)?.message).toBe(`every answer is its endpoint's IP (pl-0-eastus2.${HASH} -> ${A}, atlas_pl_eastus2; pl-0-westus2.${HASH} -> ${B}, atlas_pl_westus2)`);
    expect(dns.queries).toEqual(expect.arrayContaining([{ name: `pl-0-eastus2.${HASH}`, type: 'A' }, { name: `pl-0-westus2.${HASH}`, type: 'A' }]));
  });

  it("fails a region's host that answers the other region's endpoint IP", async () => {
    const dns = await dnsFor({ 'cluster0-pl-0': [['pl-0-eastus2', A], ['pl-0-westus2', A]] });
    const run = await verify(dns, outputs(both));
    expect(run.code).toBe(1);
    expect(privateIp(run)).toMatchObject({ status: 'fail', diagnosis: { code: 'WRONG_REGION_IP' } });
    expect(privateIp(run)?.message).toBe(`pl-0-westus2.${HASH} -> ${A}, the IP of endpoint atlas_pl_eastus2 (atlas_pl_eastus2_private_ip); expected ${B} (atlas_pl_westus2_private_ip)`);
  });

  it('says clearly when a host belongs to no endpoint the outputs describe', async () => {
    const dns = await dnsFor(string);
    const run = await verify(dns, outputs(flat('eastus2', A, 'cluster0-pl-0')));
    expect(run.code).toBe(1);
    expect(privateIp(run)).toMatchObject({
      status: 'fail',
      message: `pl-0-westus2.${HASH} -> ${B}: no endpoint of the outputs serves this host (outputs describe atlas_pl_eastus2)`,
      diagnosis: { code: 'HOST_NOT_IN_OUTPUTS' },
    });
    // --expect-ip names the endpoint the outputs do not describe.
    const withIp = await verify(dns, outputs(flat('eastus2', A, 'cluster0-pl-0')), '--expect-ip', B);
    expect(withIp.code).toBe(0);
  });
});

describe('self-describing <prefix>_<key>_endpoint outputs', () => {
  it.each(['cdktf', 'terraform'] as const)('reads the object in the %s shape and checks every listed host', async (shape) => {
    const dns = await dnsFor({ 'cluster0-pl-0': [['pl-0-eastus2', A], ['pl-0-westus2', B]] });
    const values = { ...object('prod', 'eastus2', A, 'cluster0-pl-0', ['pl-0-eastus2']), ...object('dr', 'westus2', B, 'cluster0-pl-0', ['pl-0-westus2']) };
    const run = await verify(dns, outputs(values, shape));
    expect(run.code).toBe(0);
    expect(privateIp(run)?.message).toBe(`every answer is its endpoint's IP (pl-0-eastus2.${HASH} -> ${A}, atlas_pl_prod; pl-0-westus2.${HASH} -> ${B}, atlas_pl_dr)`);
  });

  it('fails a listed host that answers another endpoint\'s IP, naming the object field', async () => {
    const dns = await dnsFor({ 'cluster0-pl-0': [['pl-0-eastus2', B], ['pl-0-westus2', B]] });
    const values = { ...object('prod', 'eastus2', A, 'cluster0-pl-0', ['pl-0-eastus2']), ...object('dr', 'westus2', B, 'cluster0-pl-0', ['pl-0-westus2']) };
    const run = await verify(dns, outputs(values));
    expect(run.code).toBe(1);
    expect(privateIp(run)).toMatchObject({
      message: `pl-0-eastus2.${HASH} -> ${B}, the IP of endpoint atlas_pl_dr (atlas_pl_dr_endpoint.private_ip); expected ${A} (atlas_pl_prod_endpoint.private_ip)`,
      diagnosis: { code: 'WRONG_REGION_IP' },
    });
  });

  it('resolves a listed host the SRV answer does not name', async () => {
    const dns = await dnsFor({ 'cluster0-pl-0': [['pl-0-eastus2', A]] });
    // --azure-resolver: the loopback test server stands for Azure DNS, so no custom-DNS finding.
    const run = await verify(dns, outputs(object('prod', 'eastus2', A, 'cluster0-pl-0', ['pl-0-eastus2', 'pl-9-eastus2'])), '--azure-resolver');
    expect(run.code).toBe(1);
    expect(run.report?.checks.find((c) => c.id === 'dns-a')).toMatchObject({ status: 'fail', message: `pl-9-eastus2.${HASH}: ENOTFOUND`, diagnosis: { code: 'A_NXDOMAIN' } });
  });

  it('reports an empty SRV string as not published yet, not as a missing --uri', async () => {
    const dns = await dnsFor({});
    const run = await verify(dns, outputs(object('prod', 'eastus2', A, '', [])));
    expect(run.code).toBe(1);
    expect(run.report?.checks).toEqual([
      expect.objectContaining({ id: 'control-plane', status: 'fail', message: 'atlas_pl_prod_endpoint.srv_connection_string is empty', diagnosis: expect.objectContaining({ code: 'SRV_NOT_PUBLISHED' }) }),
    ]);
    const flatRun = await verify(dns, outputs(flat('eastus2', A, '')));
    expect(flatRun.report?.checks[0]).toMatchObject({ status: 'fail', message: 'atlas_pl_eastus2_srv_connection_string is empty', diagnosis: { code: 'SRV_NOT_PUBLISHED' } });
  });
});
