/** Pure parts of the verifier: flags, URIs, outputs files, IP ranges, redaction. */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Writable } from 'stream';
import { parseArgs, parseDnsServer } from '../../verify/args';
import { main } from '../../verify/cli';
import { diagnosisCatalogue } from '../../verify/diagnoses';
import { isPrivateIp, whyNotEndpointIp } from '../../verify/ip';
import { checkPrivateIpv4 } from '../../lib/azure-validation';
import { checkControlPlane } from '../../verify/probes/control-plane';
import { checkPrivateIps, type IpExpectations } from '../../verify/probes/private-ip';
import type { Sink } from '../../verify/report';
import { UsageError } from '../../verify/usage-error';
import { endpointsFromOutputs } from '../../verify/outputs';
import { parsePlHost, parseSrvHost, srvHostOf } from '../../verify/endpoint-match';
import { parseSrvUri, passwordsIn, redactSecrets } from '../../verify/uri';
import { makeTmpDir } from '../harness/tmp';

const tmp = makeTmpDir('verify-units');
const dir = tmp.path;
afterAll(() => tmp.remove());
const URI = 'mongodb+srv://app:s3cr%40t@cluster0-pl-0.abc12.mongodb.net/?retryWrites=true';

const usageMessage = (argv: string[], env: NodeJS.ProcessEnv = {}): string => {
  try {
    parseArgs(argv, env);
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
};

describe('parseSrvUri', () => {
  it('splits host, credentials (decoded), database and query', () => {
    const uri = parseSrvUri('mongodb+srv://app:s3cr%40t@Cluster0-PL-0.abc12.mongodb.net/mydb?authSource=admin');
    expect(uri).toMatchObject({ host: 'cluster0-pl-0.abc12.mongodb.net', username: 'app', password: 's3cr@t', database: 'mydb', query: 'authSource=admin' });
  });

  it('accepts a URI without credentials', () => {
    expect(parseSrvUri('mongodb+srv://cluster0-pl-0.abc12.mongodb.net')).toMatchObject({ host: 'cluster0-pl-0.abc12.mongodb.net', username: undefined });
  });

  it.each([
    ['mongodb://h.example.net:27017', 'the scheme is "mongodb://"; expected "mongodb+srv://"'],
    ['h.example.net', 'the scheme is missing'],
    ['mongodb+srv://h.example.net:27017', 'the host part has a ":"'],
    ['mongodb+srv://a.example.net,b.example.net', 'the host part lists several hosts'],
    ['mongodb+srv://not_a_host', 'the host "not_a_host" is not a DNS host name'],
    ['mongodb+srv://app:pw@', 'the host is missing'],
    ['mongodb+srv://a%2:pw@h.example.net', 'the user name has a "%"'],
    ['mongodb+srv://a#b:pw@h.example.net', 'the user name has an unescaped "#"'],
  ])('rejects %s', (raw, fragment) => {
    expect(() => parseSrvUri(raw)).toThrow(fragment);
  });
});

describe('parseArgs', () => {
  it('takes the URI from MONGODB_URI and applies the defaults', () => {
    const parsed = parseArgs([], { MONGODB_URI: URI });
    if (parsed.kind !== 'run') throw new Error('expected run');
    expect(parsed.options).toMatchObject({ timeoutMs: 5000, deadlineMs: 40000, db: 'pe_verify', collection: 'hello', skipCrud: false, json: false, dnsServers: [] });
  });

  it('repeats --expect-ip and accepts --flag=value', () => {
    const parsed = parseArgs(['--uri', URI, '--expect-ip', '10.20.1.4', '--expect-ip=fd00::4', '--timeout=1500'], {});
    if (parsed.kind !== 'run') throw new Error('expected run');
    expect(parsed.options.expectations.given).toEqual(['10.20.1.4', 'fd00::4']);
    expect(parsed.options.timeoutMs).toBe(1500);
    expect(parsed.options.deadlineMs).toBe(12000);
  });

  it.each([
    [['--uri', URI, '--timeout', 'abc'], '--timeout: expected a whole number of milliseconds'],
    [['--uri', URI, '--timeout', '0'], '--timeout'],
    [['--uri', URI, '--expect-ip', '10.20.1.256'], '--expect-ip: "10.20.1.256" is not an IP address; expected the private endpoint\'s IP'],
    [['--uri', URI, '--dns-server', 'dns.example.net'], '--dns-server: expected ip, ip:port or [ipv6]:port'],
    [['--uri', URI, '--db', 'a.b'], '--db: expected a MongoDB name'],
    [['--uri', URI, '--verbose'], 'unknown flag --verbose'],
    [['--uri'], '--uri: expected a value'],
    [['--uri', '--json'], '--uri: expected a value'],
    [['--uri', URI, '--json=yes'], '--json: takes no value'],
    [['--uri', URI, '--timeout', '1', '--timeout=2'], '--timeout: given 2 times, expected once'],
    [[], '--uri: required'],
    [['--uri', 'mongodb://h.example.net'], '--uri: the scheme is "mongodb://"'],
    [['--uri', URI, '--outputs', '/nonexistent/outputs.json'], '--outputs: cannot read'],
    [['--uri', URI, '--tls-ca-file', '/nonexistent/ca.pem'], '--tls-ca-file: cannot read "/nonexistent/ca.pem" (ENOENT)'],
    [['--uri', `${URI}&ssl=maybe`], '--uri: the driver rejects the options of this connection string'],
    [['--uri', URI, '--deadline', '-5'], '--deadline: expected a whole number of milliseconds between 1 and 600000, got "-5" (negative)'],
    [['--uri', URI, '--timeout=-1'], '--timeout: expected a whole number of milliseconds between 1 and 600000, got "-1" (negative)'],
    [['--uri', 'mongodb+srv://[::1]/'], '--uri: the host is an IPv6 address literal; a mongodb+srv URI names the cluster\'s DNS host name'],
    [['--uri', 'mongodb+srv://app:pw@[fd00::4]:27017/'], '--uri: the host is an IPv6 address literal'],
    [['--uri', 'mongodb+srv://10.20.1.4/'], '--uri: the host is an IPv4 address'],
  ])('%j fails with a message naming the flag', (argv, fragment) => {
    expect(usageMessage(argv as string[])).toContain(fragment);
  });

  it('shortens a very long value in the message instead of repeating it whole', () => {
    const long = `1${'0'.repeat(5000)}`;
    const message = usageMessage(['--uri', URI, '--timeout', long]);
    expect(message).toBe(`--timeout: expected a whole number of milliseconds between 1 and 600000, got "1${'0'.repeat(59)}..." (5001 characters)`);
    expect(usageMessage(['--uri', URI, '--dns-server', 'x'.repeat(300)])).toContain('(300 characters)');
  });

  it('takes the scheme in any case (MONGODB+SRV://) and hands the driver the lower-case form', () => {
    const parsed = parseArgs(['--uri', 'MONGODB+SRV://app:pw@Cluster0-PL-0.abc12.mongodb.net/?retryWrites=true'], {});
    if (parsed.kind !== 'run') throw new Error('expected run');
    expect(parsed.options.targets[0]).toMatchObject({ host: 'cluster0-pl-0.abc12.mongodb.net', raw: 'mongodb+srv://app:pw@Cluster0-PL-0.abc12.mongodb.net/?retryWrites=true' });
  });

  it('reports an unparseable outputs file as --outputs', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"atlas": ');
    expect(usageMessage(['--outputs', file])).toMatch(/^--outputs: .* is not JSON/);
  });

  it('reads the SRV host and expected IP from the outputs when --uri is absent', () => {
    const file = join(dir, 'outputs.json');
    writeFileSync(file, JSON.stringify({ stack: { atlas_pl_eastus2_private_ip: '10.20.1.4', atlas_pl_eastus2_srv_connection_string: 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net' } }));
    const parsed = parseArgs(['--outputs', file], {});
    if (parsed.kind !== 'run') throw new Error('expected run');
    expect(parsed.options.targets.map((t) => t.host)).toEqual(['cluster0-pl-0.abc12.mongodb.net']);
    expect(parsed.options.expectations.endpoints).toEqual([
      {
        stem: 'atlas_pl_eastus2',
        region: 'eastus2',
        privateIp: '10.20.1.4',
        privateIpSource: 'atlas_pl_eastus2_private_ip',
        srvConnectionString: 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net',
        srvSource: 'atlas_pl_eastus2_srv_connection_string',
      },
    ]);
  });

  describe('with an SRV string per region in the outputs (regional mode)', () => {
    const regional = (region: string, hash = 'abc12') => `mongodb+srv://cluster0-pl-0-${region}.${hash}.mongodb.net`;
    const outputsFile = (strings: Record<string, string>): string => {
      const file = join(dir, `regional-${Object.keys(strings).join('-')}.json`);
      writeFileSync(file, JSON.stringify({ s: Object.fromEntries(Object.entries(strings).map(([k, v]) => [`atlas_pl_${k}_srv_connection_string`, v])) }));
      return file;
    };
    const targetsOf = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      const parsed = parseArgs(argv, env);
      if (parsed.kind !== 'run') throw new Error('expected run');
      return parsed.options.targets.map((t) => ({ host: t.host, username: t.username, raw: t.raw }));
    };

    it('checks every SRV string, each host once', () => {
      const file = outputsFile({ eastus2: regional('eastus2'), westus2: regional('westus2'), centralus: regional('eastus2') });
      expect(targetsOf(['--outputs', file]).map((t) => t.host)).toEqual(['cluster0-pl-0-eastus2.abc12.mongodb.net', 'cluster0-pl-0-westus2.abc12.mongodb.net']);
    });

    it('puts the given credentials and options on the hosts of the same project only', () => {
      const file = outputsFile({ eastus2: regional('eastus2'), westus2: regional('westus2'), other: regional('eastus2', 'zz999') });
      expect(targetsOf(['--outputs', file], { MONGODB_URI: `${regional('eastus2').replace('://', '://app:s3cr%2Ft@')}/?appName=x` })).toEqual([
        { host: 'cluster0-pl-0-eastus2.abc12.mongodb.net', username: 'app', raw: 'mongodb+srv://app:s3cr%2Ft@cluster0-pl-0-eastus2.abc12.mongodb.net/?appName=x' },
        { host: 'cluster0-pl-0-westus2.abc12.mongodb.net', username: 'app', raw: 'mongodb+srv://app:s3cr%2Ft@cluster0-pl-0-westus2.abc12.mongodb.net/?appName=x' },
        { host: 'cluster0-pl-0-eastus2.zz999.mongodb.net', username: undefined, raw: 'mongodb+srv://cluster0-pl-0-eastus2.zz999.mongodb.net' },
      ]);
    });

    it('gives each SRV host its own share of the default deadline', () => {
      const parsed = parseArgs(['--outputs', outputsFile({ eastus2: regional('eastus2'), westus2: regional('westus2') }), '--timeout', '1000'], {});
      expect(parsed.kind === 'run' && parsed.options.deadlineMs).toBe(16000);
    });

    it('names the output whose SRV string is unusable', () => {
      expect(usageMessage(['--outputs', outputsFile({ westus2: 'cluster0-pl-0-westus2.abc12.mongodb.net' })])).toBe(
        '--outputs: atlas_pl_westus2_srv_connection_string: the scheme is missing; expected mongodb+srv://[user:password@]host[/database][?options]',
      );
    });
  });
});

describe('parseDnsServer', () => {
  it.each([
    ['10.0.0.4', { address: '10.0.0.4', port: 53 }],
    ['127.0.0.1:5353', { address: '127.0.0.1', port: 5353 }],
    ['::1', { address: '::1', port: 53 }],
    ['[::1]:5353', { address: '::1', port: 5353 }],
    ['[fd00::53]', { address: 'fd00::53', port: 53 }],
  ])('%s', (text, expected) => {
    expect(parseDnsServer(text)).toEqual(expected);
  });

  it.each(['127.0.0.1:0', '127.0.0.1:70000', '[::1]:x', 'localhost:53', '1.2.3.4:5:6'])('rejects %s', (text) => {
    expect(() => parseDnsServer(text)).toThrow('--dns-server');
  });
});

describe('endpointsFromOutputs', () => {
  const values = {
    atlas_pl_eastus2_private_ip: '10.20.1.4',
    atlas_pl_eastus2_private_endpoint_id: '/subscriptions/x/privateEndpoints/pe-atlas-eastus2',
    atlas_pl_eastus2_atlas_link_id: '6566f1a2b3c4d5e6f7a8b9c0',
    atlas_pl_eastus2_link_status: 'AVAILABLE',
    atlas_pl_eastus2_atlas_status: 'AVAILABLE',
    atlas_pl_eastus2_srv_connection_string: 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net',
  };
  const expected = {
    stem: 'atlas_pl_eastus2',
    region: 'eastus2',
    privateIpSource: 'atlas_pl_eastus2_private_ip',
    srvSource: 'atlas_pl_eastus2_srv_connection_string',
    privateIp: '10.20.1.4',
    privateEndpointId: '/subscriptions/x/privateEndpoints/pe-atlas-eastus2',
    atlasLinkId: '6566f1a2b3c4d5e6f7a8b9c0',
    linkStatus: 'AVAILABLE',
    atlasStatus: 'AVAILABLE',
    srvConnectionString: 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net',
  };

  it('reads the cdktf shape, nested deeper', () => {
    expect(endpointsFromOutputs({ 'app-stack': { nested: values } })).toEqual([expected]);
  });

  it('reads the terraform output -json shape', () => {
    const tf = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, type: 'string', sensitive: false }]));
    expect(endpointsFromOutputs(tf)).toEqual([expected]);
  });

  it('groups by any prefix and keeps endpoints apart', () => {
    const found = endpointsFromOutputs({ s: { net_westeurope_private_ip: '10.1.0.5', net_eastus2_private_ip: '10.2.0.5', unrelated: 'x' } });
    expect(found.map((e) => [e.stem, e.region, e.privateIp])).toEqual([
      ['net_westeurope', 'westeurope', '10.1.0.5'],
      ['net_eastus2', 'eastus2', '10.2.0.5'],
    ]);
  });

  it('strips a known suffix, never splits on the last "_": keys and prefixes may hold "_"', () => {
    const found = endpointsFromOutputs({
      s: {
        my_net_eastus2_2_private_ip: '10.1.0.6',
        my_net_eastus2_2_private_link_service_name: 'pls_x',
        my_net_prod_east_private_ip: '10.1.0.7',
        my_net_prod_east_registration_error: '',
      },
    });
    expect(found.map((e) => [e.stem, e.region, e.privateIp])).toEqual([
      ['my_net_eastus2_2', 'eastus2', '10.1.0.6'],
      ['my_net_prod_east', undefined, '10.1.0.7'],
    ]);
  });

  const object = { kind: 'atlas-azure-private-link-endpoint', key: 'prod', region: 'eastus2', private_ip: '10.20.1.4', private_endpoint_id: '/x', srv_connection_string: 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net', hosts: ['PL-0-eastus2.abc12.mongodb.net.'] };

  it('reads the <prefix>_<key>_endpoint object and keeps the flat statuses of the same stem', () => {
    expect(endpointsFromOutputs({ s: { atlas_pl_prod_endpoint: object, atlas_pl_prod_atlas_status: 'AVAILABLE', atlas_pl_prod_private_ip: '10.9.9.9' } })).toEqual([
      {
        stem: 'atlas_pl_prod',
        region: 'eastus2',
        privateIp: '10.20.1.4',
        privateIpSource: 'atlas_pl_prod_endpoint.private_ip',
        privateEndpointId: '/x',
        atlasStatus: 'AVAILABLE',
        srvConnectionString: 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net',
        srvSource: 'atlas_pl_prod_endpoint.srv_connection_string',
        hosts: ['pl-0-eastus2.abc12.mongodb.net'],
      },
    ]);
  });

  it("reads Azure's connection state: the flat output, and the object's fields (which win)", () => {
    const [flat] = endpointsFromOutputs({ s: { ...values, atlas_pl_eastus2_connection_status: 'Rejected' } });
    expect(flat).toEqual({ ...expected, connectionStatus: 'Rejected', connectionSource: 'atlas_pl_eastus2_connection_status' });
    const [both] = endpointsFromOutputs({
      s: { atlas_pl_prod_endpoint: { ...object, connection_status: 'Disconnected', connection_response: 'Deleted state' }, atlas_pl_prod_connection_status: 'Approved' },
    });
    expect(both).toMatchObject({ connectionStatus: 'Disconnected', connectionSource: 'atlas_pl_prod_endpoint.connection_status', connectionResponse: 'Deleted state' });
    // An object without the fields (an older stack) leaves them out.
    expect(endpointsFromOutputs({ s: { atlas_pl_prod_endpoint: object } })[0].connectionStatus).toBeUndefined();
  });

  it.each([
    [{ connection_status: 3 }, 'atlas_pl_prod_endpoint.connection_status is a number; expected a string'],
    [{ connection_response: null }, 'atlas_pl_prod_endpoint.connection_response is null; expected a string'],
    [{ hosts: 'pl-0' }, 'atlas_pl_prod_endpoint.hosts is a string; expected a list of host names'],
    [{ hosts: ['not a host'] }, 'atlas_pl_prod_endpoint.hosts[0] is not a DNS host name'],
    [{ private_ip: 4 }, 'atlas_pl_prod_endpoint.private_ip is a number; expected a non-empty string'],
    [{ region: '' }, 'atlas_pl_prod_endpoint.region is empty'],
    [{ srv_connection_string: null }, 'atlas_pl_prod_endpoint.srv_connection_string is null; expected a string'],
  ])('names the field of a malformed endpoint object: %j', (change, message) => {
    expect(() => endpointsFromOutputs({ atlas_pl_prod_endpoint: { value: { ...object, ...change }, type: 'object' } })).toThrow(message);
  });
});

