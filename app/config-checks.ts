/**
 * Checks on every string of a parsed config, before the schema: what no field may hold.
 * Paths are written as the config spells them: `endpoints[0].requestMessage`, `tags["cost center"]`.
 */
import { shown, invisibleCharacter } from '../lib/text';
import { fragments } from '../lib/tokens';

export interface StringAt {
  readonly path: string;
  /** The path of the object or array that holds it. */
  readonly parent: string;
  readonly value: string;
  /** True for an object key (a tag name), false for a value. */
  readonly isKey: boolean;
}

export function pathJoin(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${shown(key)}]`;
}

/** Every string of a JSON value, keys included, with its path. */
export function stringsOf(value: unknown, path = ''): StringAt[] {
  return walk(value, path, path);
}

function walk(value: unknown, path: string, parent: string): StringAt[] {
  if (typeof value === 'string') return [{ path: path || '(root)', parent: parent || '(root)', value, isKey: false }];
  if (Array.isArray(value)) return value.flatMap((v, i) => walk(v, pathJoin(path, i), path));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      { path: pathJoin(path, k), parent: path || '(root)', value: k, isKey: true },
      ...walk(v, pathJoin(path, k), path),
    ]);
  }
  return [];
}

/**
 * The first problem a string of the config has, as `path: message`:
 * - a cdktf token marker (`${TfToken[...]}`, a list or map marker, or a number token printed in
 *   decimal): cdktf would replace it with a reference to something else in the stack;
 * - a control or invisible character;
 * - a template sequence in the state backend's settings: Terraform reads those verbatim, so
 *   escaping would change them, while OpenTofu (and HCL output) would evaluate them.
 */
export function unsafeString(raw: unknown): string | undefined {
  for (const s of stringsOf(raw)) {
    const what = s.isKey ? `the name ${shown(s.value)}` : shown(s.value);
    if (/[$#&]\{TfToken\[/.test(s.value) || fragments(s.value).some((f) => f.token)) {
      return `${s.path}: ${what} holds a cdktf token marker, which cdktf would replace with a reference; a config holds literal values only`;
    }
    const invisible = invisibleCharacter(s.value);
    if (invisible) {
      return `${s.path}: ${what} contains ${invisible.codePoint} (a control or invisible character) at position ${invisible.index}; use visible characters and plain spaces only`;
    }
    if (/^backend[.[]/.test(s.path) && /[$%]\{/.test(s.value)) {
      return (
        `${s.path}: ${what} contains a template sequence (\${ or %{); backend settings cannot be escaped ` +
        '(Terraform reads them verbatim, OpenTofu evaluates them): remove it'
      );
    }
  }
  return undefined;
}

/** Environment variables whose values are credentials (by name), at least this long to count. */
const CREDENTIAL_NAME = /^TF_TOKEN_|SECRET|PASSWORD|PASSWD|PRIVATE_KEY|PUBLIC_KEY|ACCESS_KEY|API_KEY|SAS_TOKEN|_TOKEN$|^MONGODB_URI$|CLIENT_CERTIFICATE$/i;
const MIN_SECRET_LENGTH = 8;

/**
 * A config string that equals (or contains) the value of a credential environment variable, as
 * `path: message` naming the variable, never the value. Credentials come from the environment
 * only; one pasted into the config would be written into cdk.tf.json and every bundle.
 */
export function credentialValue(raw: unknown, env: NodeJS.ProcessEnv): string | undefined {
  const secrets = Object.entries(env).filter(
    (e): e is [string, string] => CREDENTIAL_NAME.test(e[0]) && typeof e[1] === 'string' && e[1].trim().length >= MIN_SECRET_LENGTH,
  );
  for (const s of stringsOf(raw)) {
    const found = secrets.find(([, secret]) => s.value.includes(secret.trim()));
    if (found) {
      // A key's own path would print it: name the object that holds it instead.
      return (
        `${s.isKey ? `${s.parent}: a name` : `${s.path}: the value`} holds the value of the environment variable ${found[0]}, a credential ` +
        '(not shown); credentials come from the environment only and never go into the config or the Terraform'
      );
    }
  }
  return undefined;
}

/**
 * The local backend's `path` is where `terraform apply` writes the state, relative to the folder it
 * runs in (the stack folder, or a handoff bundle). A config decides only the file name and folders
 * below that: an absolute path, a `..` step or a home-folder `~` would put the state (which holds
 * every resource's attributes) wherever the config's author chose on the applier's machine.
 * Returns the problem, or undefined for a path that stays inside.
 */
export function stateOutsideFolder(path: string): string | undefined {
  if (/^([\\/]|[A-Za-z]:)/.test(path)) return 'is absolute';
  if (path.startsWith('~')) return 'starts at a home folder ("~")';
  if (path.split(/[\\/]/).includes('..')) return 'has a ".." step';
  return undefined;
}
