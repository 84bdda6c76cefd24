/**
 * Input problems: the compiled CLI as a child process must exit 2 with one line on stderr that
 * names the wrong part, nothing on stdout, and never any piece of a password, with or without
 * --json, whichever way the connection string was passed.
 */
import { runVerifier, type VerifierRun } from '../harness/run-verifier';
import { SRV_HOST } from '../harness/zones';

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
    { source: '--uri', args: ['--uri', uri], env: {} },
    { source: '--uri', args: [`--uri=${uri}`], env: {} },
    { source: 'MONGODB_URI', args: [], env: { MONGODB_URI: uri } },
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
    const runs = await Promise.all(passwords.map((pw) => runVerifier(['--uri', uriWith(encodeURIComponent(pw)), '--json'])));
    runs.forEach((run, i) => {
      expectOneLineUsageError(run, message);
      expectNoPassword(run, passwords[i]);
    });
  });

  it('does not echo a connection string given without --uri', async () => {
    const password = passwordWith('/');
    const run = await runVerifier([`mongodb+srv://app:${password}@${SRV_HOST}/`, '--json']);
    expectOneLineUsageError(run, 'unexpected argument (word 1): not a flag; a connection string goes after --uri');
    expectNoPassword(run, password);
  });

  it('redacts a password in a value given to the wrong flag', async () => {
    const password = passwordWith('?');
    const run = await runVerifier(['--outputs', `mongodb+srv://app:${password}@${SRV_HOST}/`]);
    expectOneLineUsageError(run, '--outputs: cannot read');
    expectNoPassword(run, password);
  });
});
