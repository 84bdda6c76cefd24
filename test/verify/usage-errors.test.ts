/**
 * Input problems: the compiled CLI as a child process must exit 2 with one line on stderr that
 * names the wrong part, nothing on stdout, and never any piece of a password, with or without
 * --json, whichever way the connection string was passed.
 */
import { execFileSync } from 'child_process';
import { existsSync, writeFileSync } from 'fs';
import { join } from 'path';
import { startDnsServer, type RunningDnsServer } from '../harness/dns-server';
import { runVerifier, type VerifierRun } from '../harness/run-verifier';
import { parseArgs } from '../../verify/args';
import { makeTmpDir } from '../harness/tmp';
import { atlasZone, SRV_HOST } from '../harness/zones';

/**
 * A DNS server address where nothing listens: should a run get past its input checks (the bug
 * these tests guard against), its queries still go nowhere but loopback.
 */
const NO_DNS = ['--dns-server', '127.0.0.1:1'];

/** Two distinctive halves around the character under test: neither half may ever be printed. */
const HALVES = ['Kx7Qv', 'Rm4Tz'];
const passwordWith = (c: string): string => `${HALVES[0]}${c}${HALVES[1]}`;

function expectOneLineUsageError(run: VerifierRun, fragment: string | RegExp): void {
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: '' });
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(fragment);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

function expectNoPassword(run: VerifierRun, password: string): void {
  // Case-insensitive: a password taken for a host name comes back lower-cased.
  const output = (run.stdout + run.stderr).toLowerCase();
  for (const piece of [password, encodeURIComponent(password), ...HALVES]) expect(output).not.toContain(piece.toLowerCase());
}

/** The same connection string through --uri, --uri=, and MONGODB_URI, each in human and JSON mode. */
async function everyWay(uri: string): Promise<Array<{ source: string; run: VerifierRun }>> {
  const ways = [
    { source: '--uri', args: ['--uri', uri, ...NO_DNS], env: {} },
    { source: '--uri', args: [`--uri=${uri}`, ...NO_DNS], env: {} },
    { source: 'MONGODB_URI', args: [...NO_DNS], env: { MONGODB_URI: uri } },
  ];
  const runs = ways.flatMap((w) => [[], ['--json']].map(async (json) => ({ source: w.source, run: await runVerifier([...w.args, ...json], { env: w.env }) })));
  return Promise.all(runs);
}

describe('connection strings with credentials in usage errors', () => {
  const unescaped: Array<[string, RegExp]> = [
    ['/', /the password has an unescaped "\/"; percent-encode it as %2F/],
    ['?', /the password has an unescaped "\?"; percent-encode it as %3F/],
    ['@', /the password has an unescaped "@"; percent-encode it as %40/],
    [':', /the password has an unescaped ":"; percent-encode it as %3A/],
    ['%', /the password has a "%" that does not start a percent-encoded byte/],
  ];

  it.each(unescaped)('a password with an unescaped "%s" is named, never printed', async (c, message) => {
    const password = passwordWith(c);
    for (const { source, run } of await everyWay(`mongodb+srv://app:${password}@${SRV_HOST}/?retryWrites=true`)) {
      expectOneLineUsageError(run, new RegExp(`^atlas-pl-verify: ${source}: ${message.source}`));
      expectNoPassword(run, password);
    }
  });

  it.each(unescaped.map(([c]) => c))('a URI without its scheme is blamed on the scheme (password with "%s")', async (c) => {
    const password = passwordWith(c);
    for (const { source, run } of await everyWay(`app:${password}@${SRV_HOST}`)) {
      expectOneLineUsageError(run, `atlas-pl-verify: ${source}: the scheme is missing; expected mongodb+srv://`);
      expectNoPassword(run, password);
    }
  });

  it.each([
    ['another scheme', (pw: string) => `mongodb://app:${pw}@${SRV_HOST}:27017/`, '--uri: the scheme is "mongodb://"; expected "mongodb+srv://"'],
    ['no host after the credentials', (pw: string) => `mongodb+srv://app:${pw}`, '--uri: the host part has a ":"'],
    ['a port', (pw: string) => `mongodb+srv://app:${pw}@${SRV_HOST}:1024/`, '--uri: the host part has a ":"'],
    ['two hosts', (pw: string) => `mongodb+srv://app:${pw}@${SRV_HOST},pl-1.abc12.mongodb.net/`, '--uri: the host part lists several hosts'],
    ['an empty user name', (pw: string) => `mongodb+srv://:${pw}@${SRV_HOST}/`, '--uri: the user name before "@" is empty'],
    ['an option the driver rejects', (pw: string) => `mongodb+srv://app:${pw}@${SRV_HOST}/?ssl=maybe`, '--uri: the driver rejects the options'],
  ])('%s: named, and a percent-encoded password is printed in neither form', async (_what, uriWith, message) => {
    const passwords = ['/', '?', '@', ':', '%'].map(passwordWith);
    const runs = await Promise.all(passwords.map((pw) => runVerifier(['--uri', uriWith(encodeURIComponent(pw)), ...NO_DNS, '--json'])));
    runs.forEach((run, i) => {
      expectOneLineUsageError(run, message);
      expectNoPassword(run, passwords[i]);
    });
  });

  it('does not echo a connection string given without --uri', async () => {
    const password = passwordWith('/');
    const run = await runVerifier([`mongodb+srv://app:${password}@${SRV_HOST}/`, ...NO_DNS, '--json']);
    expectOneLineUsageError(run, 'unexpected argument (word 1): not a flag; a connection string goes after --uri');
    expectNoPassword(run, password);
  });

  it('redacts a password in a value given to the wrong flag', async () => {
    const password = passwordWith('?');
    const run = await runVerifier(['--outputs', `mongodb+srv://app:${password}@${SRV_HOST}/`, ...NO_DNS]);
    expectOneLineUsageError(run, '--outputs: cannot read');
    expectNoPassword(run, password);
  });
});

