/** Parsing and redaction of mongodb+srv connection strings. */

export interface SrvUri {
  /** The SRV host, lower-cased, without trailing dot. */
  readonly host: string;
  readonly username?: string;
  readonly password?: string;
  readonly database?: string;
  /** The query string without '?', kept for the driver. */
  readonly query: string;
  /** The original string, only for the driver; never print it. */
  readonly raw: string;
}

export const URI_FORM = 'mongodb+srv://[user:password@]host[/database][?options]';

export class UriError extends Error {}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isDnsName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((l) => HOST_LABEL.test(l));
}

export function parseSrvUri(raw: string): SrvUri {
  const scheme = 'mongodb+srv://';
  if (!raw.toLowerCase().startsWith(scheme)) {
    const shown = raw.includes('://') ? raw.slice(0, raw.indexOf('://') + 3) + '...' : JSON.stringify(redactSecrets(raw).slice(0, 40));
    throw new UriError(`expected the form ${URI_FORM}, got ${shown}`);
  }
  const rest = raw.slice(scheme.length);
  const pathStart = firstIndexOf(rest, ['/', '?']);
  const authority = pathStart === -1 ? rest : rest.slice(0, pathStart);
  const tail = pathStart === -1 ? '' : rest.slice(pathStart);
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? undefined : authority.slice(0, at);
  const host = (at === -1 ? authority : authority.slice(at + 1)).toLowerCase().replace(/\.$/, '');
  if (host.includes(',') || host.includes(':')) {
    throw new UriError(`expected the form ${URI_FORM}: a mongodb+srv URI names exactly one host and no port, got "${host}"`);
  }
  if (!isDnsName(host)) throw new UriError(`expected the form ${URI_FORM}: "${host}" is not a DNS host name`);
  let username: string | undefined;
  let password: string | undefined;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    try {
      username = decodeURIComponent(colon === -1 ? userinfo : userinfo.slice(0, colon));
      password = colon === -1 ? undefined : decodeURIComponent(userinfo.slice(colon + 1));
    } catch {
      throw new UriError(`expected the form ${URI_FORM}: user name and password must be percent-encoded`);
    }
    if (!username) throw new UriError(`expected the form ${URI_FORM}: the user name before "@" is empty`);
  }
  const [pathPart, query = ''] = tail.split(/\?(.*)/s, 2);
  const database = pathPart.replace(/^\//, '') || undefined;
  return { host, username, password, database, query, raw };
}

/** The host-only form, safe to print anywhere. */
export function displayTarget(uri: SrvUri): string {
  return `mongodb+srv://${uri.username !== undefined ? '<credentials>@' : ''}${uri.host}`;
}

/**
 * Removes credentials from any text that may quote a connection string (driver errors do):
 * every user:password@ in a mongodb URI, and the literal secret strings we were given.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/(mongodb(?:\+srv)?:\/\/)[^@/\s[\]]+@/gi, '$1<credentials>@');
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.replace(secretPattern(form), '<redacted>');
  }
  return out;
}

/**
 * A secret of a few characters would also match inside ordinary words ("p" in "expected"), so
 * short ones are redacted only where they stand alone; longer ones wherever they appear.
 */
function secretPattern(secret: string): RegExp {
  const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return secret.length >= 6 ? new RegExp(escaped, 'g') : new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, 'g');
}

function firstIndexOf(text: string, chars: string[]): number {
  const found = chars.map((c) => text.indexOf(c)).filter((i) => i !== -1);
  return found.length === 0 ? -1 : Math.min(...found);
}
