import { Token } from 'cdktf';
import { AzureRegions, RegionNames } from './regions';
import { invisibleCharacter, shown } from './text';
import { hasToken } from './tokens';

/**
 * Thrown for a bad prop or config value. The message always names the field, shows the
 * value (never a secret: none of the validated fields is one) and the expected form.
 */
export class InvalidPropError extends Error {
  constructor(
    public readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidPropError';
  }

  /** The message without the field, to re-throw under another field name. */
  public get detail(): string {
    return this.message.slice(this.field.length + 2);
  }
}

/** Values that hold tokens (references to other resources) are checked by Terraform, not here. */
export function isToken(value: unknown): boolean {
  return typeof value === 'string' ? hasToken(value) : Token.isUnresolved(value);
}

/** Rejects control and invisible characters; tokens never contain any, so mixed values are checked too. */
export function checkVisible(field: string, value: string | undefined): void {
  if (typeof value !== 'string') return;
  const found = invisibleCharacter(value);
  if (found) {
    throw new InvalidPropError(
      field,
      `${shown(value)} contains ${found.codePoint} (a control or invisible character) at position ${found.index}; ` +
        'use visible characters and plain spaces only',
    );
  }
}

export function requireNonEmpty(field: string, value: string | undefined): string {
  if (typeof value !== 'string' || (!isToken(value) && value.trim() === '')) {
    throw new InvalidPropError(field, `is required and must be a non-empty string${value === undefined || typeof value === 'string' ? '' : `; got ${described(value)}`}`);
  }
  checkVisible(field, value);
  return value;
}

export function checkRegion(field: string, value: string): RegionNames {
  requireNonEmpty(field, value);
  checkLiteral(field, value, 'the region picks the Atlas region and names resources at synthesis');
  const region = AzureRegions.lookup(value);
  if (!region) {
    throw new InvalidPropError(
      field,
      `${shown(value)} is not an Azure region that Atlas offers for Private Link; use the Azure form ` +
        `(e.g. eastus2) or the Atlas form (e.g. US_EAST_2). Valid Azure regions: ${AzureRegions.azureNames().join(', ')}`,
    );
  }
  return region;
}

export function checkPattern(field: string, value: string | undefined, pattern: RegExp, expected: string): void {
  if (value === undefined) return;
  requireNonEmpty(field, value);
  if (!isToken(value) && !pattern.test(value)) throw new InvalidPropError(field, `${shown(value)} ${expected}`);
}

/** Atlas project ids are 24 hex characters (a MongoDB ObjectId). */
export function checkProjectId(field: string, value: string): void {
  requireNonEmpty(field, value);
  checkPattern(field, value, /^[0-9a-f]{24}$/, 'is not an Atlas project id (24 hexadecimal characters)');
}

/** Atlas ids of other objects (a private link service) have the same form. */
export function checkAtlasId(field: string, value: string): void {
  requireNonEmpty(field, value);
  checkPattern(field, value, /^[0-9a-f]{24}$/, 'is not an Atlas id (24 hexadecimal characters)');
}

/** Atlas' own rule (Admin API): 1-64 ASCII letters, digits and hyphens, starting and ending with a letter or digit. */
export function checkClusterName(field: string, value: string | undefined): void {
  checkPattern(
    field,
    value,
    /^(?=.{1,64}$)([A-Za-z0-9][A-Za-z0-9-]*)?[A-Za-z0-9]$/,
    'is not an Atlas cluster name (1-64 ASCII letters, digits and hyphens, starting and ending with a letter or digit)',
  );
}

export function checkMaxLength(field: string, value: string | undefined, max: number): void {
  if (value === undefined || isToken(value)) return;
  if (value.length > max) {
    throw new InvalidPropError(field, `is ${value.length} characters long; the limit is ${max}`);
  }
}

/** DNS hostname such as pl-0-eastus2.abc12.mongodb.net (no scheme, no port, no trailing dot). */
export function checkHostname(field: string, value: string | undefined): void {
  const label = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  checkPattern(field, value, new RegExp(`^(?=.{1,253}$)${label}(\\.${label})+$`), 'is not a DNS hostname (e.g. pl-0-eastus2.abc12.mongodb.net)');
}

export function checkPort(field: string, value: number): void {
  if (isToken(value)) return;
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InvalidPropError(field, `${value} is not a TCP port (an integer from 1 to 65535)`);
  }
}

/** A timeout prop's value that leaves the timeout to the provider: no `timeouts` entry is written. */
export const PROVIDER_DEFAULT_TIMEOUT = 'provider-default';

/**
 * The timeouts this package accepts. Below a minute no Atlas or Azure operation here completes
 * (Atlas alone takes minutes to provision a private link service), so a shorter one only fails
 * the apply; a week is far beyond any of them, and much larger values overflow Go's durations
 * (about 2562047h) in the providers.
 */
export const MIN_TIMEOUT_SECONDS = 60;
export const MAX_TIMEOUT_SECONDS = 7 * 24 * 3600;

