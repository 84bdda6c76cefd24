/**
 * Terraform provider version constraints (`~> 2.16`, `>= 1.41, < 3`, `= 2.16.0`), read the way
 * Terraform reads them (its go-versions library, "Ruby style"): a comma-separated list of
 * `<op> <version>` where every clause must hold; a bare version is `=`; missing segments are 0;
 * `~> X.Y.Z` allows `>= X.Y.Z, < X.(Y+1).0` and `~> X.Y` or `~> X` allows `>= X.Y.0, < (X+1).0.0`.
 * Only what deciding "can this constraint pick a version outside a range" needs.
 */

export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Prerelease label ('' for a release), e.g. 'beta1'. */
  readonly pre: string;
}

export type Operator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';

export interface Clause {
  readonly op: Operator;
  readonly version: Version;
  /** How many numeric segments were written (1-3): `~>` depends on it. */
  readonly segments: number;
}

/** The versions a constraint allows, as one interval (a `!=` clause removes a single point only). */
export interface Interval {
  readonly lower?: { readonly version: Version; readonly inclusive: boolean };
  readonly upper?: { readonly version: Version; readonly inclusive: boolean };
}

const CLAUSE = /^(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Parses a constraint; throws an Error saying which clause is not in the expected form. */
export function parseConstraint(text: string): Clause[] {
  if (text.trim() === '') throw new Error('is empty; expected a constraint such as "~> 2.16" or ">= 1.41.1, < 3.0.0"');
  return text.split(',').map((raw) => {
    const clause = raw.trim();
    const m = CLAUSE.exec(clause);
    if (!m) {
      throw new Error(
        `has "${clause}", which is not "<operator> <version>" (operators =, !=, >, >=, <, <=, ~>; version like 2.16.0)`,
      );
    }
    const segments = 1 + (m[3] === undefined ? 0 : 1) + (m[4] === undefined ? 0 : 1);
    const version = { major: Number(m[2]), minor: Number(m[3] ?? 0), patch: Number(m[4] ?? 0), pre: m[5] ?? '' };
    return { op: (m[1] ?? '=') as Operator, version, segments };
  });
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1; // a release comes after its prereleases
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const na = /^\d+$/.test(pa[i]) ? Number(pa[i]) : NaN;
    const nb = /^\d+$/.test(pb[i]) ? Number(pb[i]) : NaN;
    if (!isNaN(na) && !isNaN(nb) && na !== nb) return na - nb;
    if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
  }
  return 0;
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

export function parseVersion(text: string): Version {
  const [clause] = parseConstraint(text);
  return clause.version;
}

export function formatVersion(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}`;
}

/** Whether `version` meets every clause. Like Terraform, a prerelease is only picked by an exact `=`. */
export function allows(clauses: Clause[], version: Version): boolean {
  if (version.pre !== '' && !clauses.some((c) => c.op === '=' && compareVersions(c.version, version) === 0)) return false;
  return clauses.every((c) => {
    const cmp = compareVersions(version, c.version);
    switch (c.op) {
      case '=': return cmp === 0;
      case '!=': return cmp !== 0;
      case '>': return cmp > 0;
      case '>=': return cmp >= 0;
      case '<': return cmp < 0;
      case '<=': return cmp <= 0;
      case '~>': return cmp >= 0 && compareVersions(version, pessimisticUpper(c)) < 0;
    }
  });
}

function pessimisticUpper(c: Clause): Version {
  const v = c.version;
  return c.segments === 3 ? { major: v.major, minor: v.minor + 1, patch: 0, pre: '' } : { major: v.major + 1, minor: 0, patch: 0, pre: '' };
}

type Bound = { version: Version; inclusive: boolean };

function tighterLower(a: Bound | undefined, b: Bound): Bound {
  if (!a) return b;
  const cmp = compareVersions(a.version, b.version);
  return cmp > 0 || (cmp === 0 && !a.inclusive) ? a : b;
}

function tighterUpper(a: Bound | undefined, b: Bound): Bound {
  if (!a) return b;
  const cmp = compareVersions(a.version, b.version);
  return cmp < 0 || (cmp === 0 && !a.inclusive) ? a : b;
}

/** The interval every clause together allows (`!=` ignored: it cannot widen a range). */
export function interval(clauses: Clause[]): Interval {
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  for (const c of clauses) {
    const v = c.version;
    switch (c.op) {
      case '=': lower = tighterLower(lower, { version: v, inclusive: true }); upper = tighterUpper(upper, { version: v, inclusive: true }); break;
      case '>': lower = tighterLower(lower, { version: v, inclusive: false }); break;
      case '>=': lower = tighterLower(lower, { version: v, inclusive: true }); break;
      case '<': upper = tighterUpper(upper, { version: v, inclusive: false }); break;
      case '<=': upper = tighterUpper(upper, { version: v, inclusive: true }); break;
      case '~>': lower = tighterLower(lower, { version: v, inclusive: true }); upper = tighterUpper(upper, { version: pessimisticUpper(c), inclusive: false }); break;
      case '!=': break;
    }
  }
  return { lower, upper };
}

/** True when no version at all fits the interval (e.g. `>= 3, < 2`). */
export function isEmpty(range: Interval): boolean {
  if (!range.lower || !range.upper) return false;
  const cmp = compareVersions(range.lower.version, range.upper.version);
  return cmp > 0 || (cmp === 0 && !(range.lower.inclusive && range.upper.inclusive));
}
