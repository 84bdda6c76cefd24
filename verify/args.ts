/** Command-line and environment parsing. Every error names the flag and the expected form. */
import { isIP } from 'net';
import { parseArgs as parseArgsNode, type ParseArgsConfig } from 'util';
import { InputFileError, readInputFile } from './input-file';
import { PRIVATE_RANGES, whyNotEndpointIp } from './ip';
import { OutputsError, readOutputsFile, type EndpointOutputs } from './outputs';
import type { IpExpectations } from './probes/private-ip';
import { AZURE_DNS } from './probes/resolver-identity';
import { resolveTargets } from './targets';
import { UsageError } from './usage-error';
import { URI_FORM, type SrvUri } from './uri';

export interface DnsServer {
  readonly address: string;
  readonly port: number;
}

export interface Options {
  /** Every SRV host to check: --uri (or MONGODB_URI) and each *_srv_connection_string output. */
  readonly targets: readonly SrvUri[];
  readonly endpoints: readonly EndpointOutputs[];
  readonly outputsFile?: string;
  readonly expectations: IpExpectations;
  readonly dnsServers: readonly DnsServer[];
  readonly timeoutMs: number;
  readonly deadlineMs: number;
  readonly skipCrud: boolean;
  readonly db: string;
  readonly collection: string;
  readonly tlsCaFile?: string;
  readonly json: boolean;
  /** --azure-resolver: the resolver asked is Azure DNS, or forwards every query to it. */
  readonly azureResolver: boolean;
}

export type ParseResult = { kind: 'help' } | { kind: 'diagnoses' } | { kind: 'run'; options: Options };

export const DEFAULT_TIMEOUT_MS = 5000;

/** Every flag; util.parseArgs does the tokenising, our checks below give the messages. */
const FLAGS = {
  uri: { type: 'string', multiple: true },
  outputs: { type: 'string', multiple: true },
  'expect-ip': { type: 'string', multiple: true },
  'dns-server': { type: 'string', multiple: true },
  timeout: { type: 'string', multiple: true },
  deadline: { type: 'string', multiple: true },
  db: { type: 'string', multiple: true },
  collection: { type: 'string', multiple: true },
  'tls-ca-file': { type: 'string', multiple: true },
  'skip-crud': { type: 'boolean' },
  json: { type: 'boolean' },
  'allow-loopback': { type: 'boolean' },
  'azure-resolver': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  'list-diagnoses': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

type FlagName = keyof typeof FLAGS;

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParseResult {
  // Not strict: we check the tokens ourselves so that every message names the flag our way.
  const { values: raw, tokens } = parseArgsNode({ args: [...argv], options: FLAGS, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) checkToken(token);
  const values = raw as { [K in FlagName]?: (typeof FLAGS)[K]['type'] extends 'string' ? string[] : boolean };
  if (values.help) return { kind: 'help' };
  if (values['list-diagnoses']) return { kind: 'diagnoses' };

  const single = (name: `--${FlagName}`): string | undefined => {
    const list = values[name.slice(2) as FlagName] as string[] | undefined;
    if (list && list.length > 1) throw new UsageError(`${name}: given ${list.length} times, expected once`);
    return list?.[0];
  };

  // Flag syntax first, so that a typo is reported before any file is read.
  const allowLoopback = values['allow-loopback'] === true;
  const givenIps = (values['expect-ip'] ?? []).map((ip) => parseExpectedIp(ip, allowLoopback));
  const dnsServers = (values['dns-server'] ?? []).map(parseDnsServer);
  const timeoutMs = parseMs('--timeout', single('--timeout')) ?? DEFAULT_TIMEOUT_MS;
  const givenDeadlineMs = parseMs('--deadline', single('--deadline'));
  const db = parseName('--db', single('--db')) ?? 'pe_verify';
  const collection = parseName('--collection', single('--collection')) ?? 'hello';

  const outputsFile = single('--outputs');
  let endpoints: EndpointOutputs[] = [];
  if (outputsFile !== undefined) {
    try {
      endpoints = readOutputsFile(outputsFile);
    } catch (e) {
      if (e instanceof OutputsError) throw new UsageError(`--outputs: ${e.message}`);
      throw e;
    }
  }
  for (const e of endpoints) if (e.privateIp !== undefined) checkOutputIp(e.privateIpSource, e.privateIp, allowLoopback);
  const targets = resolveTargets(single('--uri'), nonEmpty(env.MONGODB_URI), endpoints);
  return {
    kind: 'run',
    options: {
      targets,
      endpoints,
      outputsFile,
      expectations: { given: [...new Set(givenIps)], endpoints: endpoints.filter((e) => e.privateIp !== undefined), allowLoopback },
      dnsServers,
      timeoutMs,
      // Worst case per SRV host: about one timeout per DNS step, one for TCP, three for the driver.
      deadlineMs: givenDeadlineMs ?? timeoutMs * 8 * Math.max(1, targets.length),
      skipCrud: values['skip-crud'] === true,
      db,
      collection,
      tlsCaFile: parseCaFile(single('--tls-ca-file')),
      json: values.json === true,
      azureResolver: values['azure-resolver'] === true,
    },
  };
}

type Token = ReturnType<typeof parseArgsNode>['tokens'] extends Array<infer T> | undefined ? T : never;

function checkToken(token: Token): void {
  // Not quoted: a connection string typed without --uri would be echoed with its password.
  if (token.kind === 'positional') throw new UsageError(`unexpected argument (word ${token.index + 1}): not a flag; a connection string goes after --uri; see --help`);
  if (token.kind !== 'option') return;
  const spec = (FLAGS as Record<string, { type: string }>)[token.name];
  if (!spec) throw new UsageError(`unknown flag ${token.rawName}; see --help`);
  if (spec.type === 'boolean' && token.value !== undefined) throw new UsageError(`${token.rawName}: takes no value`);
  // Like strict mode: "--uri --json" is a forgotten value, not a URI named "--json".
  // A negative number ("--deadline -5") is a value, and its flag's own check says what is wrong with it.
  if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-') && !/^-\d/.test(token.value)))) {
    throw new UsageError(`--${token.name}: expected a value (${formOf(`--${token.name}`)})`);
  }
}

/** CA bundles are at most a few hundred kilobytes (the system bundle is ~200 KB). */
const MAX_CA_BYTES = 10 * 1024 * 1024;

function parseCaFile(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const form = 'expected a PEM file of CA certificates';
  let text: string;
  try {
    text = readInputFile(path, MAX_CA_BYTES);
  } catch (e) {
    if (e instanceof InputFileError) throw new UsageError(`--tls-ca-file: ${e.message}; ${form}`);
    throw e;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UsageError(`--tls-ca-file: ${JSON.stringify(path)} holds no PEM certificate; ${form}`);
  return path;
}

function formOf(name: string): string {
  switch (name) {
    case '--uri':
      return URI_FORM;
    case '--expect-ip':
      return `the private endpoint's IP (${PRIVATE_RANGES}), e.g. 10.20.1.4`;
    case '--dns-server':
      return 'ip, ip:port or [ipv6]:port, e.g. 10.0.0.4 or 127.0.0.1:5353';
    case '--timeout':
    case '--deadline':
      return 'a whole number of milliseconds between 1 and 600000';
    case '--db':
    case '--collection':
      return 'a MongoDB name without spaces, "$", "/" or "."';
    default:
      return 'a file path';
  }
}

function parseExpectedIp(value: string, allowLoopback: boolean): string {
  const why = whyNotEndpointIp(value, allowLoopback);
  if (why) throw new UsageError(`--expect-ip: ${quote(value)} is ${why}; expected ${formOf('--expect-ip')}`);
  return value;
}

function checkOutputIp(name: string, value: string, allowLoopback: boolean): void {
  const why = whyNotEndpointIp(value, allowLoopback);
  if (why) throw new UsageError(`--outputs: ${name} is ${quote(value)}, ${why}; expected the private endpoint's IP (${PRIVATE_RANGES})`);
}

/** A value as typed, on one line and of bounded length (a pasted file is not repeated whole). */
export function quote(value: string): string {
  return value.length > 80 ? `${JSON.stringify(`${value.slice(0, 60)}...`)} (${value.length} characters)` : JSON.stringify(value);
}

export function parseDnsServer(value: string): DnsServer {
  const bad = (): never => {
    throw new UsageError(`--dns-server: expected ${formOf('--dns-server')}, got ${quote(value)}`);
  };
  let address = value;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) [, address, portText] = bracketed;
  else if (isIP(value) !== 6 && value.includes(':')) {
    const v4WithPort = /^([^:]+):([^:]*)$/.exec(value);
    if (!v4WithPort) bad();
    [, address, portText] = v4WithPort as RegExpExecArray;
  }
  if (!isIP(address)) bad();
  const port = portText === undefined ? 53 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535 || (portText !== undefined && !/^\d+$/.test(portText))) bad();
  return { address, port };
}