describe('expected IPs must be private', () => {
  const tmp = makeTmpDir('verify-usage');
  let dns: RunningDnsServer;
  const URI = `mongodb+srv://${SRV_HOST}`;

  beforeAll(async () => {
    // Loopback answers only: outside a namespace no test may hand the verifier another address.
    dns = await startDnsServer(atlasZone({ ports: [1024], address: '127.0.0.3' }));
  });
  afterAll(async () => {
    await dns.close();
    tmp.remove();
  });

  function outputsWith(privateIp: unknown): string {
    const file = join(tmp.path, `outputs-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify({ stack: { AtlasPrivateLink: { atlas_pl_eastus2_private_ip: privateIp, atlas_pl_eastus2_atlas_status: 'AVAILABLE' } } }));
    return file;
  }

  it.each([
    ['20.62.13.7', '--expect-ip: "20.62.13.7" is not a private address'],
    ['2603:1030::5', '--expect-ip: "2603:1030::5" is not a private address'],
    ['pl-0-eastus2.abc12.mongodb.net', '--expect-ip: "pl-0-eastus2.abc12.mongodb.net" is not an IP address'],
    ['127.0.0.3', '--expect-ip: "127.0.0.3" is a loopback address (accepted only with --allow-loopback, for tests)'],
  ])('--expect-ip %s is exit 2, before any DNS query', async (ip, message) => {
    const before = dns.queries.length;
    const run = await runVerifier(['--uri', URI, '--dns-server', dns.server, '--expect-ip', ip, '--json']);
    expectOneLineUsageError(run, `atlas-pl-verify: ${message}; expected the private endpoint's IP (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10 or fd00::/8)`);
    expect(dns.queries.length).toBe(before);
  });

  it.each([
    ['20.62.13.7', 'is "20.62.13.7", not a private address'],
    ['not-an-ip', 'is "not-an-ip", not an IP address'],
    ['', 'is "", not an IP address'],
    ['127.0.0.3', 'is "127.0.0.3", a loopback address (accepted only with --allow-loopback, for tests)'],
    [12, 'is a number; expected the endpoint\'s private IP as a string'],
    [['10.20.1.4'], 'is a list; expected the endpoint\'s private IP as a string'],
    [null, 'is null; expected the endpoint\'s private IP as a string'],
  ])('the output atlas_pl_eastus2_private_ip = %j is exit 2, naming the output', async (value, message) => {
    const before = dns.queries.length;
    const run = await runVerifier(['--outputs', outputsWith(value), '--dns-server', dns.server]);
    expectOneLineUsageError(run, `atlas-pl-verify: --outputs: atlas_pl_eastus2_private_ip ${message}`);
    expect(dns.queries.length).toBe(before);
  });

  it('accepts loopback, from the flag and from the outputs, with --allow-loopback', async () => {
    const outputs = outputsWith('127.0.0.3');
    const run = await runVerifier(['--uri', URI, '--outputs', outputs, '--expect-ip', '::1', '--allow-loopback', '--dns-server', dns.server, '--timeout', '1000', '--skip-crud', '--json']);
    expect(run.report?.checks.find((c) => c.id === 'private-ip')).toMatchObject({ status: 'pass', message: "every answer is its endpoint's IP (pl-0-eastus2.abc12.mongodb.net -> 127.0.0.3, atlas_pl_eastus2)" });
  });
});