describe('isPrivateIp', () => {
  it.each([
    ['10.20.1.4', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['20.49.104.7', false],
    ['127.0.0.1', false],
    ['fd12:3456::1', true],
    ['fc00::1', false],
    ['2603:1030::5', false],
  ])('%s -> %s', (ip, expected) => {
    expect(isPrivateIp(ip)).toBe(expected);
  });
});

describe('one definition of "private" for the constructs and the verifier (issue 15 item 7)', () => {
  const libAccepts = (ip: string): boolean => {
    try {
      checkPrivateIpv4('privateIpAddress', ip);
      return true;
    } catch {
      return false;
    }
  };

  it.each(['10.0.0.1', '172.31.255.254', '192.168.0.1', '100.64.0.1', '100.127.255.254', '100.63.255.255', '100.128.0.1', '172.32.0.1', '20.62.13.7', '127.0.0.1'])('%s', (ip) => {
    expect(isPrivateIp(ip)).toBe(libAccepts(ip));
  });

  it('lets the verifier expect an endpoint IP in 100.64.0.0/10, which the constructs accept', () => {
    const parsed = parseArgs(['--uri', URI, '--expect-ip', '100.64.1.4'], {});
    expect(parsed.kind === 'run' && parsed.options.expectations.given).toEqual(['100.64.1.4']);
    expect(checkPrivateIps([{ name: 'pl-0-eastus2.abc12.mongodb.net', addresses: ['100.64.1.4'] }], { given: ['100.64.1.4'], endpoints: [], allowLoopback: false })).toMatchObject({ status: 'pass' });
  });
});

describe('passwordsIn', () => {
  it.each([
    ['mongodb+srv://app:s3cr%40t@h.example.net/', ['s3cr%40t', 's3cr@t']],
    ['--uri=mongodb+srv://app:pa/ss@h.example.net', ['pa/ss']],
    ['app:p@ss@h.example.net', ['p', 'p@ss']],
    ['mongodb+srv://app@h.example.net', []],
    ['--timeout=5000', []],
  ])('%s -> %j', (word, expected) => {
    expect(passwordsIn(word)).toEqual(expected);
  });
});

describe('redactSecrets', () => {
  it('hides user:password in any quoted URI, whatever the case of its scheme, and a long secret standing alone', () => {
    const text = 'failed for mongodb+srv://app:s3cr%40t-long@cluster0-pl-0.abc12.mongodb.net/ and MONGODB://app:x@h:1 with password s3cr@t-long';
    expect(redactSecrets(text, ['s3cr@t-long'])).toBe(
      'failed for mongodb+srv://<credentials>@cluster0-pl-0.abc12.mongodb.net/ and MONGODB://<credentials>@h:1 with password <redacted>',
    );
  });

  it('redacts the longest candidate first, so a shorter one cannot split it', () => {
    expect(redactSecrets('login p@ssw0rd!x failed', ['p', 'p@ssw0rd!x'])).toBe('login <redacted> failed');
  });

  it('redacts user:password@ written without a scheme, whatever the length of the password', () => {
    expect(redactSecrets('bad host app:pw@cluster0-pl-0.abc12.mongodb.net', ['pw'])).toBe('bad host app:<redacted>@cluster0-pl-0.abc12.mongodb.net');
  });

  // Issue 15 item 11: replacing every occurrence of a short or common password mangles the report
  // and, by the gaps it leaves, gives the password away.
  it.each(['mongodb', 'admin', 'abc12', 'cluster0', 'cluster0-pl-0', 'hello', 'net', 'tcp'])('leaves the report whole for the password %j', (password) => {
    const report = [
      `atlas-pl-verify mongodb+srv://<credentials>@cluster0-pl-0.abc12.mongodb.net`,
      `_mongodb._tcp.cluster0-pl-0.abc12.mongodb.net -> pl-0-eastus2.abc12.mongodb.net:1024`,
      `cluster0-pl-0.abc12.mongodb.net TXT "authSource=admin&replicaSet=atlas-x7k2qp-shard-0"`,
      `connect, insert, read, update, delete of one document in pe_verify.hello`,
    ].join('\n');
    expect(redactSecrets(report, passwordsIn(`mongodb+srv://app:${password}@cluster0-pl-0.abc12.mongodb.net/`))).toBe(report);
    expect(redactSecrets(`MongoParseError: mongodb+srv://app:${password}@cluster0-pl-0.abc12.mongodb.net/?x=1`, [password])).toBe(
      'MongoParseError: mongodb+srv://<credentials>@cluster0-pl-0.abc12.mongodb.net/?x=1',
    );
  });
});

describe('checkPrivateIps', () => {
  const hosts = (address: string, name = 'pl-0-eastus2.abc12.mongodb.net') => [{ name, addresses: [address] }];
  const given = (ips: string[], allowLoopback = false): IpExpectations => ({ given: ips, endpoints: [], allowLoopback });
  const endpoint = (stem: string, ip: string, srv?: string, region?: string) => ({
    stem,
    region,
    privateIp: ip,
    privateIpSource: `${stem}_private_ip`,
    srvSource: `${stem}_srv_connection_string`,
    ...(srv !== undefined ? { srvConnectionString: srv } : {}),
  });
  const east = endpoint('atlas_pl_eastus2', '10.20.1.4', undefined, 'eastus2');
  const west = endpoint('atlas_pl_westus2', '10.30.1.4', undefined, 'westus2');
  const regions: IpExpectations = { given: [], endpoints: [east, west], allowLoopback: false };

  it('passes a private answer when no IP is expected, and says how to be stricter', () => {
    expect(checkPrivateIps(hosts('10.20.1.4'), given([]))).toEqual({ status: 'pass', message: expect.stringContaining('every answer is private (10.20.1.4); pass --expect-ip') });
  });

  it('tells a public answer from a wrong private one', () => {
    expect(checkPrivateIps(hosts('20.62.13.7'), given([]))).toMatchObject({ status: 'fail', diagnosis: { code: 'PUBLIC_IP' } });
    expect(checkPrivateIps(hosts('10.20.1.9'), given(['10.20.1.4']))).toMatchObject({ status: 'fail', message: 'pl-0-eastus2.abc12.mongodb.net -> 10.20.1.9; expected 10.20.1.4 (--expect-ip)', diagnosis: { code: 'WRONG_PRIVATE_IP' } });
  });

  it('takes a loopback answer for the endpoint only when loopback is allowed (tests)', () => {
    expect(checkPrivateIps(hosts('127.0.0.3'), given(['127.0.0.3'], true))).toMatchObject({ status: 'pass' });
    expect(checkPrivateIps(hosts('127.0.0.3'), given([]))).toMatchObject({ status: 'fail', diagnosis: { code: 'PUBLIC_IP' } });
  });

  it("matches each host to its own region's endpoint when no SRV string is published", () => {
    expect(checkPrivateIps([...hosts('10.20.1.4'), ...hosts('10.30.1.4', 'pl-0-westus2.abc12.mongodb.net')], regions)).toEqual({
      status: 'pass',
      message: "every answer is its endpoint's IP (pl-0-eastus2.abc12.mongodb.net -> 10.20.1.4, atlas_pl_eastus2; pl-0-westus2.abc12.mongodb.net -> 10.30.1.4, atlas_pl_westus2)",
    });
  });

  it("fails a host that answers another region's endpoint IP, naming both outputs", () => {
    expect(checkPrivateIps(hosts('10.20.1.4', 'pl-0-westus2.abc12.mongodb.net'), regions)).toEqual({
      status: 'fail',
      message: 'pl-0-westus2.abc12.mongodb.net -> 10.20.1.4, the IP of endpoint atlas_pl_eastus2 (atlas_pl_eastus2_private_ip); expected 10.30.1.4 (atlas_pl_westus2_private_ip)',
      diagnosis: expect.objectContaining({ code: 'WRONG_REGION_IP' }),
    });
  });

  it("fails another region's IP even for a region the outputs do not name, or one --expect-ip allows", () => {
    const eastOnly: IpExpectations = { ...regions, given: ['10.20.1.4'], endpoints: [east] };
    expect(checkPrivateIps(hosts('10.20.1.4', 'pl-0-westus2.abc12.mongodb.net'), eastOnly)).toMatchObject({
      message: 'pl-0-westus2.abc12.mongodb.net -> 10.20.1.4, the IP of endpoint atlas_pl_eastus2 (atlas_pl_eastus2_private_ip); expected 10.20.1.4 (--expect-ip)',
      diagnosis: { code: 'WRONG_REGION_IP' },
    });
    // A host no endpoint of the outputs serves is named as such, not passed as "private".
    expect(checkPrivateIps(hosts('10.40.1.4', 'pl-0-westus2.abc12.mongodb.net'), { ...eastOnly, given: [] })).toEqual({
      status: 'fail',
      message: 'pl-0-westus2.abc12.mongodb.net -> 10.40.1.4: no endpoint of the outputs serves this host (outputs describe atlas_pl_eastus2)',
      diagnosis: expect.objectContaining({ code: 'HOST_NOT_IN_OUTPUTS' }),
    });
  });

  it('compares a host name without a region with every endpoint IP', () => {
    expect(checkPrivateIps(hosts('10.30.1.4', 'shard-00.abc12.mongodb.net'), regions)).toMatchObject({ status: 'pass' });
    expect(checkPrivateIps(hosts('10.50.1.4', 'shard-00.abc12.mongodb.net'), regions)).toMatchObject({
      message: "shard-00.abc12.mongodb.net -> 10.50.1.4; expected 10.20.1.4 or 10.30.1.4 (the outputs' private IPs)",
      diagnosis: { code: 'WRONG_PRIVATE_IP' },
    });
  });

  it('ties a host to an endpoint through the n of its own SRV string, whatever its key', () => {
    const a = endpoint('atlas_pl_prod', '10.20.1.4', 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net');
    const b = endpoint('atlas_pl_prod_2', '10.20.1.5', 'mongodb+srv://cluster0-pl-1.abc12.mongodb.net');
    const two: IpExpectations = { given: [], endpoints: [a, b], allowLoopback: false };
    expect(checkPrivateIps(hosts('10.20.1.5', 'pl-1-eastus2.abc12.mongodb.net'), two)).toMatchObject({ status: 'pass' });
    expect(checkPrivateIps(hosts('10.20.1.4', 'pl-1-eastus2.abc12.mongodb.net'), two)).toMatchObject({ diagnosis: { code: 'WRONG_ENDPOINT_IP' } });
    // Another project's hosts (another <hash>) are not this stack's endpoints.
    expect(checkPrivateIps(hosts('10.20.1.9', 'pl-0-eastus2.zz999.mongodb.net'), two)).toMatchObject({ diagnosis: { code: 'HOST_NOT_IN_OUTPUTS' } });
  });

  it.each([
    ['mongodb+srv://cluster0-pl-0.abc12.mongodb.net', { index: '0', region: undefined, parent: 'abc12.mongodb.net' }],
    ['mongodb+srv://my-cluster-pl-1-westus2.abc12.mongodb.net/?x=1', { index: '1', region: 'westus2', parent: 'abc12.mongodb.net' }],
    ['MONGODB+SRV://pl-0-eastus2.ab123.mongodb.net', { index: '0', region: 'eastus2', parent: 'ab123.mongodb.net' }],
    ['mongodb+srv://cluster0-pl-0-westeurope-azure.abc12.mongodb.net', { index: '0', region: 'westeurope', parent: 'abc12.mongodb.net' }],
    ['mongodb+srv://cluster0.abc12.mongodb.net', undefined],
  ])('parseSrvHost(%s)', (srv, expected) => {
    expect(parseSrvHost(srv)).toEqual(expected);
  });

  it('srvHostOf takes the host out of any SRV string', () => {
    expect(srvHostOf('mongodb+srv://app:pw@Cluster0-PL-0.abc12.mongodb.net./?retryWrites=true')).toBe('cluster0-pl-0.abc12.mongodb.net');
    expect(srvHostOf('')).toBeUndefined();
  });

  it.each([
    ['pl-0-eastus2.abc12.mongodb.net', { index: '0', region: 'eastus2', parent: 'abc12.mongodb.net' }],
    ['pl-2-westeurope-azure.abc12.mongodb.net', { index: '2', region: 'westeurope', parent: 'abc12.mongodb.net' }],
    ['cluster0-shard-00-00.abc12.mongodb.net', undefined],
  ])('parsePlHost(%s)', (host, expected) => {
    expect(parsePlHost(host)).toEqual(expected);
  });

  it('says so when flat outputs cannot tell which of two endpoints serves a host', () => {
    const a = endpoint('atlas_pl_east', '10.20.1.4', 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net');
    const b = endpoint('atlas_pl_west', '10.30.1.4', 'mongodb+srv://cluster0-pl-0.abc12.mongodb.net');
    expect(checkPrivateIps(hosts('10.30.1.4'), { given: [], endpoints: [a, b], allowLoopback: false })).toEqual({
      status: 'pass',
      message: 'every answer is its endpoint\'s IP (pl-0-eastus2.abc12.mongodb.net -> 10.30.1.4, one of atlas_pl_east, atlas_pl_west (the outputs do not say which))',
    });
  });
});

describe('whyNotEndpointIp', () => {
  it.each([
    ['10.20.1.4', false, undefined],
    ['fd12::4', false, undefined],
    ['20.62.13.7', false, 'not a private address'],
    ['169.254.1.1', false, 'not a private address'],
    ['fe80::1', false, 'not a private address'],
    ['pl-0-eastus2.abc12.mongodb.net', false, 'not an IP address'],
    ['', false, 'not an IP address'],
    ['127.0.0.3', false, 'a loopback address (accepted only with --allow-loopback, for tests)'],
    ['::1', true, undefined],
    ['127.0.0.3', true, undefined],
  ])('%s (loopback allowed: %s) -> %s', (ip, allowLoopback, expected) => {
    expect(whyNotEndpointIp(ip, allowLoopback)).toBe(expected);
  });
});

describe('main', () => {
  /** A sink whose terminal breaks on the first write: an error no input check can foresee. */
  function brokenSink(): Sink & { errors: string[] } {
    const errors: string[] = [];
    const stdout = new Writable({ write: (_chunk, _enc, done) => done() });
    stdout.write = () => {
      throw new TypeError('the terminal went away');
    };
    const stderr = new Writable({ write: (chunk: Buffer, _enc, done) => (errors.push(chunk.toString()), done()) });
    return { stdout, stderr, env: {}, errors };
  }

  it('reports an internal error as exit 3 with one line (the error and where), no stack trace', async () => {
    const sink = brokenSink();
    expect(await main(['--help'], sink)).toBe(3);
    expect(sink.errors).toHaveLength(1);
    expect(sink.errors[0]).toMatch(/^atlas-pl-verify: internal error, a bug in atlas-pl-verify \(please report it\): TypeError: the terminal went away \(at .+:\d+:\d+\)\n$/);
  });
});

describe('--help and --list-diagnoses', () => {
  /** Collects what main() writes to stdout. */
  function capture(): Sink & { out: () => string } {
    let out = '';
    const stdout = new Writable({ write: (chunk: Buffer, _enc, done) => ((out += chunk.toString()), done()) });
    return { stdout, stderr: stdout, env: {}, out: () => out };
  }

  it('points to nothing the package does not ship (no docs/ path, no URL)', async () => {
    const sink = capture();
    expect(await main(['--help'], sink)).toBe(0);
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).not.toContain('docs');
    expect(sink.out()).not.toMatch(/docs\/|https?:\/\/|\.md\b/);
    expect(sink.out()).toContain('--list-diagnoses');
  });

  it('--list-diagnoses prints every code with its text', async () => {
    const sink = capture();
    expect(await main(['--list-diagnoses'], sink)).toBe(0);
    for (const d of diagnosisCatalogue()) expect(sink.out()).toContain(`${d.code}\n  ${d.text}\n`);
  });
});

describe('docs/verifier.md', () => {
  it('has a table row for every diagnosis code', () => {
    const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'verifier.md'), 'utf8');
    const missing = diagnosisCatalogue()
      .map((d) => d.code)
      .filter((code) => !doc.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });
});

describe('checkControlPlane', () => {
  const endpoint = { stem: 'atlas_pl_eastus2', region: 'eastus2', privateIpSource: 'atlas_pl_eastus2_private_ip', srvSource: 'atlas_pl_eastus2_srv_connection_string' };

  it('skips with a reason when there is no outputs file or no status in it', () => {
    expect(checkControlPlane([], undefined)).toEqual({ status: 'skip', message: 'no --outputs file given, so no Atlas status to check' });
    expect(checkControlPlane([{ ...endpoint, privateIp: '10.20.1.4' }], 'out.json')).toEqual({ status: 'skip', message: 'out.json carries no *_atlas_status, *_link_status or *_connection_status output' });
  });

  const seen = { connectionSource: 'atlas_pl_eastus2_connection_status' };

  it('fails on any status other than AVAILABLE, naming the output', () => {
    expect(checkControlPlane([{ ...endpoint, ...seen, atlasStatus: 'AVAILABLE', linkStatus: 'FAILED', connectionStatus: 'Approved' }], 'out.json')).toMatchObject({
      status: 'fail',
      message: 'atlas_pl_eastus2_link_status=FAILED',
      diagnosis: { code: 'ATLAS_NOT_AVAILABLE' },
    });
  });

  it("passes with Azure's connection Approved and both Atlas statuses AVAILABLE, naming all three", () => {
    expect(checkControlPlane([{ ...endpoint, ...seen, atlasStatus: 'AVAILABLE', linkStatus: 'AVAILABLE', connectionStatus: 'Approved' }], 'out.json')).toEqual({
      status: 'pass',
      message: 'atlas_pl_eastus2_atlas_status=AVAILABLE, atlas_pl_eastus2_link_status=AVAILABLE, atlas_pl_eastus2_connection_status=Approved',
    });
  });

  // Model §M7.1: the owner rejected or removed the connection; Atlas' registration can still say AVAILABLE.
  it.each(['Rejected', 'Disconnected'])("Azure's connection %s is ENDPOINT_REJECTED, with what Azure said", (status) => {
    const outcome = checkControlPlane(
      [{ ...endpoint, connectionSource: 'atlas_pl_eastus2_endpoint.connection_status', connectionResponse: 'Deleted state', atlasStatus: 'AVAILABLE', linkStatus: 'AVAILABLE', connectionStatus: status }],
      'out.json',
    );
    expect(outcome).toMatchObject({ status: 'fail', message: `atlas_pl_eastus2_endpoint.connection_status=${status} ("Deleted state")`, diagnosis: { code: 'ENDPOINT_REJECTED' } });
    if (outcome.status !== 'fail') throw new Error('expected a failure');
    expect(outcome.diagnosis.text).toContain(`(atlas_pl_eastus2_endpoint.connection_status=${status} ("Deleted state"))`);
    expect(outcome.diagnosis.text).toMatch(/^Azure reports the private endpoint's connection Rejected or Disconnected/);
    expect(outcome.diagnosis.text).not.toMatch(/REJECTED|DISCONNECTED/);
  });

  it("Azure's connection Pending is ATLAS_NOT_AVAILABLE: Atlas approves it when the registration is created", () => {
    const outcome = checkControlPlane([{ ...endpoint, ...seen, atlasStatus: 'INITIATING', connectionStatus: 'Pending' }], 'out.json');
    expect(outcome).toMatchObject({ status: 'fail', message: 'atlas_pl_eastus2_connection_status=Pending, atlas_pl_eastus2_atlas_status=INITIATING', diagnosis: { code: 'ATLAS_NOT_AVAILABLE' } });
    if (outcome.status === 'fail') expect(outcome.diagnosis.text).toMatch(/Azure reports the endpoint's connection Pending/);
  });

  it('the registration FAILED stays ATLAS_NOT_AVAILABLE, and Atlas REJECTED / link DISCONNECTED (no documented Azure value) are no longer ENDPOINT_REJECTED', () => {
    expect(checkControlPlane([{ ...endpoint, ...seen, atlasStatus: 'FAILED', connectionStatus: 'Approved' }], 'out.json')).toMatchObject({ diagnosis: { code: 'ATLAS_NOT_AVAILABLE' } });
    for (const e of [{ atlasStatus: 'REJECTED' }, { linkStatus: 'DISCONNECTED' }]) {
      expect(checkControlPlane([{ ...endpoint, ...seen, connectionStatus: 'Approved', ...e }], 'out.json')).toMatchObject({ status: 'fail', diagnosis: { code: 'ATLAS_NOT_AVAILABLE' } });
    }
  });

  it("an older stack without the connection output: says Azure's state is not seen, never passes as if Approved", () => {
    const outcome = checkControlPlane([{ ...endpoint, atlasStatus: 'AVAILABLE', linkStatus: 'AVAILABLE' }], 'out.json');
    expect(outcome).toEqual({
      status: 'pass',
      message:
        "atlas_pl_eastus2_atlas_status=AVAILABLE, atlas_pl_eastus2_link_status=AVAILABLE; Azure's connection state not in the outputs for atlas_pl_eastus2 (no *_connection_status: a stack from before that output, or an endpoint brought in by a token id), so not checked",
    });
    expect(outcome.message).not.toContain('Approved');
    // A failure keeps the note too.
    expect(checkControlPlane([{ ...endpoint, atlasStatus: 'INITIATING' }], 'out.json')).toMatchObject({ message: expect.stringMatching(/^atlas_pl_eastus2_atlas_status=INITIATING; Azure's connection state not in the outputs/) });
  });
});