/** Terraform duration such as "1h", "90m", "1h30m" (1m to 168h), or PROVIDER_DEFAULT_TIMEOUT. */
export function checkDuration(field: string, value: string | undefined): void {
  if (value === PROVIDER_DEFAULT_TIMEOUT) return;
  checkPattern(field, value, /^(?=.)(\d+h)?(\d+m)?(\d+s)?$/, `is not a Terraform duration (e.g. "1h", "90m", "1h30m") or "${PROVIDER_DEFAULT_TIMEOUT}"`);
  if (value === undefined || isToken(value)) return;
  const [, h = '0', m = '0', sec = '0'] = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value) as string[];
  const seconds = Number(h) * 3600 + Number(m) * 60 + Number(sec);
  if (seconds < MIN_TIMEOUT_SECONDS || seconds > MAX_TIMEOUT_SECONDS) {
    throw new InvalidPropError(field, `${shown(value)} is outside the accepted range of 1m to 168h (a week); give a duration in that range or "${PROVIDER_DEFAULT_TIMEOUT}"`);
  }
}

/** A `timeouts` block: each given or defaulted duration, none where the provider's default is asked for. */
export function timeoutsBlock(create: string | undefined, del: string | undefined, fallback: string): { create?: string; delete?: string } | undefined {
  const pick = (v: string | undefined) => (v === PROVIDER_DEFAULT_TIMEOUT ? undefined : (v ?? fallback));
  const block = { create: pick(create), delete: pick(del) };
  return block.create === undefined && block.delete === undefined ? undefined : block;
}

/** Free text (messages, tag values): any visible characters, at most `max` of them. */
export function checkText(field: string, value: string | undefined, max: number): void {
  if (value === undefined) return;
  checkVisible(field, value);
  checkMaxLength(field, value, max);
}

/** What a value is, for messages about its type: `undefined`, `null`, `an array`, `a string "x"`, `a number (5)`. */
export function described(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `a string ${shown(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  return `${typeof value === 'object' ? 'an' : 'a'} ${typeof value}`;
}

/** The JavaScript types a prop may have; `[]` types are checked element by element. */
export type PropType = 'string' | 'number' | 'boolean' | 'object' | 'tags' | 'string[]' | 'number[]' | 'object[]';

const EXPECTED: Record<PropType, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false (a boolean)',
  object: 'an object',
  tags: 'an object of tag names to string values (e.g. { app: "orders" })',
  'string[]': 'an array of strings',
  'number[]': 'an array of numbers',
  'object[]': 'an array of objects',
};

function isObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasType(value: unknown, type: 'string' | 'number' | 'boolean' | 'object' | 'tags'): boolean {
  return type === 'object' || type === 'tags' ? isObject(value) : typeof value === type;
}

/**
 * The types of a construct's props, for callers in plain JavaScript (or TypeScript with `any`),
 * where TypeScript's checks do not run: a wrong type becomes an InvalidPropError naming the prop,
 * instead of a TypeError deep inside or a value silently ignored. `field` names the props object
 * itself (`props`, or `endpoints[0]` for one element of a list); the other checks (forms, ranges)
 * follow in each construct.
 */
export function checkPropTypes(field: string, what: string, props: unknown, types: Record<string, PropType>, required: readonly string[] = []): void {
  if (!isObject(props)) throw new InvalidPropError(field, `must be an object (${what}); got ${described(props)}`);
  const at = (name: string) => (field === 'props' ? name : `${field}.${name}`);
  for (const [name, type] of Object.entries(types)) {
    const value = (props as Record<string, unknown>)[name];
    if (value === undefined) {
      if (required.includes(name)) throw new InvalidPropError(at(name), `is required (${EXPECTED[type]})`);
      continue;
    }
    if (!type.endsWith('[]')) {
      if (!hasType(value, type as 'string')) throw new InvalidPropError(at(name), `must be ${EXPECTED[type]}; got ${described(value)}`);
      continue;
    }
    if (!Array.isArray(value)) throw new InvalidPropError(at(name), `must be ${EXPECTED[type]}; got ${described(value)}`);
    const element = type.slice(0, -2) as 'string';
    value.forEach((v, i) => {
      if (!hasType(v, element)) throw new InvalidPropError(`${at(name)}[${i}]`, `must be ${EXPECTED[element]}; got ${described(v)}`);
    });
  }
}

/**
 * Values that decide at synthesis what is created or how it is named (a region, a list that gets
 * one resource per element) cannot be tokens: Terraform resolves those only at apply.
 */
export function checkLiteral(field: string, value: unknown, why: string): void {
  const listToken = Array.isArray(value) && value.some((v) => typeof v === 'string' && /^#\{TfToken\[/.test(v));
  if (listToken || (typeof value === 'string' && hasToken(value)) || (typeof value !== 'string' && Token.isUnresolved(value))) {
    throw new InvalidPropError(field, `cannot be a token (a reference resolved at apply): ${why}; give a literal value`);
  }
}

/** The shape of an IAtlasPrivateLinkService a caller built by hand (a service created elsewhere). */
export function checkLinkServiceShape(field: string, service: unknown): void {
  checkPropTypes(field, 'IAtlasPrivateLinkService', service, { projectId: 'string', region: 'object', privateLinkId: 'string', privateLinkServiceResourceId: 'string' }, ['region']);
  checkPropTypes(`${field}.region`, 'RegionNames: { azure, atlas }', (service as { region: unknown }).region, { azure: 'string', atlas: 'string' }, ['azure']);
}
