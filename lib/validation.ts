import { Token } from 'cdktf';
import { isIP } from 'net';
import { AzureRegions, RegionNames } from './regions';

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
}

/** Unresolved tokens (references to other resources) are checked by Terraform, not here. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

export function requireNonEmpty(field: string, value: string | undefined): string {
  if (value === undefined || (!isToken(value) && value.trim() === '')) {
    throw new InvalidPropError(field, 'is required and must be a non-empty string');
  }
  return value;
}

export function checkRegion(field: string, value: string): RegionNames {
  requireNonEmpty(field, value);
  const region = AzureRegions.lookup(value);
  if (!region) {
    throw new InvalidPropError(
      field,
      `"${value}" is not an Azure region that Atlas offers for Private Link; use the Azure form ` +
        `(e.g. eastus2) or the Atlas form (e.g. US_EAST_2). Valid Azure regions: ${AzureRegions.azureNames().join(', ')}`,
    );
  }
  return region;
}

/** Atlas project ids are 24 hex characters (a MongoDB ObjectId). */
export function checkProjectId(field: string, value: string): void {
  requireNonEmpty(field, value);
  if (!isToken(value) && !/^[0-9a-f]{24}$/.test(value)) {
    throw new InvalidPropError(field, `"${value}" is not an Atlas project id (24 hexadecimal characters)`);
  }
}

const ARM_SEGMENT = '[^/]+';
const ARM_PATTERNS = {
  subnet: `virtualNetworks/${ARM_SEGMENT}/subnets/${ARM_SEGMENT}`,
  virtualNetwork: `virtualNetworks/${ARM_SEGMENT}`,
  privateEndpoint: `privateEndpoints/${ARM_SEGMENT}`,
} as const;

const ARM_EXAMPLES = {
  subnet: '/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>',
  virtualNetwork: '/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>',
  privateEndpoint: '/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.Network/privateEndpoints/<name>',
} as const;

/** Checks a full Azure Resource Manager id of one of the network resource kinds we take. */
export function checkArmId(field: string, value: string, kind: keyof typeof ARM_PATTERNS): void {
  requireNonEmpty(field, value);
  if (isToken(value)) return;
  const pattern = new RegExp(
    `^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/${ARM_SEGMENT}/providers/Microsoft\\.Network/${ARM_PATTERNS[kind]}$`,
    'i',
  );
  if (!pattern.test(value)) {
    throw new InvalidPropError(field, `"${value}" is not a ${kind} resource id of the form ${ARM_EXAMPLES[kind]}`);
  }
}

/** Last path segment of an ARM id (its resource name), or undefined for a token. */
export function armName(id: string): string | undefined {
  return isToken(id) ? undefined : id.split('/').pop();
}

export function checkIpv4(field: string, value: string | undefined): void {
  if (value === undefined || isToken(value)) return;
  if (isIP(value) !== 4) {
    throw new InvalidPropError(field, `"${value}" is not an IPv4 address (dotted quad such as 10.20.1.4)`);
  }
}

/** Azure resource names: 1-80 chars, letters, digits, '_', '.', '-'; starts alphanumeric, ends alphanumeric or '_'. */
export function checkAzureName(field: string, value: string | undefined, maxLength = 80): void {
  if (value === undefined || isToken(value)) return;
  if (value.length < 1 || value.length > maxLength || !/^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/.test(value)) {
    throw new InvalidPropError(
      field,
      `"${value}" is not a valid Azure resource name (1-${maxLength} characters: letters, digits, '_', '.', '-'; ` +
        `starting with a letter or digit and ending with a letter, digit or '_')`,
    );
  }
}

export function checkMaxLength(field: string, value: string | undefined, max: number): void {
  if (value === undefined || isToken(value)) return;
  if (value.length > max) {
    throw new InvalidPropError(field, `is ${value.length} characters long; the limit is ${max}`);
  }
}

/** DNS hostname such as pl-0-eastus2.abc12.mongodb.net (no scheme, no port, no trailing dot). */
export function checkHostname(field: string, value: string | undefined): void {
  if (value === undefined || isToken(value)) return;
  const label = '[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
  if (value.length > 253 || !new RegExp(`^${label}(\\.${label})+$`).test(value)) {
    throw new InvalidPropError(field, `"${value}" is not a DNS hostname (e.g. pl-0-eastus2.abc12.mongodb.net)`);
  }
}

export function checkPort(field: string, value: number): void {
  if (isToken(value)) return;
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InvalidPropError(field, `${value} is not a TCP port (an integer from 1 to 65535)`);
  }
}

/** Terraform duration such as "1h", "90m", "1h30m". */
export function checkDuration(field: string, value: string | undefined): void {
  if (value === undefined || isToken(value)) return;
  if (!/^(\d+h)?(\d+m)?(\d+s)?$/.test(value) || value === '') {
    throw new InvalidPropError(field, `"${value}" is not a Terraform duration (e.g. "1h", "90m", "1h30m")`);
  }
}