function parseMs(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 600000) {
    const why = /^-\d/.test(value) ? ' (negative)' : '';
    throw new UsageError(`${name}: expected ${formOf(name)}, got ${quote(value)}${why}`);
  }
  return n;
}

function parseName(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[^\s$/\\.\0"]{1,63}$/.test(value)) throw new UsageError(`${name}: expected ${formOf(name)}, got ${quote(value)}`);
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

export const HELP = `atlas-pl-verify: prove that DNS, TCP and a MongoDB round trip reach MongoDB Atlas over the Azure private endpoint

Usage: atlas-pl-verify [--uri <uri>] [--outputs <file>] [options]

  --uri <uri>              ${URI_FORM} (env MONGODB_URI); credentials optional
  --outputs <file>         stack outputs JSON (cdktf output --outputs-file, or terraform output -json):
                           each region's private IP, more SRV hosts to check (one per region), the Atlas status
  --expect-ip <ip>         the endpoint's private IP (${PRIVATE_RANGES}); repeatable
  --dns-server <ip[:port]> resolver to ask, also [ipv6]:port (default: the system's)
  --timeout <ms>           bound of each DNS query, TCP connect and driver step (default ${DEFAULT_TIMEOUT_MS})
  --deadline <ms>          bound of the whole run (default 8 x --timeout per SRV host)
  --skip-crud              do not write the scratch document
  --db <name>              scratch database (default pe_verify)
  --collection <name>      scratch collection (default hello)
  --tls-ca-file <file>     CA bundle (PEM) for the TLS connection
  --json                   print the report as JSON on stdout
  --azure-resolver         the resolver asked is Azure DNS (${AZURE_DNS}) or forwards every query to it
                           (e.g. a local dnsmasq); found by itself for 168.63.129.16 and systemd-resolved
  --allow-loopback         accept 127.0.0.0/8 and ::1 as the endpoint's IP (for tests only)
  --list-diagnoses         print every diagnosis code with its cause and fix
  --help                   this text

Checks: control-plane, dns-srv, dns-txt, dns-a, private-ip, tcp, crud.
Exit status: 0 all passed or skipped for a stated reason, 1 a check failed, 2 bad usage or input,
3 a bug in atlas-pl-verify.
Every failed check prints a diagnosis: a stable code, the cause and what to do (--list-diagnoses).
Interrupted (Ctrl-C, SIGTERM) during the round trip, it removes its scratch document first, then
exits 130 (SIGINT) or 143 (SIGTERM).
`;
