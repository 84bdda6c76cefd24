/**
 * The rehearsal's parts that need no namespace: bounded command output, --exec's process group,
 * shell quoting of what --keep writes and prints, endpoint keys from the outputs.
 */
import { execFileSync } from 'child_process';
import { statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { makeTmpDir } from '../harness/tmp';
import { ChildSet, runCommand } from '../../rehearse/processes';
import { shellQuote } from '../../rehearse/stage';
import { keyEndpoints, type Estate } from '../../rehearse/state';
import { processesUsing } from './support';

const tmp = makeTmpDir('rehearse-units');
const children = new ChildSet();
afterAll(async () => {
  await children.stopAll();
  tmp.remove();
});

describe('runCommand', () => {
  it('keeps the tail of the output in memory, counts the rest, and logs all of it', async () => {
    const log = join(tmp.path, 'out.log');
    const run = await runCommand(children, ['sh', '-c', "head -c 5000000 /dev/zero | tr '\\0' a; echo; echo end; echo err >&2"], { timeoutMs: 20_000, keepBytes: 1000, logFile: log });
    expect(run.code).toBe(0);
    expect(run.stdout).toHaveLength(1000);
    expect(run.stdout.endsWith('aaa\nend\n')).toBe(true);
    expect(run.stderr).toBe('err\n');
    expect(run.droppedBytes).toBe(5_000_000 + 5 - 1000);
    expect(statSync(log).size).toBe(5_000_000 + 9);
    expect(statSync(log).mode & 0o777).toBe(0o600);
  });

  it('in its own group, a command is judged by its own exit: what it left running is ended, not waited for', async () => {
    const marker = join(tmp.path, 'left-behind');
    const run = await runCommand(children, ['sh', '-c', 'sleep 300 & echo started; exit 0'], { timeoutMs: 20_000, group: true, env: { ...process.env, TMPDIR: marker } });
    expect(run).toMatchObject({ code: 0, timedOut: false, stdout: 'started\n' });
    expect(run.ms).toBeLessThan(5000);
    expect(processesUsing(marker)).toEqual([]);
  });

  it('at the timeout, the whole group is ended (a child holding the output included)', async () => {
    const marker = join(tmp.path, 'timed-out');
    const run = await runCommand(children, ['sh', '-c', 'sleep 300 & sleep 301'], { timeoutMs: 500, group: true, env: { ...process.env, TMPDIR: marker } });
    expect(run.timedOut).toBe(true);
    expect(run.ms).toBeLessThan(4000);
    expect(processesUsing(marker)).toEqual([]);
  });

  it('a command that cannot start reports why', async () => {
    const run = await runCommand(children, ['/nonexistent/cmd'], { timeoutMs: 5000, group: true });
    expect(run.code).toBeNull();
    expect(run.stderr).toContain('ENOENT');
  });
});

describe('shellQuote (teardown.sh, the env file, the printed commands)', () => {
  it.each(['/tmp/plain/teardown.sh', '/tmp/with space/x', "/tmp/it's/x", '/tmp/$(touch pwned)/`x`', '/tmp/a\nb', ''])('%j reaches the shell as one word, unchanged', (word) => {
    expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(word)}`], { encoding: 'utf8' })).toBe(word);
  });
});

describe('keyEndpoints: step labels carry the endpoint key', () => {
  const estate: Estate = {
    endpoints: [
      { id: '/pe/a', key: 'eastus2', ip: '10.20.1.4' },
      { id: '/pe/b', key: 'eastus2', ip: '10.30.1.4' },
    ],
    published: [],
    privateZones: [],
  };

  it('reads the flat <prefix>_<key>_private_endpoint_id outputs, with a prefix that holds "_"', () => {
    const outputs = {
      my_pl_eastus2_private_endpoint_id: { value: '/pe/a' },
      my_pl_eastus2_2_private_endpoint_id: { value: '/pe/b' },
      my_pl_eastus2_2_private_ip: { value: '10.30.1.4' },
      other_eastus2_private_endpoint_id: { value: '/pe/zzz' },
    };
    expect(keyEndpoints(estate, outputs, 'my_pl').endpoints.map((e) => e.key)).toEqual(['eastus2', 'eastus2_2']);
  });

  it('prefers the self-describing <prefix>_<key>_endpoint object', () => {
    const outputs = {
      atlas_pl_prod_endpoint: { value: { kind: 'atlas-azure-private-link-endpoint', key: 'prod', private_endpoint_id: '/pe/a' } },
      atlas_pl_prod_private_endpoint_id: { value: '/pe/a' },
    };
    expect(keyEndpoints(estate, outputs, 'atlas_pl').endpoints.map((e) => e.key)).toEqual(['eastus2', 'prod']);
  });
});

it('the env file format is what the shell reads back', () => {
  // Guard for the --keep env file: quoted values survive `.` in sh.
  const file = join(tmp.path, 'x.env');
  const uri = "mongodb+srv://rehearse:a-b_c@h/?x=1&y='2'";
  writeFileSync(file, `export MONGODB_URI=${shellQuote(uri)}\n`);
  expect(execFileSync('sh', ['-c', '. "$0" && printf %s "$MONGODB_URI"', file], { encoding: 'utf8' })).toBe(uri);
});
