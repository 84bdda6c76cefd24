/**
 * Reads the stack outputs written by `cdktf output --outputs-file` ({stack: {name: value}}, maybe
 * nested deeper) or `terraform output -json` ({name: {value, type, sensitive}}), and picks the
 * per-endpoint values by name suffix so that any output prefix works.
 */
import { InputFileError, readInputFile } from './input-file';

export interface EndpointOutputs {
  /** The output name without its suffix, e.g. "atlas_pl_eastus2". */
  readonly stem: string;
  /** The endpoint key: the stem's last "_" segment, the Azure region by convention. */
  readonly key: string;
  readonly privateIp?: string;
  readonly privateEndpointId?: string;
  readonly atlasLinkId?: string;
  readonly linkStatus?: string;
  readonly atlasStatus?: string;
  readonly srvConnectionString?: string;
}

export class OutputsError extends Error {}

const SUFFIXES: ReadonlyArray<[string, keyof Omit<EndpointOutputs, 'stem' | 'key'>]> = [
  ['_private_endpoint_id', 'privateEndpointId'],
  ['_srv_connection_string', 'srvConnectionString'],
  ['_atlas_link_id', 'atlasLinkId'],
  ['_atlas_status', 'atlasStatus'],
  ['_link_status', 'linkStatus'],
  ['_private_ip', 'privateIp'],
];

/** Outputs files are kilobytes; the bound only keeps a wrong path from exhausting memory. */
const MAX_BYTES = 10 * 1024 * 1024;
/** cdktf nests stack > construct > name; terraform is flat. Far deeper is not an outputs file. */
const MAX_DEPTH = 32;
const EXPECTED_FORM = 'expected a file written by `cdktf output --outputs-file` or `terraform output -json`';

export function readOutputsFile(path: string): EndpointOutputs[] {
  let text: string;
  try {
    text = readInputFile(path, MAX_BYTES);
  } catch (e) {
    if (e instanceof InputFileError) throw new OutputsError(`${e.message}; ${EXPECTED_FORM}`);
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    // Not the parser's message: it quotes the file's text, which may be anything (even secrets).
    throw new OutputsError(`${JSON.stringify(path)} is not JSON${whereInText(text, (e as Error).message)}; ${EXPECTED_FORM}`);
  }
  if (!isObject(json)) throw new OutputsError(`${JSON.stringify(path)} must hold a JSON object of outputs; ${EXPECTED_FORM}`);
  return endpointsFromOutputs(json);
}

/** " (line L, column C)" when the parser says where it stopped. */
function whereInText(text: string, parserMessage: string): string {
  const position = /at position (\d+)/.exec(parserMessage)?.[1];
  if (position === undefined) return /end of JSON input/.test(parserMessage) ? ' (it ends early)' : '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
}

export function endpointsFromOutputs(json: Record<string, unknown>): EndpointOutputs[] {
  const byStem = new Map<string, Record<string, string>>();
  for (const [name, value] of flattenOutputs(json)) {
    const match = SUFFIXES.find(([suffix]) => name.endsWith(suffix) && name.length > suffix.length);
    if (!match) continue;
    // A private IP that is not a string would silently drop the expectation; statuses may be null.
    if (match[1] === 'privateIp' && typeof value !== 'string') throw new OutputsError(`${name} is ${kindOf(value)}; expected the endpoint's private IP as a string`);
    if (typeof value !== 'string') continue;
    const stem = name.slice(0, -match[0].length);
    const entry = byStem.get(stem) ?? {};
    entry[match[1]] = value;
    byStem.set(stem, entry);
  }
  return [...byStem.entries()].map(([stem, fields]) => ({ stem, key: stem.split('_').pop() ?? stem, ...fields }));
}

/**
 * Leaf [name, value] pairs; a terraform {value, type, sensitive} wrapper counts as a leaf.
 * Iterative and depth-bounded: a deeply nested file is an input problem, not a stack overflow.
 */
export function flattenOutputs(json: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  // One entry iterator per open object: depth-first in file order, like a recursive walk.
  const open = [Object.entries(json).values()];
  while (open.length > 0) {
    const next = open[open.length - 1].next();
    if (next.done) {
      open.pop();
      continue;
    }
    const [name, value] = next.value;
    if (isObject(value) && 'value' in value && ('type' in value || 'sensitive' in value)) out.push([name, value.value]);
    else if (!isObject(value)) out.push([name, value]);
    else if (open.length >= MAX_DEPTH) throw new OutputsError(`the outputs nest objects deeper than ${MAX_DEPTH} levels; ${EXPECTED_FORM}`);
    else open.push(Object.entries(value).values());
  }
  return out;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
