/**
 * The SRV hosts to check: the connection string given (--uri or MONGODB_URI) and every
 * *_srv_connection_string output (one per region in regional mode), each once.
 */
import { MongoClient } from 'mongodb';
import type { EndpointOutputs } from './outputs';
import { UsageError } from './usage-error';
import { onHost, parentDomain, parseSrvUri, UriError, URI_FORM, type SrvUri } from './uri';

export function resolveTargets(fromFlag: string | undefined, fromEnv: string | undefined, endpoints: readonly EndpointOutputs[]): SrvUri[] {
  const given = fromFlag !== undefined ? parseUri('--uri', fromFlag) : fromEnv !== undefined ? parseUri('MONGODB_URI', fromEnv) : undefined;
  // Without regional mode every endpoint's output holds the same string: parse each string once.
  const outputNames = new Map<string, string>();
  for (const e of endpoints) {
    if (e.srvConnectionString && !outputNames.has(e.srvConnectionString)) outputNames.set(e.srvConnectionString, e.srvSource);
  }
  const fromOutputs = [...outputNames].map(([raw, name]) => parseUri(`--outputs: ${name}`, raw));
  // Strings Atlas has not published yet are control-plane's finding (SRV_NOT_PUBLISHED), not a usage error.
  if (!given && fromOutputs.length === 0 && endpoints.some((e) => e.srvConnectionString === '')) return [];
  if (!given && fromOutputs.length === 0) {
    throw new UsageError(`--uri: required (or MONGODB_URI, or an --outputs file with a *_srv_connection_string); expected ${URI_FORM}`);
  }
  const targets = given ? [given] : [];
  for (const uri of fromOutputs) {
    if (targets.some((t) => t.host === uri.host)) continue;
    // Database users are per Atlas project, and a project's hosts share <hash>.mongodb.net: the
    // given credentials and options go to the outputs' hosts of that project only.
    targets.push(given && parentDomain(given.host) === parentDomain(uri.host) ? onHost(given, uri.host) : uri);
  }
  return targets;
}

/** `source` names where the string came from (flag, variable or output), never its content. */
function parseUri(source: string, raw: string): SrvUri {
  try {
    const uri = parseSrvUri(raw);
    checkDriverOptions(uri.raw);
    return uri;
  } catch (e) {
    if (e instanceof UriError) throw new UsageError(`${source}: ${e.message}`);
    throw e;
  }
}

/** The driver's own option parser (no I/O before connect), so a bad ?option is a usage error. */
function checkDriverOptions(raw: string): void {
  try {
    new MongoClient(raw, { serverSelectionTimeoutMS: 1 });
  } catch (e) {
    // Credentials and host passed our own parser, so what is left for the driver is the options.
    throw new UriError(`the driver rejects the options of this connection string: ${(e as Error).message}`);
  }
}
