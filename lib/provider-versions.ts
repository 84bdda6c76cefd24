import { Construct } from 'constructs';
import { TerraformStack, Token } from 'cdktf';
import { InvalidPropError } from './validation';
import { allows, Clause, compareVersions, formatVersion, interval, isEmpty, parseConstraint, parseVersion } from './version-constraints';

/** The providers whose version a stack can choose, and what this package knows about each. */
export interface ProviderSupport {
  /** Registry address written to `required_providers`. */
  readonly source: string;
  /** The version the prebuilt bindings were generated for: cdktf pins exactly this by default. */
  readonly bindings: string;
  /** The oldest version the constructs were written against. */
  readonly minimum: string;
  /** The first major this package does not know (refused). */
  readonly firstUnknownMajor: number;
  /** Versions the engine suites apply, re-plan and destroy on (docs/engine-tests.md). */
  readonly tested: string[];
  /** Why the next major is refused. */
  readonly nextMajor: string;
}

export const PROVIDER_SUPPORT: Readonly<Record<'mongodbatlas' | 'azurerm', ProviderSupport>> = {
  mongodbatlas: {
    source: 'mongodb/mongodbatlas',
    bindings: '1.41.1',
    minimum: '1.41.0',
    firstUnknownMajor: 3,
    tested: ['1.41.1', '2.16.0'],
    nextMajor: 'mongodbatlas 3.x is unknown to this package',
  },
  azurerm: {
    source: 'hashicorp/azurerm',
    bindings: '4.55.0',
    minimum: '4.55.0',
    firstUnknownMajor: 5,
    tested: ['4.55.0', '4.81.0'],
    nextMajor: 'azurerm 5.x private DNS records and links take private_dns_zone_id instead of zone_name + resource_group_name',
  },
};

export type ProviderName = keyof typeof PROVIDER_SUPPORT;

/** The supported range of a provider as a Terraform constraint, e.g. `>= 1.41.0, < 3.0.0`. */
export function supportedRange(name: ProviderName): string {
  const s = PROVIDER_SUPPORT[name];
  return `>= ${s.minimum}, < ${s.firstUnknownMajor}.0.0`;
}

/** The tested versions a constraint allows (Terraform picks the newest release it allows, maybe untested). */
export function testedVersionsAllowed(name: ProviderName, constraint: string): string[] {
  let clauses: Clause[];
  try {
    clauses = parseConstraint(constraint);
  } catch {
    return [];
  }
  return PROVIDER_SUPPORT[name].tested.filter((v) => allows(clauses, parseVersion(v)));
}

/**
 * Throws InvalidPropError (naming `field`) unless every version `constraint` allows is in the
 * supported range: a constraint that could pick an unknown major (no upper bound, or one past it)
 * is refused even when today no such release exists, since `terraform init` would take it later.
 */
export function checkProviderConstraint(name: ProviderName, field: string, constraint: unknown): string {
  const s = PROVIDER_SUPPORT[name];
  const supported = `supported: "${supportedRange(name)}" (tested: ${s.tested.join(', ')}), e.g. "~> ${s.tested[s.tested.length - 1].replace(/\.\d+$/, '')}"`;
  if (typeof constraint !== 'string') throw new InvalidPropError(field, `must be a version constraint string; ${supported}`);
  if (Token.isUnresolved(constraint)) {
    throw new InvalidPropError(field, 'must be a literal constraint: Terraform allows no references in required_providers');
  }
  let clauses: Clause[];
  try {
    clauses = parseConstraint(constraint);
  } catch (error) {
    throw new InvalidPropError(field, `"${constraint}" ${(error as Error).message}`);
  }
  const range = interval(clauses);
  if (isEmpty(range)) throw new InvalidPropError(field, `"${constraint}" allows no version at all; ${supported}`);
  const minimum = parseVersion(s.minimum);
  if (!range.lower || compareVersions(range.lower.version, minimum) < 0) {
    const from = range.lower ? `${name} ${formatVersion(range.lower.version)}` : `${name} versions without a lower bound`;
    throw new InvalidPropError(field, `"${constraint}" allows ${from}, older than ${s.minimum}; ${supported}`);
  }
  const upper = range.upper;
  // A range never picks a prerelease, so `< 3.0.0-beta1` stops before 3.x; an exact `= 3.0.0-beta1` does not.
  const beyond = !upper || (upper.inclusive
    ? upper.version.major >= s.firstUnknownMajor
    : compareVersions(upper.version, parseVersion(`${s.firstUnknownMajor}.0.0`)) > 0);
  if (beyond) {
    throw new InvalidPropError(
      field,
      `"${constraint}" can pick ${name} ${s.firstUnknownMajor}.x or later (${s.nextMajor}); give an upper bound below ${s.firstUnknownMajor}.0.0; ${supported}`,
    );
  }
  return constraint.trim();
}

export interface ProviderVersionsProps {
  /**
   * Version constraint for `mongodb/mongodbatlas` in the stack's `required_providers`,
   * e.g. `~> 2.16`. Must stay within `>= 1.41.0, < 3.0.0`.
   * @default - "1.41.1", the version the @cdktf/provider-mongodbatlas bindings were generated for
   */
  readonly mongodbatlas?: string;
  /**
   * Version constraint for `hashicorp/azurerm`, e.g. `~> 4.55`. Must stay within `>= 4.55.0, < 5.0.0`.
   * @default - "4.55.0", the version the @cdktf/provider-azurerm bindings were generated for
   */
  readonly azurerm?: string;
}

/**
 * Sets the provider version constraints the stack declares. cdktf pins each provider to the exact
 * version its bindings were generated for; this overrides that pin in `terraform.required_providers`
 * (source and version, so it holds even before a provider block exists). Add it once per stack.
 */
export class ProviderVersions extends Construct {
  /** The mongodbatlas constraint the stack declares. */
  public readonly mongodbatlas: string;
  /** The azurerm constraint the stack declares. */
  public readonly azurerm: string;

  constructor(scope: Construct, id: string, props: ProviderVersionsProps = {}) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    const chosen: Record<ProviderName, string | undefined> = { mongodbatlas: props.mongodbatlas, azurerm: props.azurerm };
    const declared: Record<ProviderName, string> = { mongodbatlas: PROVIDER_SUPPORT.mongodbatlas.bindings, azurerm: PROVIDER_SUPPORT.azurerm.bindings };
    for (const name of Object.keys(PROVIDER_SUPPORT) as ProviderName[]) {
      const constraint = chosen[name];
      if (constraint === undefined) continue;
      declared[name] = checkProviderConstraint(name, name, constraint);
      stack.addOverride(`terraform.required_providers.${name}`, { source: PROVIDER_SUPPORT[name].source, version: declared[name] });
    }
    this.mongodbatlas = declared.mongodbatlas;
    this.azurerm = declared.azurerm;
  }
}
