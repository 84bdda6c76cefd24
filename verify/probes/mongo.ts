/**
 * The scratch round trip with the official driver: insert, read, update, delete one uniquely
 * keyed document, over the same resolver as the DNS probes. The document is deleted even when
 * a step fails.
 */
import { randomBytes } from 'crypto';
import { hostname } from 'os';
import { MongoClient, type Collection } from 'mongodb';
import { diagnose, type DiagnosisCode } from '../diagnoses';
import { onInterrupt } from '../interrupt';
import { useServersProcessWide, withDeadline, type BoundedResolver } from '../resolver';
import type { DnsServer } from '../args';
import type { SrvUri } from '../uri';
import { fail, pass, type Outcome } from '../types';

export interface CrudOptions {
  readonly uri: SrvUri;
  readonly resolver: BoundedResolver;
  readonly dnsServers: readonly DnsServer[];
  readonly timeoutMs: number;
  /** What is left of the run's deadline; the whole round trip stays inside it. */
  readonly budgetMs: number;
  readonly db: string;
  readonly collection: string;
  readonly tlsCaFile?: string;
}

interface ScratchDoc {
  _id: string;
  purpose: string;
  at: Date;
  step?: string;
}

export async function probeCrud(options: CrudOptions): Promise<Outcome> {
  const { timeoutMs } = options;
  // The driver resolves SRV/TXT through the process-wide resolver and connects through `lookup`.
  useServersProcessWide(options.dnsServers);
  const tlsOff = tlsDisabledBy(options.uri.query);
  let client: MongoClient;
  try {
    client = new MongoClient(options.uri.raw, {
      lookup: options.resolver.lookupFunction() as never,
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      socketTimeoutMS: timeoutMs,
      appName: 'atlas-pl-verify',
      ...(options.tlsCaFile && !tlsOff ? { tlsCAFile: options.tlsCaFile } : {}),
    });
  } catch (error) {
    return fail(`connect failed: ${(error as Error).message}`, diagnose(tlsOff ? 'URI_TLS_DISABLED' : 'CRUD_FAILED'));
  }
  const id = `atlas-pl-verify:${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  const collection = client.db(options.db).collection<ScratchDoc>(options.collection);
  const steps: string[] = [];
  let step = 'connect';
  // Set before the insert is sent: a deadline may cut the wait while the insert still lands.
  let mayExist = false;
  let insert: Promise<unknown> | undefined;
  // Once interrupted, no insert may start; one in flight is waited for before the delete.
  let stopped = false;
  let cleaning: Promise<void> | undefined;
  const cleanUpOnce = (): Promise<void> => (cleaning ??= cleanUp(client, collection, id, mayExist, insert, timeoutMs));
  const unregister = onInterrupt(() => {
    stopped = true;
    return cleanUpOnce();
  });
  const run = async (): Promise<void> => {
    await client.connect();
    steps.push('connect');
    step = 'insert';
    if (stopped) throw new Error('interrupted before the insert');
    mayExist = true;
    insert = collection.insertOne({ _id: id, purpose: 'atlas-pl-verify scratch document', at: new Date() });
    await insert;
    steps.push('insert');
    step = 'read';
    expect((await collection.findOne({ _id: id }))?._id === id, 'the inserted document was not found');
    steps.push('read');
    step = 'update';
    const updated = await collection.updateOne({ _id: id }, { $set: { step: 'updated' } });
    expect(updated.modifiedCount === 1, `updateOne modified ${updated.modifiedCount} documents`);
    expect((await collection.findOne({ _id: id }))?.step === 'updated', 'the update is not visible on read');
    steps.push('update');
    step = 'delete';
    const deleted = await collection.deleteOne({ _id: id });
    expect(deleted.deletedCount === 1, `deleteOne removed ${deleted.deletedCount} documents`);
    mayExist = false;
    steps.push('delete');
  };
  try {
    await withDeadline(run(), Math.max(1, options.budgetMs - timeoutMs), 'the round trip');
    return pass(`${steps.join(', ')} of one document in ${options.db}.${options.collection}`);
  } catch (error) {
    const classified = classifyDriverError(error);
    // Atlas speaks only TLS: with TLS turned off in the URI, any failure short of authentication is that.
    const code = tlsOff && !classified.code.startsWith('AUTH_') ? 'URI_TLS_DISABLED' : classified.code;
    const detail = code === 'URI_TLS_DISABLED' ? `${classified.detail} (the connection string sets ${tlsOff})` : classified.detail;
    return fail(`${step} failed${steps.length ? ` after ${steps.join(', ')}` : ''}: ${detail}`, diagnose(code));
  } finally {
    await cleanUpOnce();
    unregister();
  }
}

async function cleanUp(client: MongoClient, collection: Collection<ScratchDoc>, id: string, mayExist: boolean, insert: Promise<unknown> | undefined, timeoutMs: number): Promise<void> {
  // A delete sent while the insert is still in flight could overtake it: let the insert settle first.
  if (insert) await withDeadline(insert, timeoutMs, 'insert').catch(() => undefined);
  // The insert may have landed even when its reply was lost, so delete whenever we got that far.
  if (mayExist) await withDeadline(collection.deleteOne({ _id: id }), timeoutMs, 'cleanup').catch(() => undefined);
  await withDeadline(client.close(true), timeoutMs, 'close').catch(() => undefined);
}

/** "tls=false" or "ssl=false" when the query string turns TLS off (option names are case-insensitive). */
export function tlsDisabledBy(query: string): string | undefined {
  for (const [key, value] of new URLSearchParams(query)) {
    if (/^(tls|ssl)$/i.test(key) && value.toLowerCase() === 'false') return `${key}=${value}`;
  }
  return undefined;
}

function expect(condition: boolean, message: string): void {
  if (!condition) throw Object.assign(new Error(message), { verifyCheck: true });
}

/** Walks the driver's error, its causes and the per-server errors of a selection timeout. */
export function classifyDriverError(error: unknown): { code: DiagnosisCode; detail: string } {
  const chain = errorChain(error);
  const text = chain.map((e) => `${e.code ?? ''} ${e.codeName ?? ''} ${e.message ?? ''}`).join(' | ');
  const first = (error as Error)?.message ?? String(error);
  const causes = [...new Set(chain.slice(1).map((e) => e.message ?? ''))].filter((m) => m && m !== first);
  const detail = causes.length > 0 ? `${first} (${causes.join('; ')})` : first;
  const has = (re: RegExp): boolean => re.test(text);
  let code: DiagnosisCode = 'CRUD_FAILED';
  if (has(/AuthenticationFailed|Authentication failed/i)) code = 'AUTH_FAILED';
  else if (has(/Unauthorized|requires authentication|not authorized/i)) code = 'AUTH_REQUIRED';
  else if (has(/ERR_TLS_CERT_ALTNAME_INVALID|Hostname\/IP does not match/i)) code = 'TLS_HOSTNAME_MISMATCH';
  else if (has(/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|self[- ]signed certificate|unable to (get|verify).*(issuer|certificate)|CERT_UNTRUSTED/i)) code = 'TLS_UNTRUSTED_CA';
  else if (has(/\bSSL\b|\bTLS\b|handshake|EPROTO/i)) code = 'TLS_HANDSHAKE_FAILED';
  else if (has(/ECONNREFUSED/)) code = 'TCP_REFUSED';
  else if (has(/EHOSTUNREACH|ENETUNREACH/)) code = 'TCP_UNREACHABLE';
  else if (has(/connect(ion)? timed out|ETIMEDOUT/i)) code = 'TCP_TIMEOUT';
  else if (has(/ENOTFOUND|querySrv|queryTxt/i)) code = 'DNS_ERROR';
  else if (has(/Server selection timed out|MongoServerSelectionError/i)) code = 'SERVER_SELECTION_TIMEOUT';
  else if (has(/did not finish within/)) code = 'DEADLINE_EXCEEDED';
  return { code, detail };
}

interface ErrorLike {
  message?: string;
  code?: string | number;
  codeName?: string;
  cause?: unknown;
  reason?: { servers?: Map<string, { error?: unknown }> };
}

function errorChain(error: unknown, seen = new Set<unknown>()): ErrorLike[] {
  if (!error || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const e = error as ErrorLike;
  const fromServers = e.reason?.servers instanceof Map ? [...e.reason.servers.values()].flatMap((s) => errorChain(s.error, seen)) : [];
  return [e, ...errorChain(e.cause, seen), ...fromServers];
}
