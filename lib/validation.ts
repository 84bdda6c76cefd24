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
    throw new InvalidPropError(field, 'is required and must be a non-empty string');
  }
  checkVisible(field, value);
  return value;
}

export function checkRegion(field: string, value: string): RegionNames {
  requireNonEmpty(field, value);
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

/** Terraform duration such as "1h", "90m", "1h30m", or PROVIDER_DEFAULT_TIMEOUT. */
export function checkDuration(field: string, value: string | undefined): void {
  if (value === PROVIDER_DEFAULT_TIMEOUT) return;
  checkPattern(field, value, /^(?=.)(\d+h)?(\d+m)?(\d+s)?$/, `is not a Terraform duration (e.g. "1h", "90m", "1h30m") or "${PROVIDER_DEFAULT_TIMEOUT}"`);
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
