/** The parts of a synthesized `cdk.tf.json` that the handoff reads. */

export type Blocks = Record<string, Record<string, Record<string, unknown>>>;

export interface TfJson {
  readonly resource?: Blocks;
  readonly data?: Blocks;
  readonly locals?: Record<string, unknown>;
  readonly output?: Record<string, { value?: unknown; description?: string; sensitive?: boolean }>;
  readonly variable?: Record<string, { type?: string; description?: string; default?: unknown; sensitive?: boolean }>;
  readonly terraform?: {
    readonly backend?: Record<string, Record<string, unknown>>;
    readonly cloud?: Record<string, unknown>;
    readonly required_providers?: Record<string, { source?: string; version?: string }>;
  };
  readonly [key: string]: unknown;
}

export interface ProviderRequirement {
  readonly name: string;
  /** Registry address as Terraform reads it: a bare `azurerm` means `hashicorp/azurerm`. */
  readonly source: string;
  readonly version: string;
}

export interface Backend {
  readonly type: string;
  readonly settings: Record<string, unknown>;
}

export function providers(json: TfJson): ProviderRequirement[] {
  return Object.entries(json.terraform?.required_providers ?? {})
    .map(([name, req]) => {
      const source = req.source ?? name;
      return { name, source: source.includes('/') ? source : `hashicorp/${source}`, version: req.version ?? '(any)' };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function outputs(json: TfJson): { name: string; description: string; sensitive: boolean }[] {
  return Object.entries(json.output ?? {})
    .map(([name, o]) => ({ name, description: o.description ?? '', sensitive: o.sensitive === true }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function variables(json: TfJson): { name: string; type: string; description: string; required: boolean }[] {
  return Object.entries(json.variable ?? {})
    .map(([name, v]) => ({ name, type: v.type ?? 'any', description: v.description ?? '', required: !('default' in v) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The state backend; `cloud` is a block of its own in Terraform, not a backend, but plays the same part. */
export function backend(json: TfJson): Backend {
  if (json.terraform?.cloud) return { type: 'cloud', settings: json.terraform.cloud };
  const [entry] = Object.entries(json.terraform?.backend ?? {});
  return entry ? { type: entry[0], settings: entry[1] } : { type: 'local', settings: {} };
}

/** `type.name` addresses of every resource, and `data.type.name` of every data source. */
export function addresses(json: TfJson): string[] {
  const of = (blocks: Blocks | undefined, prefix: string) =>
    Object.entries(blocks ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${prefix}${type}.${name}`));
  return [...of(json.resource, ''), ...of(json.data, 'data.')];
}

/** A block by address, as `addresses` spells it. */
export function block(json: TfJson, address: string): Record<string, unknown> {
  const parts = address.split('.');
  const [blocks, type, name] = parts[0] === 'data' ? [json.data, parts[1], parts[2]] : [json.resource, parts[0], parts[1]];
  const found = blocks?.[type]?.[name];
  if (!found) throw new Error(`no block ${address} in the synthesized JSON`);
  return found;
}

/** The construct path cdktf records in each block's metadata, e.g. `stack/AtlasPrivateLink/Service-eastus2/Resource`. */
export function constructPath(json: TfJson, address: string): string | undefined {
  const meta = (block(json, address)['//'] as { metadata?: { path?: string } } | undefined)?.metadata;
  return meta?.path;
}
