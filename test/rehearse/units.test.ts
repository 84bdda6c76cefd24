/**
 * The rehearsal's parts that need no namespace: bounded command output, --exec's process group,
 * shell quoting of what --keep writes and prints, endpoint keys from the outputs, the custom-DNS
 * scenarios' reading of <prefix>_dns_forwarding and the forwarder's Knot configuration.
 */
import { execFileSync } from 'child_process';
import { statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { makeTmpDir } from '../harness/tmp';
import { ChildSet, runCommand } from '../../rehearse/processes';
import { shellQuote } from '../../rehearse/stage';
import { keyEndpoints, type Estate } from '../../rehearse/state';
import { NoForwarding, planCustomDns, readForwarding } from '../../rehearse/custom-dns';
import { forwardingConf } from '../../rehearse/knot';
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

describe('custom-DNS scenarios: the <prefix>_dns_forwarding output and the forwarder', () => {
  const estate: Estate = {
    endpoints: [{ id: 'pe-east', key: 'eastus2', ip: '10.40.1.4' }],
    published: [
      { endpointId: 'pe-east', srvHost: 'cluster0-pl-0.abc12.mongodb.net', targets: [{ host: 'pl-0-eastus2.abc12.mongodb.net', port: 1024 }], txt: 'authSource=admin', replicaSet: 'rs' },
    ],
    privateZones: [{ name: 'pl-0-eastus2.abc12.mongodb.net', records: [{ name: 'pl-0-eastus2.abc12.mongodb.net', type: 'A', address: '10.40.1.4' }] }],
  };
  const outputs = (value: unknown): Record<string, { value?: unknown }> => ({ lz_dns_forwarding: { value } });

  it('reads the domains and targets, and plans the inbound endpoint, the internet (no pl- answer) and the conditional forwarders', () => {
    const entries = readForwarding(outputs([{ domain: 'PL-0-eastus2.abc12.mongodb.net.', forward_to: ['10.0.2.4', '10.0.2.5'] }]), 'lz');
    expect(entries).toEqual([{ domain: 'pl-0-eastus2.abc12.mongodb.net', forwardTo: ['10.0.2.4', '10.0.2.5'] }]);
    const plan = planCustomDns(estate, 'custom-dns', entries);
    expect(plan.inbound.addresses).toEqual(['10.0.2.4', '10.0.2.5']);
    expect(plan.inbound.zones.map((z) => z.name)).toEqual(['pl-0-eastus2.abc12.mongodb.net', '.']);
    expect(plan.inbound.zones[1].records.some((r) => r.name === 'pl-0-eastus2.abc12.mongodb.net')).toBe(true);
    expect(plan.internet.zones.map((z) => z.name)).toEqual(['.']);
    expect(plan.internet.zones[0].records.map((r) => `${r.type} ${r.name}`)).toEqual(['SRV _mongodb._tcp.cluster0-pl-0.abc12.mongodb.net', 'TXT cluster0-pl-0.abc12.mongodb.net']);
    expect(plan.forwarding).toEqual({ upstream: ['127.0.0.2'], conditional: [{ domain: 'pl-0-eastus2.abc12.mongodb.net', to: ['10.0.2.4', '10.0.2.5'] }] });
    expect(planCustomDns(estate, 'custom-dns-not-forwarding', entries).forwarding.conditional).toEqual([]);
  });

  it('writes one dnsproxy module per forwarded domain (fallback off) and a global one to the internet (fallback on)', () => {
    const conf = forwardingConf({ upstream: ['127.0.0.2'], conditional: [{ domain: 'pl-0-eastus2.abc12.mongodb.net', to: ['10.0.2.4', '10.0.2.5'] }] });
    expect(conf.head.join('\n')).toBe(
      ['remote:', '  - id: upstream', '    address: [ 127.0.0.2@53 ]', '  - id: forward-0', '    address: [ 10.0.2.4@53, 10.0.2.5@53 ]',
        'mod-dnsproxy:', '  - id: upstream', '    remote: upstream', '    fallback: on', '  - id: forward-0', '    remote: forward-0', '    fallback: off'].join('\n'),
    );
    expect(conf.template).toEqual(['    global-module: mod-dnsproxy/upstream']);
    expect(conf.zones).toEqual(['  - domain: "pl-0-eastus2.abc12.mongodb.net."', '    module: mod-dnsproxy/forward-0']);
  });

  it.each([
    [{}, /^the stack has no lz_dns_forwarding output: give the config a dns\.resolver /],
    [outputs([]), /^lz_dns_forwarding: expected a list of \{ domain, forward_to \}, got \[\]$/],
    [outputs([{ domain: 'x.mongodb.net' }]), /^lz_dns_forwarding\[0\]: expected \{ domain = "<zone>", forward_to = \["<inbound IP>", \.\.\.\] \}, got \{"domain":"x\.mongodb\.net"\}$/],
    [outputs([{ domain: 'x.mongodb.net', forward_to: ['168.63.129.16'] }]), /^lz_dns_forwarding\[0\]\.forward_to: "168\.63\.129\.16" is not a private IPv4 address /],
  ])('refuses %j, naming what is wrong (never a public address on an interface)', (given, message) => {
    expect(() => readForwarding(given as Record<string, { value?: unknown }>, 'lz')).toThrow(NoForwarding);
    expect(() => readForwarding(given as Record<string, { value?: unknown }>, 'lz')).toThrow(message);
  });
});
