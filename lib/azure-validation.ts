/** Azure's naming rules, checked at synthesis so that a bad value never reaches an apply. */
import { isIP } from 'net';
import { isPrivateIpv4 } from './ip-ranges';
import { shown } from './text';
import { checkPattern, checkText, checkVisible, described, InvalidPropError, isToken, requireNonEmpty } from './validation';

// Azure resource group names: 1-90 letters (Unicode), digits, '_', '(', ')', '-', '.'; not ending in '.'.
const RESOURCE_GROUP = '[\\p{L}\\p{N}_().-]{0,89}[\\p{L}\\p{N}_()-]';
export function checkResourceGroupName(field: string, value: string | undefined): void {
  checkPattern(
    field,
    value,
    new RegExp(`^${RESOURCE_GROUP}$`, 'u'),
    "is not an Azure resource group name (1-90 letters, digits, '_', '(', ')', '-' and '.', not ending with '.')",
  );
}

const NAME = '[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?';
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const ARM_PATTERNS = {
  subnet: `virtualNetworks/${NAME}/subnets/${NAME}`,
  virtualNetwork: `virtualNetworks/${NAME}`,
  privateEndpoint: `privateEndpoints/${NAME}`,
  privateLinkService: `privateLinkServices/${NAME}`,
} as const;

const ARM_EXAMPLES = {
  subnet: '/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>',
  virtualNetwork: '/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>',
  privateEndpoint: '/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.Network/privateEndpoints/<name>',
  privateLinkService: '/subscriptions/<uuid>/resourceGroups/<rg>/providers/Microsoft.Network/privateLinkServices/<name>',
} as const;

const armIdPattern = (kind: keyof typeof ARM_PATTERNS): RegExp =>
  new RegExp(`^/subscriptions/${UUID}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft\\.Network/${ARM_PATTERNS[kind]}$`, 'iu');

/** Checks a full Azure Resource Manager id of one of the network resource kinds we take. */
export function checkArmId(field: string, value: string, kind: keyof typeof ARM_PATTERNS): void {
  requireNonEmpty(field, value);
  checkPattern(field, value, armIdPattern(kind), `is not a ${kind} resource id of the form ${ARM_EXAMPLES[kind]}`);
}

/** The resource group and name of a literal ARM id of this kind; undefined for a token or another form. */
export function armGroupAndName(id: string, kind: keyof typeof ARM_PATTERNS): { resourceGroupName: string; name: string } | undefined {
  if (isToken(id) || !armIdPattern(kind).test(id)) return undefined;
  const parts = id.split('/');
  return { resourceGroupName: parts[4], name: parts[parts.length - 1] };
}

/** Last path segment of an ARM id (its resource name), or undefined for a token. */
export function armName(id: string): string | undefined {
  return isToken(id) ? undefined : id.split('/').pop();
}

export function checkIpv4(field: string, value: string | undefined): void {
  if (value === undefined) return;
  requireNonEmpty(field, value);
  if (!isToken(value) && isIP(value) !== 4) {
    throw new InvalidPropError(field, `${shown(value)} is not an IPv4 address (dotted quad such as 10.20.1.4)`);
  }
}

/** Private endpoints take an address from their subnet: RFC 1918 or the shared range Azure also allows. */
export function checkPrivateIpv4(field: string, value: string | undefined): void {
  checkIpv4(field, value);
  if (value === undefined || isToken(value)) return;
  if (!isPrivateIpv4(value)) {
    throw new InvalidPropError(
      field,
      `${shown(value)} is not a private IPv4 address; a private endpoint's address comes from its subnet ` +
        '(10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10)',
    );
  }
}

/** Azure resource names: 1-80 chars, letters, digits, '_', '.', '-'; starts alphanumeric, ends alphanumeric or '_'. */
export function checkAzureName(field: string, value: string | undefined, maxLength = 80): void {
  if (value === undefined) return;
  requireNonEmpty(field, value);
  if (!isToken(value) && (value.length > maxLength || !new RegExp(`^${NAME}$`).test(value))) {
    throw new InvalidPropError(
      field,
      `${shown(value)} is not a valid Azure resource name (1-${maxLength} characters: letters, digits, '_', '.', '-'; ` +
        `starting with a letter or digit and ending with a letter, digit or '_')`,
    );
  }
}

/** Azure's tag limits: 50 per resource, names of 1-512 characters without <>%&\?/, values up to 256. */
export function checkTags(field: string, tags: Record<string, string> | undefined): void {
  if (tags === undefined) return;
  // A map token (Token.asStringMap) is a plain object too; it is not resolvable here, so it passes.
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) {
    throw new InvalidPropError(field, `must be an object of tag names to string values (e.g. { app: "orders" }); got ${described(tags)}`);
  }
  if (isToken(tags)) return;
  const entries = Object.entries(tags);
  if (entries.length > 50) throw new InvalidPropError(field, `has ${entries.length} tags; Azure allows 50 per resource`);
  for (const [name, value] of entries) {
    const at = `${field}[${shown(name)}]`;
    const bad = (why: string) => new InvalidPropError(at, `the tag name ${why}`);
    if (name.trim() === '') throw bad('is empty');
    // Copying such an object (as cdktf does) makes "__proto__" the prototype: the tag would vanish.
    if (name === '__proto__') throw bad('"__proto__" cannot be used: JavaScript treats it as an object\'s prototype, so the tag would be dropped without a word; choose another name');
    if (name.length > 512) throw bad(`is ${name.length} characters long; the limit is 512`);
    if (!isToken(name) && /[<>%&\\?/]/.test(name)) throw bad('contains one of < > % & \\ ? /, which Azure does not allow in tag names');
    checkVisible(at, name);
    if (typeof value !== 'string') throw new InvalidPropError(at, `must be a string; got ${described(value)}`);
    checkText(at, value, 256);
  }
}
