/**
 * Reads the stack outputs written by `cdktf output --outputs-file` ({stack: {name: value}}, maybe
 * nested deeper) or `terraform output -json` ({name: {value, type, sensitive}}), and groups them
 * per endpoint: the self-describing `<prefix>_<key>_endpoint` object when present (see
 * endpoint-object.ts), else the flat `<prefix>_<key>_<suffix>` outputs, grouped by the stem left
 * after stripping a KNOWN suffix (keys and prefixes may hold "_", so never by the last "_").
 */
import { ENDPOINT_KIND, ENDPOINT_SUFFIX, readEndpointObject } from './endpoint-object';
import { InputFileError, readInputFile } from './input-file';
import { OutputsError, isObject, kindOf } from './outputs-error';
import { AZURE_TO_ATLAS_REGION } from '../lib/regions';

export interface EndpointOutputs {
  /** The output names' common part, `<prefix>_<key>`, e.g. "atlas_pl_eastus2_2". */
  readonly stem: string;
  /** The Azure region: the object's `region`, or an Azure region name that ends the flat stem. */
  readonly region?: string;
  readonly privateIp?: string;
  /** Where `privateIp` came from, for messages: `<stem>_private_ip` or `<stem>_endpoint.private_ip`. */
  readonly privateIpSource: string;
  readonly privateEndpointId?: string;
  readonly atlasLinkId?: string;
  readonly linkStatus?: string;
  readonly atlasStatus?: string;
  /** Azure's state of the endpoint's connection (Approved, Pending, Rejected, Disconnected); absent in older stacks. */
  readonly connectionStatus?: string;
  /** Where `connectionStatus` came from, for messages: `<stem>_connection_status` or `<stem>_endpoint.connection_status`. */
  readonly connectionSource?: string;
  /** Azure's description of that state (`request_response`), from the endpoint object. */
  readonly connectionResponse?: string;
  /** "" when present but not published yet. */
  readonly srvConnectionString?: string;
  readonly srvSource: string;
  /** The object's `hosts`: the host names that must resolve to `privateIp` (never for flat outputs). */
  readonly hosts?: readonly string[];
}

export { OutputsError };

type FlatField = 'privateIp' | 'privateEndpointId' | 'atlasLinkId' | 'linkStatus' | 'atlasStatus' | 'connectionStatus' | 'srvConnectionString';

/**
 * Every suffix the constructs write (AtlasAzurePrivateLink.OUTPUT_SUFFIXES), longest first so that
 * no suffix is taken for the end of a longer one; those the verifier does not read map to null.
 */
const SUFFIXES: ReadonlyArray<[string, FlatField | null]> = (
  [
    ['_private_link_service_resource_id', null],
    ['_private_link_service_name', null],
    ['_srv_connection_string', 'srvConnectionString'],
    ['_private_endpoint_id', 'privateEndpointId'],
    ['_registration_error', null],
    ['_connection_status', 'connectionStatus'],
    ['_atlas_link_id', 'atlasLinkId'],
    ['_atlas_status', 'atlasStatus'],
    ['_link_status', 'linkStatus'],
    ['_private_ip', 'privateIp'],
  ] as Array<[string, FlatField | null]>
).sort((a, b) => b[0].length - a[0].length);

/** Outputs files are kilobytes; the bound only keeps a wrong path from exhausting memory. */
const MAX_BYTES = 10 * 1024 * 1024;
/** cdktf nests stack > construct > name; terraform is flat. Far deeper is not an outputs file. */
const MAX_DEPTH = 32;
export const EXPECTED_FORM = 'expected a file written by `cdktf output --outputs-file` or `terraform output -json`';

export function readOutputsFile(path: string): EndpointOutputs[] {
  let text: string;
  try {
    text = readInputFile(path, MAX_BYTES);
  } catch (e) {
    if (e instanceof InputFileError) throw new OutputsError(`${e.message}; ${EXPECTED_FORM}`);
    throw e;
  }
  // A byte-order mark (Windows editors, PowerShell's Out-File) is not part of the JSON.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
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
  const flat = new Map<string, Partial<Record<FlatField, string>>>();
  const objects = new Map<string, EndpointOutputs>();
  for (const [name, value] of flattenOutputs(json)) {
    if (isObject(value) && value.kind === ENDPOINT_KIND) {
      if (!name.endsWith(ENDPOINT_SUFFIX)) throw new OutputsError(`${name} holds an endpoint object; expected its name to end with ${ENDPOINT_SUFFIX}`);
      const stem = name.slice(0, -ENDPOINT_SUFFIX.length);
      objects.set(stem, readEndpointObject(name, stem, value));
      continue;
    }
    const match = SUFFIXES.find(([suffix]) => name.endsWith(suffix) && name.length > suffix.length);
    if (!match || match[1] === null) continue;
    // A private IP that is not a string would silently drop the expectation; statuses may be null.
    if (match[1] === 'privateIp' && typeof value !== 'string') throw new OutputsError(`${name} is ${kindOf(value)}; expected the endpoint's private IP as a string`);
    if (typeof value !== 'string') continue;
    const stem = name.slice(0, -match[0].length);
    flat.set(stem, { ...flat.get(stem), [match[1]]: value });
  }
  const stems = [...new Set([...flat.keys(), ...objects.keys()])];
  return stems.map((stem) => {
    const fields = flat.get(stem) ?? {};
    const fromFlat: EndpointOutputs = {
      stem,
      region: regionInStem(stem),
      ...fields,
      privateIpSource: `${stem}_private_ip`,
      srvSource: `${stem}_srv_connection_string`,
      ...(fields.connectionStatus !== undefined ? { connectionSource: `${stem}_connection_status` } : {}),
    };
    // The object describes the endpoint; the flat outputs still carry the statuses.
    const object = objects.get(stem);
    return object ? { ...fromFlat, ...definedOnly(object) } : fromFlat;
  });
}

/**
 * The region of a flat stem: the constructs key an endpoint by its Azure region (`eastus2`, then
 * `eastus2_2`, ...) unless given a key. Only a name Atlas serves Azure Private Link in counts, so a
 * custom key ("prod") names no region.
 */
function regionInStem(stem: string): string | undefined {
  const parts = stem.toLowerCase().split('_');
  const last = /^\d+$/.test(parts[parts.length - 1]) && parts.length > 1 ? parts[parts.length - 2] : parts[parts.length - 1];
  return Object.prototype.hasOwnProperty.call(AZURE_TO_ATLAS_REGION, last) ? last : undefined;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Leaf [name, value] pairs; a terraform {value, type, sensitive} wrapper and an endpoint object
 * count as leaves. Iterative and depth-bounded: a deeply nested file is an input problem, not a
 * stack overflow.
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
    else if (!isObject(value) || value.kind === ENDPOINT_KIND) out.push([name, value]);
    else if (open.length >= MAX_DEPTH) throw new OutputsError(`the outputs nest objects deeper than ${MAX_DEPTH} levels; ${EXPECTED_FORM}`);
    else open.push(Object.entries(value).values());
  }
  return out;
}