describe('unusable input files', () => {
  const tmp = makeTmpDir('verify-files');
  afterAll(() => tmp.remove());
  const URI = `mongodb+srv://${SRV_HOST}`;
  const OUTPUTS_FORM = 'expected a file written by `cdktf output --outputs-file` or `terraform output -json`';

  function fifo(name: string): string {
    const path = join(tmp.path, name);
    if (!existsSync(path)) execFileSync('mkfifo', [path]);
    return path;
  }

  function file(name: string, content: string | Buffer): string {
    const path = join(tmp.path, name);
    writeFileSync(path, content);
    return path;
  }

  it.each([
    ['nested 100000 levels deep', () => file('deep.json', `${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}`), 'the outputs nest objects deeper than 32 levels'],
    ['of 11 MB', () => file('huge.json', `{"pad": "${'x'.repeat(11 * 1024 * 1024)}"}`), 'is larger than 10 MB'],
    ['an endless device', () => '/dev/zero', '"/dev/zero" is a device, not a regular file'],
    ['a directory', () => tmp.path, `${JSON.stringify(tmp.path)} is a directory, not a regular file`],
    ['a FIFO nobody writes to', () => fifo('outputs.fifo'), 'is a FIFO (named pipe), not a regular file'],
    ['binary garbage', () => file('garbage.json', Buffer.from([0, 1, 2, 0xff, 0xfe, ...Buffer.from(' password=hunter2-secret\n')])), 'is not JSON'],
    ['cut short', () => file('short.json', '{"stack": {"atlas_pl_eastus2_private_ip": '), 'is not JSON (it ends early)'],
    ['a list', () => file('list.json', '[{"atlas_pl_eastus2_private_ip": "10.20.1.4"}]'), 'must hold a JSON object of outputs'],
  ])('an outputs file %s is exit 2 with one line, no stack trace', async (_what, path, message) => {
    const run = await runVerifier(['--uri', URI, '--outputs', path(), ...NO_DNS, '--json']);
    expectOneLineUsageError(run, `atlas-pl-verify: --outputs: `);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trimEnd().endsWith(OUTPUTS_FORM)).toBe(true);
    // The parser's own message would quote the file's text.
    expect(run.stderr).not.toContain('hunter2');
  });

  it('a CA bundle that never ends is exit 2, not an out-of-memory crash', async () => {
    const run = await runVerifier(['--uri', URI, '--tls-ca-file', '/dev/zero', ...NO_DNS]);
    expectOneLineUsageError(run, 'atlas-pl-verify: --tls-ca-file: "/dev/zero" is a device, not a regular file; expected a PEM file of CA certificates');
  });

  it('a CA bundle that is a FIFO is exit 2 at once, not a hang', async () => {
    const run = await runVerifier(['--uri', URI, '--tls-ca-file', fifo('ca.fifo'), ...NO_DNS]);
    expect(run.wallMs).toBeLessThan(5000);
    expect(run.stderr).toContain('is a FIFO (named pipe), not a regular file; expected a PEM file of CA certificates');
  });

  it('an outputs file that starts with a UTF-8 byte-order mark is read', async () => {
    const path = file('bom.json', `\uFEFF${JSON.stringify({ s: { atlas_pl_eastus2_private_ip: '10.20.1.4' } })}`);
    const parsed = parseArgs(['--uri', URI, '--outputs', path], {});
    expect(parsed.kind === 'run' && parsed.options.endpoints.map((e) => e.privateIp)).toEqual(['10.20.1.4']);
  });
});
