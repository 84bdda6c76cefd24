/** Parsing and redaction of mongodb+srv connection strings. */
import { isIP } from 'net';

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

const SCHEME = 'mongodb+srv://';
export const URI_FORM = `${SCHEME}[user:password@]host[/database][?options]`;

export class UriError extends Error {}

const HOST_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export function isDnsName(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.length >= 2 && labels.every((l) => HOST_LABEL.test(l));
}

/**
 * Parses a mongodb+srv URI. Errors name the part that is wrong and never quote the URI: it may
 * hold a password, and a password with an unescaped "/", "?" or "@" would make any quoted
 * fragment (or a host guessed from it) a piece of the password.
 */
export function parseSrvUri(raw: string): SrvUri {
  if (!raw.toLowerCase().startsWith(SCHEME)) {
    // Only a well-formed scheme is quoted; anything else may be the start of the credentials.
    const scheme = /^[a-z][a-z0-9+.-]{0,20}:\/\//i.exec(raw)?.[0];
    throw new UriError(scheme ? `the scheme is "${scheme}"; expected "${SCHEME}" (${URI_FORM})` : `the scheme is missing; expected ${URI_FORM}`);
  }
  // The scheme is case-insensitive (RFC 3986), the driver is not: hand it the lower-case form.
  raw = SCHEME + raw.slice(SCHEME.length);
  const { userinfo, hostText, tail } = splitAfterScheme(raw);
  const host = parseHost(hostText);
  let username: string | undefined;
  let password: string | undefined;
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    username = decodeUserinfoPart('user name', colon === -1 ? userinfo : userinfo.slice(0, colon));
    password = colon === -1 ? undefined : decodeUserinfoPart('password', userinfo.slice(colon + 1));
    if (!username) throw new UriError(`the user name before "@" is empty; expected ${URI_FORM}`);
  }
  const [pathPart, query = ''] = tail.split(/\?(.*)/s, 2);
  const database = pathPart.replace(/^\//, '') || undefined;
  return { host, username, password, database, query, raw };
}

/**
 * The raw parts after the scheme. The last "@" ends the credentials: a password with an
 * unescaped "@", "/" or "?" then stays in the credentials (and is reported there) instead of
 * being taken for the host.
 */
function splitAfterScheme(raw: string): { userinfo?: string; hostText: string; tail: string } {
  const rest = raw.slice(SCHEME.length);
  const at = rest.lastIndexOf('@');
  const afterAt = rest.slice(at + 1);
  const hostEnd = firstIndexOf(afterAt, ['/', '?']);
  return {
    userinfo: at === -1 ? undefined : rest.slice(0, at),
    hostText: hostEnd === -1 ? afterAt : afterAt.slice(0, hostEnd),
    tail: hostEnd === -1 ? '' : afterAt.slice(hostEnd),
  };
}

/** The same credentials, database and options for another SRV host (`host` already valid). */
export function onHost(uri: SrvUri, host: string): SrvUri {
  const { userinfo, tail } = splitAfterScheme(uri.raw);
  return { ...uri, host, raw: `${SCHEME}${userinfo !== undefined ? `${userinfo}@` : ''}${host}${tail}` };
}

/** cluster0-pl-0.abc12.mongodb.net -> abc12.mongodb.net: Atlas' per-project domain. */
export function parentDomain(host: string): string {
  return host.split('.').slice(1).join('.');
}

function parseHost(text: string): string {
  const host = text.toLowerCase().replace(/\.$/, '');
  const form = 'a mongodb+srv URI names exactly one host, without a port';
  if (!host) throw new UriError(`the host is missing; expected ${URI_FORM}`);
  if (host.includes(',')) throw new UriError(`the host part lists several hosts; ${form}`);
  // An IP literal has no SRV record: name it as such rather than as a port or label problem.
  if (host.startsWith('[') || isIP(host) === 6) throw new UriError(`the host is an IPv6 address literal; a mongodb+srv URI names the cluster's DNS host name (e.g. cluster0-pl-0.abc12.mongodb.net)`);
  if (isIP(host.replace(/:\d*$/, '')) === 4) throw new UriError(`the host is an IPv4 address; a mongodb+srv URI names the cluster's DNS host name (e.g. cluster0-pl-0.abc12.mongodb.net)`);
  // No quoting here: without an "@", "user:password" lands in the host part.
  if (host.includes(':')) throw new UriError(`the host part has a ":" (a port, or credentials without "@"); ${form}`);
  if (!isDnsName(host)) {
    const shown = /^[a-z0-9._-]{1,253}$/.test(host) ? ` "${host}"` : '';
    throw new UriError(`the host${shown} is not a DNS host name (labels of a-z, 0-9 and "-", at least two)`);
  }
  return host;
}

/** Percent-decodes the user name or password; the characters URIs reserve must be encoded. */
function decodeUserinfoPart(part: 'user name' | 'password', text: string): string {
  const reserved = /[:/?#[\]@]/.exec(text)?.[0];
  if (reserved) throw new UriError(`the ${part} has an unescaped "${reserved}"; percent-encode it as ${encodeURIComponent(reserved)}`);
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UriError(`the ${part} has a "%" that does not start a percent-encoded byte; write "%" as %25`);
  }
}

/**
 * The password strings a command-line word or an environment value may carry, to redact from
 * all output. Works without a scheme and with unescaped "/", "?", "@" in the password, taking
 * both the first and the last "@" as the end of the credentials.
 */
export function passwordsIn(text: string): string[] {
  const value = /^--[a-z-]+=/.test(text) ? text.slice(text.indexOf('=') + 1) : text;
  const start = value.includes('://') ? value.indexOf('://') + 3 : 0;
  const found = [value.indexOf('@', start), value.lastIndexOf('@')].flatMap((at) => {
    const userinfo = at >= start ? value.slice(start, at) : '';
    const colon = userinfo.indexOf(':');
    if (colon === -1) return [];
    const password = userinfo.slice(colon + 1);
    return [password, safeDecode(password)];
  });
  return [...new Set(found)].filter((s) => s.length > 0);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The host-only form, safe to print anywhere. */
export function displayTarget(uri: SrvUri): string {
  return `mongodb+srv://${uri.username !== undefined ? '<credentials>@' : ''}${uri.host}`;
}

/**
 * Removes credentials where they occur: the user info of any mongodb:// or mongodb+srv:// URI
 * (driver errors quote URIs; the scheme in any case), a "user:password@" written without a
 * scheme, and a long password standing alone as a token. A short or common password ("mongodb",
 * "admin", the cluster's name) is never replaced elsewhere: replacing every occurrence of the word
 * would mangle host names and options and, by the gaps it leaves, give the password away.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/(mongodb(?:\+srv)?:\/\/)[^@/\s[\]]+@/gi, '$1<credentials>@');
  // Longest first: a shorter candidate ("p" of "p@ss") must not cut a longer one apart.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      const escaped = form.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`:${escaped}@`, 'g'), ':<redacted>@');
      if (form.length >= LONE_SECRET_MIN) out = out.replace(new RegExp(`(?<![A-Za-z0-9._+-])${escaped}(?![A-Za-z0-9._+-])`, 'g'), '<redacted>');
    }
  }
  return out;
}

/**
 * A password of this length or more is redacted wherever it stands as a whole token (not inside a
 * host name, an option or a word); shorter ones only in user info, where they are known to be one.
 */
const LONE_SECRET_MIN = 8;

function firstIndexOf(text: string, chars: string[]): number {
  const found = chars.map((c) => text.indexOf(c)).filter((i) => i !== -1);
  return found.length === 0 ? -1 : Math.min(...found);
}
