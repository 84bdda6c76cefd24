/** Flags of `npm run rehearse`. Every error names the flag and the expected form (exit 2). */
import { existsSync, statSync } from 'fs';
import { isAbsolute, join, resolve } from 'path';
import { FAULT_NAMES } from './catalogue';
import { SCENARIOS, type Scenario } from './dns';

/** Every --scenario value: the DNS scenarios of dns.ts, the fault catalogue, and `all` of it. */
const SCENARIO_NAMES = [...new Set([...SCENARIOS, ...FAULT_NAMES, 'all'])];

export interface Options {
  readonly config: string;
  readonly world: string;
  readonly scenario: Scenario;
  /** Catalogue scenarios to run on one apply (`--scenario all`, or one fault that dns.ts does not stage). */
  readonly faults?: readonly string[];
  readonly exec?: string;
  readonly execTimeoutMs: number;
  readonly keep: boolean;
  readonly json: boolean;
  /** Where relative paths and --exec run from: the directory `npm run` was started in. */
  readonly cwd: string;
}

export type ParseResult = { kind: 'help' } | { kind: 'cleanup' } | { kind: 'run'; options: Options };

export class UsageError extends Error {}

const VALUE_FLAGS: Record<string, string> = {
  '--config': 'a config file such as config/example.json',
  '--world': 'a replay world file such as tools/replay-provider/world.example.json',
  '--scenario': `one of ${SCENARIO_NAMES.join(', ')}`,
  '--exec': 'a shell command such as "node app.js"',
  '--exec-timeout': 'whole seconds between 1 and 3600',
};
const BOOLEAN_FLAGS = ['--keep', '--json', '--cleanup', '--help', '-h'];

export const USAGE = `usage: npm run rehearse -- [--config <file>] [--scenario <name>] [--exec "<command>"] [--keep] [--json]
       npm run rehearse -- --cleanup

Applies the stack offline on the replay provider, builds its private network (namespace, Knot
DNS from the state, FerretDB on the endpoint IPs with TLS and a SCRAM user), proves the path
with atlas-pl-verify, then runs --exec inside the namespace. Needs root. See docs/rehearse.md.

  --config <file>          stack config (default config/example.json)
  --world <file>           replay world (default tools/replay-provider/world.example.json)
  --scenario <name>        ${SCENARIOS.join(' | ')} (default default), a fault of the catalogue
                           (${FAULT_NAMES.filter((n) => !(SCENARIOS as readonly string[]).includes(n)).join(', ')}),
                           or all: the whole catalogue on one apply, one table (docs/troubleshooting.md);
                           custom-dns / custom-dns-not-forwarding: the client asks a custom DNS
                           server that forwards the <prefix>_dns_forwarding domains to the
                           resolver's inbound IP (or forwards nothing); needs dns.resolver
  --exec "<command>"       run inside the namespace with MONGODB_URI, MONGODB_DB, NODE_EXTRA_CA_CERTS
  --exec-timeout <s>       bound of --exec (default 120)
  --keep                   leave the namespace running; prints how to enter and tear it down
  --json                   one JSON report on stdout, nothing else
  --cleanup                tear down every rehearsal not running now: what a killed run left
                           behind and what --keep left running; then exit
`;

function readableFile(flag: string, value: string, cwd: string): string {
  const path = isAbsolute(value) ? value : resolve(cwd, value);
  if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`${flag}: no such file "${value}" (expected ${VALUE_FLAGS[flag]})`);
  return path;
}

export function parseArgs(argv: readonly string[], cwd: string, repoRoot: string): ParseResult {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (name in VALUE_FLAGS) {
      const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
      if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`${name}: expected a value (${VALUE_FLAGS[name]})`);
      if (values.has(name)) throw new UsageError(`${name}: given twice, expected once`);
      values.set(name, value);
    } else if (BOOLEAN_FLAGS.includes(name) && eq === -1) {
      flags.add(name);
    } else {
      throw new UsageError(`${arg.startsWith('-') ? `unknown flag ${name}` : `unexpected argument "${arg}"`}; see --help`);
    }
  }
  if (flags.has('--help') || flags.has('-h')) return { kind: 'help' };
  if (flags.has('--cleanup')) {
    const other = [...values.keys(), ...flags].find((f) => f !== '--cleanup');
    if (other) throw new UsageError(`--cleanup: takes no other flag, got ${other}`);
    return { kind: 'cleanup' };
  }

  const scenario = values.get('--scenario') ?? 'default';
  if (!SCENARIO_NAMES.includes(scenario)) throw new UsageError(`--scenario: expected ${VALUE_FLAGS['--scenario']}, got "${scenario}"`);
  const isDnsScenario = (SCENARIOS as readonly string[]).includes(scenario);
  const faults = scenario === 'all' ? FAULT_NAMES : isDnsScenario ? undefined : [scenario];
  if (faults && flags.has('--keep')) throw new UsageError(`--keep: not with --scenario ${scenario} (keep one DNS scenario, or stage a fault by hand)`);
  const exec = values.get('--exec');
  if (exec !== undefined && exec.trim() === '') throw new UsageError(`--exec: expected ${VALUE_FLAGS['--exec']}, got an empty string`);
  const timeoutText = values.get('--exec-timeout');
  let execTimeoutMs = 120_000;
  if (timeoutText !== undefined) {
    if (!/^\d+$/.test(timeoutText) || Number(timeoutText) < 1 || Number(timeoutText) > 3600) {
      throw new UsageError(`--exec-timeout: expected ${VALUE_FLAGS['--exec-timeout']}, got "${timeoutText}"`);
    }
    execTimeoutMs = Number(timeoutText) * 1000;
  }
  // Defaults live in the repository; paths the user gives are relative to where they ran npm.
  const config = values.has('--config') ? readableFile('--config', values.get('--config')!, cwd) : join(repoRoot, 'config', 'example.json');
  const world = values.has('--world') ? readableFile('--world', values.get('--world')!, cwd) : join(repoRoot, 'tools', 'replay-provider', 'world.example.json');
  return {
    kind: 'run',
    options: { config, world, scenario: isDnsScenario ? (scenario as Scenario) : 'default', ...(faults ? { faults } : {}), exec, execTimeoutMs, keep: flags.has('--keep'), json: flags.has('--json'), cwd },
  };
}
