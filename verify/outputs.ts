/**
 * Reads the stack outputs written by `cdktf output --outputs-file` ({stack: {name: value}}, maybe
 * nested deeper) or `terraform output -json` ({name: {value, type, sensitive}}), and picks the
 * per-endpoint values by name suffix so that any output prefix works.
 */
import { readFileSync } from 'fs';

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

export function readOutputsFile(path: string): EndpointOutputs[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new OutputsError(`cannot read "${path}": ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new OutputsError(`"${path}" is not JSON (${(e as Error).message})`);
  }
  if (!isObject(json)) throw new OutputsError(`"${path}" must hold a JSON object of outputs`);
  return endpointsFromOutputs(json);
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

/** Leaf [name, value] pairs; a terraform {value, type, sensitive} wrapper counts as a leaf. */
export function flattenOutputs(json: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  const walk = (obj: Record<string, unknown>): void => {
    for (const [name, value] of Object.entries(obj)) {
      if (isObject(value) && 'value' in value && ('type' in value || 'sensitive' in value)) out.push([name, value.value]);
      else if (isObject(value)) walk(value);
      else out.push([name, value]);
    }
  };
  walk(json);
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
