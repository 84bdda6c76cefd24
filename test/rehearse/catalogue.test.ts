/**
 * The fault catalogue without root: the generated troubleshooting section, the code anchors every
 * diagnosis points at, the staging of each scenario as data (what differs from the healthy world),
 * the judge of a scenario's outcome, the --scenario flag, and the verifier's new diagnoses.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseArgs, UsageError } from '../../rehearse/args';
import { CATALOGUE, FAULT_NAMES } from '../../rehearse/catalogue';
import { renderTroubleshooting } from '../../rehearse/catalogue-doc';
import { judge } from '../../rehearse/scenarios/run-catalogue';
import { worldWithReported } from '../../rehearse/scenarios/refresh';
import { nftRuleset } from '../../rehearse/scenarios/stager';
import { healthyWorld, staleIp, STAGING, worldFor, type Base } from '../../rehearse/scenarios/world';
import type { Estate } from '../../rehearse/state';
import { diagnose, diagnosisCatalogue, seeFor } from '../../verify/diagnoses';
import { checkControlPlane } from '../../verify/probes/control-plane';
import { sharpenPublicIp } from '../../verify/probes/connection-string';
import { zoneNotLinkedEvidence } from '../../verify/probes/resolver-identity';
import { fail, pass, type Report } from '../../verify/types';

const ROOT = join(__dirname, '..', '..');
const page = readFileSync(join(ROOT, 'docs', 'troubleshooting.md'), 'utf8');

const estate: Estate = {
  endpoints: [{ id: '/sub/pe-eastus2', key: 'eastus2', ip: '10.20.1.4' }],
  published: [
    {
      endpointId: '/sub/pe-eastus2',
      srvHost: 'cluster0-pl-0.abc12.mongodb.net',
      targets: [1024, 1025, 1026].map((port) => ({ host: 'pl-0-eastus2.abc12.mongodb.net', port })),
      txt: 'authSource=admin&replicaSet=atlas-x7k2qp-shard-0',
      replicaSet: 'atlas-x7k2qp-shard-0',
    },
  ],
  privateZones: [{ name: 'pl-0-eastus2.abc12.mongodb.net', records: [{ name: 'pl-0-eastus2.abc12.mongodb.net', type: 'A', address: '10.20.1.4' }] }],
};
const outputs = {
  atlas_pl_eastus2_atlas_status: { value: 'AVAILABLE' },
  atlas_pl_eastus2_srv_connection_string: { value: 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net' },
  atlas_pl_eastus2_private_ip: { value: '10.20.1.4' },
};
const base: Base = {
  estate,
  outputs,
  user: 'rehearse',
  password: 'pw-of-this-run',
  standard: { srvHost: 'cluster0.abc12.mongodb.net', hosts: [0, 1, 2].map((i) => ({ host: `cluster0-shard-00-0${i}.abc12.mongodb.net`, port: 27017 })), txt: 'authSource=admin&replicaSet=atlas-x7k2qp-shard-0' },
};

describe('the catalogue and its page', () => {
  test('docs/troubleshooting.md is what rehearse/catalogue.ts generates (else run npm run docs:catalogue)', () => {
    expect(renderTroubleshooting(page)).toBe(page);
  });

  test('the page lists every scenario with the symptom, the code (linked to its row) and the fix', () => {
    for (const f of CATALOGUE) {
      const row = page.split('\n').find((line) => line.includes(`| \`${f.name}\` |`));
      expect({ name: f.name, row: row !== undefined }).toEqual({ name: f.name, row: true });
      expect(row).toContain(`[\`${f.expected}\`](#${seeFor(f.expected).split('#')[1]})`);
      expect(row).toContain(f.client === 'works' ? f.appSees.replace(/\|/g, '\\|') : `\`${f.appSees}\``);
    }
  });

  test('every diagnosis points at an anchor that exists on the page', () => {
    for (const { code } of diagnosisCatalogue()) {
      const see = diagnose(code).see!;
      expect(see).toBe(seeFor(code));
      expect({ code, anchored: page.includes(`<a id="${see.split('#')[1]}"></a>`) }).toEqual({ code, anchored: true });
    }
  });

  test('each scenario expects a code the verifier defines, and has staging', () => {
    const codes = new Set(diagnosisCatalogue().map((d) => d.code));
    for (const f of CATALOGUE) {
      expect({ name: f.name, known: codes.has(f.expected), staged: typeof STAGING[f.name] === 'function' }).toEqual({ name: f.name, known: true, staged: true });
    }
    expect(new Set(FAULT_NAMES).size).toBe(FAULT_NAMES.length);
  });
});

describe('staging as data: each scenario changes only what it must', () => {
  const healthy = healthyWorld(base);
  const differs = (name: string): string[] => {
    const w = worldFor(name, base);
    return (['zones', 'drops', 'down', 'cert', 'outputs', 'reported', 'uri'] as const).filter((k) => JSON.stringify(w[k]) !== JSON.stringify(healthy[k]));
  };

  test.each([
    ['shadowed', ['zones']],
    ['no-public-dns', ['zones']],
    ['stale-a-record', ['zones']],
    ['txt-missing', ['zones']],
    ['dns-down', ['zones']],
    ['zone-not-linked', ['zones']],
    ['public-connection-string', ['uri']],
    ['wrong-password', ['uri']],
    ['ports-blocked', ['drops']],
    ['endpoint-pending', ['drops', 'reported']],
    ['endpoint-rejected', ['drops', 'reported']],
    ['member-down', ['down']],
    ['tls-inspection', ['cert']],
  ])('%s changes %j', (name, keys) => {
    expect(differs(name)).toEqual(keys);
  });

  test('the healthy public view also answers the standard string, with public addresses', () => {
    const root = healthy.zones!.find((z) => z.name === '.')!;
    expect(root.records).toContainEqual({ name: '_mongodb._tcp.cluster0.abc12.mongodb.net', type: 'SRV', port: 27017, target: 'cluster0-shard-00-00.abc12.mongodb.net' });
    expect(root.records).toContainEqual({ name: 'cluster0-shard-00-00.abc12.mongodb.net', type: 'A', address: '20.62.13.10' });
  });

  test('stale-a-record: an exact-host zone with an address of the subnet that no endpoint holds', () => {
    expect(staleIp(base)).toBe('10.20.1.5');
    const zones = worldFor('stale-a-record', base).zones!;
    expect(zones.filter((z) => z.name === 'pl-0-eastus2.abc12.mongodb.net')).toEqual([
      { name: 'pl-0-eastus2.abc12.mongodb.net', origin: 'hand-made', records: [{ name: 'pl-0-eastus2.abc12.mongodb.net', type: 'A', address: '10.20.1.5' }] },
    ]);
  });

  test('txt-missing: the hand-made zone has SRV and A, no TXT', () => {
    const zone = worldFor('txt-missing', base).zones!.find((z) => z.name === 'abc12.mongodb.net')!;
    expect(new Set(zone.records.map((r) => r.type))).toEqual(new Set(['SRV', 'A']));
  });

  test('zone-not-linked: no private zone, and the public view has no A record for the endpoint host', () => {
    const zones = worldFor('zone-not-linked', base).zones!;
    expect(zones.map((z) => z.name)).toEqual(['.']);
    expect(zones[0].records.some((r) => r.type === 'A' && r.name === 'pl-0-eastus2.abc12.mongodb.net')).toBe(false);
  });

  test('endpoint-pending / endpoint-rejected: the statuses for the first endpoint go to the replay world, the outputs stay the engine\'s, the ports dropped', () => {
    const reported = {
      // Atlas has not accepted the registration, so Azure's connection still waits for approval.
      'endpoint-pending': { registrations: { '/sub/pe-eastus2': 'INITIATING' }, connections: { '/sub/pe-eastus2': 'Pending' } },
      // Azure's connection rejected; Atlas' registration is left as it was (docs silent, model §M7.3).
      'endpoint-rejected': { connections: { '/sub/pe-eastus2': 'Rejected' } },
    };
    for (const [name, expected] of Object.entries(reported)) {
      const w = worldFor(name, base);
      expect(w.reported).toEqual(expected);
      // Not edited by hand: the stager reads them from a refresh under these statuses.
      expect(w.outputs).toBe(base.outputs);
      expect(w.drops).toEqual([{ ip: '10.20.1.4', ports: [1024, 1025, 1026] }]);
    }
    expect(nftRuleset(worldFor('endpoint-pending', base).drops)).toContain('ip daddr 10.20.1.4 tcp dport { 1024, 1025, 1026 } drop');
  });

  test('the refresh\'s world file: the run\'s world with atlas.registrations and azure.privateEndpointConnections added, the rest untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'world-'));
    try {
      const file = join(dir, 'world.json');
      writeFileSync(file, JSON.stringify({ _about: 'x', atlas: { clusters: { cluster0: { hash: 'abc12' } }, registrations: { other: { status: 'AVAILABLE' } } }, azure: { subnets: {} } }));
      expect(JSON.parse(worldWithReported(file, { registrations: { '/sub/pe-eastus2': 'INITIATING' }, connections: { '/sub/pe-eastus2': 'Pending' } }))).toEqual({
        _about: 'x',
        atlas: { clusters: { cluster0: { hash: 'abc12' } }, registrations: { other: { status: 'AVAILABLE' }, '/sub/pe-eastus2': { status: 'INITIATING' } } },
        azure: { subnets: {}, privateEndpointConnections: { '/sub/pe-eastus2': { status: 'Pending' } } },
      });
      // Only Azure's side: Atlas' section stays as it was.
      expect(JSON.parse(worldWithReported(file, { connections: { '/sub/pe-eastus2': 'Rejected' } }))).toEqual({
        _about: 'x',
        atlas: { clusters: { cluster0: { hash: 'abc12' } }, registrations: { other: { status: 'AVAILABLE' } } },
        azure: { subnets: {}, privateEndpointConnections: { '/sub/pe-eastus2': { status: 'Rejected' } } },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('wrong-password: another password, redacted like the run\'s own; member-down: the last port', () => {
    const w = worldFor('wrong-password', base);
    expect(w.uri).not.toContain(base.password);
    expect(w.secrets).toHaveLength(2);
    expect(w.uri).toContain(encodeURIComponent(w.secrets[1]));
    expect(worldFor('member-down', base).down).toEqual([1026]);
  });

  test('public-connection-string without a standard string in the state is an error, not a guess', () => {
    expect(() => worldFor('public-connection-string', { ...base, standard: undefined })).toThrow(/no standard SRV string/);
  });
});

describe('judge: the verifier must name the cause and the client must behave as an app', () => {
  const fault = CATALOGUE.find((f) => f.name === 'ports-blocked')!;
  const report = (code: 'TCP_TIMEOUT' | 'TCP_REFUSED', message: string): Report => ({
    ok: false,
    target: 'x',
    targets: ['x'],
    durationMs: 1,
    checks: [
      { id: 'dns-srv', status: 'pass', message: 'ok', durationMs: 1 },
      { id: 'tcp', status: 'fail', message, diagnosis: diagnose(code), durationMs: 1 },
    ],
  });
  const failedClient = { expected: 'fails' as const, code: 1, timedOut: false, output: 'app: MongoServerSelectionError: Server selection timed out after 5000 ms' };
  const timeout = '0/3 reachable; pl-0-eastus2.abc12.mongodb.net:1024 (10.20.1.4:1024): no answer within 3000 ms';

  test('as expected', () => {
    expect(judge(fault, report('TCP_TIMEOUT', timeout), failedClient, true).why).toEqual([]);
  });
  test('another code, missing evidence, a client that worked, another error: each is named', () => {
    expect(judge(fault, report('TCP_REFUSED', timeout), failedClient, true).why[0]).toMatch(/said TCP_REFUSED \(tcp\), expected TCP_TIMEOUT \(tcp\)/);
    expect(judge(fault, report('TCP_TIMEOUT', 'timed out'), failedClient, true).why[0]).toMatch(/does not name the evidence/);
    expect(judge(fault, report('TCP_TIMEOUT', timeout), { ...failedClient, code: 0 }, true).why).toContain('the client worked, expected it to fail');
    expect(judge(fault, report('TCP_TIMEOUT', timeout), { ...failedClient, output: 'app: Error: x' }, true).why[0]).toMatch(/does not match/);
    expect(judge(fault, report('TCP_TIMEOUT', timeout), { ...failedClient, output: 'my own app failed' }, false).why).toEqual([]);
    expect(judge(fault, undefined, failedClient, true).why[0]).toBe('the verifier gave no report');
  });
});

describe('--scenario', () => {
  const parse = (...argv: string[]) => parseArgs(argv, ROOT, ROOT);
  test('all: every fault, on the catalogue path; a DNS scenario stays on its own path', () => {
    expect(parse('--scenario', 'all')).toMatchObject({ kind: 'run', options: { scenario: 'default', faults: FAULT_NAMES } });
    expect(parse('--scenario', 'dns-down')).toMatchObject({ kind: 'run', options: { faults: ['dns-down'] } });
    const shadowed = parse('--scenario', 'shadowed');
    expect(shadowed).toMatchObject({ kind: 'run', options: { scenario: 'shadowed' } });
    expect((shadowed as { options: { faults?: unknown } }).options.faults).toBeUndefined();
  });
  test('an unknown name lists the choices; --keep is refused with a fault', () => {
    expect(() => parse('--scenario', 'nope')).toThrow(UsageError);
    expect(() => parse('--scenario', 'nope')).toThrow(/^--scenario: expected one of default, no-public-dns, shadowed, custom-dns, custom-dns-not-forwarding, stale-a-record, .*, tls-inspection, all, got "nope"$/);
    expect(() => parse('--scenario', 'all', '--keep')).toThrow(/--keep: not with --scenario all/);
  });
});

describe('the verifier\'s new diagnoses, with their evidence', () => {
  const endpoint = { stem: 'atlas_pl_eastus2', region: 'eastus2', privateIp: '10.20.1.4', privateIpSource: 'atlas_pl_eastus2_private_ip', srvConnectionString: 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net', srvSource: 'atlas_pl_eastus2_srv_connection_string' };

  test("Azure's connection Rejected or Disconnected is ENDPOINT_REJECTED, naming the output; Pending and INITIATING stay ATLAS_NOT_AVAILABLE; Atlas REJECTED is no longer read as a rejection", () => {
    const seen = { connectionSource: 'atlas_pl_eastus2_endpoint.connection_status' };
    const rejected = checkControlPlane([{ ...endpoint, ...seen, connectionStatus: 'Rejected', atlasStatus: 'AVAILABLE', linkStatus: 'AVAILABLE' }], 'o.json');
    expect(rejected).toMatchObject({ status: 'fail', message: 'atlas_pl_eastus2_endpoint.connection_status=Rejected', diagnosis: { code: 'ENDPOINT_REJECTED' } });
    expect(checkControlPlane([{ ...endpoint, ...seen, connectionStatus: 'disconnected' }], 'o.json')).toMatchObject({ diagnosis: { code: 'ENDPOINT_REJECTED' } });
    expect(checkControlPlane([{ ...endpoint, ...seen, connectionStatus: 'Pending', atlasStatus: 'INITIATING' }], 'o.json')).toMatchObject({ diagnosis: { code: 'ATLAS_NOT_AVAILABLE' } });
    expect(checkControlPlane([{ ...endpoint, ...seen, connectionStatus: 'Approved', atlasStatus: 'REJECTED' }], 'o.json')).toMatchObject({ diagnosis: { code: 'ATLAS_NOT_AVAILABLE' } });
  });

  test('PUBLIC_IP on the standard host with a private string of the same cluster is PUBLIC_CONNECTION_STRING', () => {
    const publicIp = fail('not a private address: cluster0-shard-00-00.abc12.mongodb.net -> 20.62.13.10', diagnose('PUBLIC_IP'));
    const sharp = sharpenPublicIp(publicIp, 'cluster0.abc12.mongodb.net', [endpoint]);
    expect(sharp).toMatchObject({ status: 'fail', diagnosis: { code: 'PUBLIC_CONNECTION_STRING' } });
    expect(sharp.message).toContain("cluster0.abc12.mongodb.net is the cluster's standard host");
    expect(sharp.message).toContain('private-endpoint string is mongodb+srv://cluster0-pl-0.abc12.mongodb.net');
    // The private host with a public answer is DNS, not the string; another cluster's outputs prove nothing.
    expect(sharpenPublicIp(publicIp, 'cluster0-pl-0.abc12.mongodb.net', [endpoint])).toBe(publicIp);
    expect(sharpenPublicIp(publicIp, 'cluster0.zzz99.mongodb.net', [endpoint])).toBe(publicIp);
    expect(sharpenPublicIp(pass('ok'), 'cluster0.abc12.mongodb.net', [endpoint])).toEqual(pass('ok'));
  });

  test('PRIVATE_ZONE_NOT_LINKED only through Azure DNS, when SRV answered and none of the hosts the outputs list resolves', () => {
    const targets = [{ name: 'pl-0-eastus2.abc12.mongodb.net', port: 1024 }];
    const missing = ['pl-0-eastus2.abc12.mongodb.net'];
    const listed = (name: string): boolean => missing.includes(name);
    expect(zoneNotLinkedEvidence(['127.0.0.1'], true, 'cluster0-pl-0.abc12.mongodb.net', targets, missing, listed, [])).toMatch(/an endpoint host by the outputs, is NXDOMAIN through Azure DNS \(127\.0\.0\.1\), which answered the SRV query/);
    expect(zoneNotLinkedEvidence(['168.63.129.16'], false, 'c', targets, missing, listed, [])).toBeDefined();
    // Not Azure DNS: the custom-DNS trap's business. No SRV answer, no outputs, or a listed host that resolves (a record is missing, the link is there): A_NXDOMAIN.
    expect(zoneNotLinkedEvidence(['10.0.0.4'], false, 'c', targets, missing, listed, [], () => undefined)).toBeUndefined();
    expect(zoneNotLinkedEvidence(['127.0.0.1'], true, 'c', [], missing, listed, [])).toBeUndefined();
    expect(zoneNotLinkedEvidence(['127.0.0.1'], true, 'c', targets, missing, () => false, [])).toBeUndefined();
    expect(zoneNotLinkedEvidence(['127.0.0.1'], true, 'c', targets, ['pl-9-eastus2.abc12.mongodb.net'], () => true, ['pl-0-eastus2.abc12.mongodb.net'])).toBeUndefined();
  });
});
