/** DNS probes: SRV, TXT, A/AAAA of the SRV targets, and where those addresses point. */
import { diagnose } from '../diagnoses';
import type { EndpointOutputs } from '../outputs';
import type { BoundedResolver } from '../resolver';
import { fail, pass, type Outcome, type ResolvedHost, type SrvTarget } from '../types';
import { parentDomain } from '../uri';
import { classifyDnsError, dnsErrorText, resolverFailureCode } from './dns-errors';
import { customDnsEvidence, zoneNotLinkedEvidence } from './resolver-identity';

const ALLOWED_TXT_KEYS = ['authSource', 'replicaSet', 'loadBalanced'];

export async function probeSrv(
  resolver: BoundedResolver,
  host: string,
  endpoints: readonly EndpointOutputs[],
): Promise<{ outcome: Outcome; targets: SrvTarget[] }> {
  const name = `_mongodb._tcp.${host}`;
  let records;
  try {
    records = await resolver.resolveSrv(name);
  } catch (error) {
    return { outcome: await srvFailure(resolver, name, host, endpoints, error), targets: [] };
  }
  if (records.length === 0) return { outcome: fail(`${name}: no SRV records`, diagnose('SRV_EMPTY')), targets: [] };
  const targets = records.map((r) => ({ name: r.name.toLowerCase().replace(/\.$/, ''), port: r.port }));
  const parent = parentDomain(host);
  const outside = targets.filter((t) => !t.name.endsWith(`.${parent}`));
  const list = targets.map((t) => `${t.name}:${t.port}`).join(', ');
  if (outside.length > 0) {
    return { outcome: fail(`${name}: targets outside ${parent}: ${outside.map((t) => t.name).join(', ')}`, diagnose('SRV_TARGET_OUTSIDE_DOMAIN')), targets: [] };
  }
  return { outcome: pass(`${name} -> ${list}`), targets };
}

async function srvFailure(
  resolver: BoundedResolver,
  name: string,
  host: string,
  endpoints: readonly EndpointOutputs[],
  error: unknown,
): Promise<Outcome> {
  const kind = classifyDnsError(error);
  const text = dnsErrorText(error);
  const code = resolverFailureCode(kind);
  if (code) return fail(`${name}: ${text}${code === 'DNS_ERROR' ? '' : ` (servers ${resolver.servers.join(', ')})`}`, diagnose(code, text));
  if (kind === 'nodata') return fail(`${name}: the name exists but has no SRV record`, diagnose('SRV_EMPTY'));
  // NXDOMAIN: is it the shadowing trap? Look for evidence that a zone answers for the subdomain.
  const evidence = await shadowEvidence(resolver, host, endpoints);
  if (evidence) return fail(`${name}: NXDOMAIN, while ${evidence}`, diagnose('SRV_SHADOWED'));
  return fail(`${name}: NXDOMAIN`, diagnose('SRV_NXDOMAIN', 'the SRV target is unknown: no candidate host name resolved'));
}

/**
 * The SRV target's name is unknown once SRV fails, so try the names Atlas gives endpoint hosts
 * (pl-<n>-<region>.<parent>), then ask
 * whether a zone sits exactly at the parent domain (a <hash>.mongodb.net zone has an SOA there;
 * publicly it does not).
 */
async function shadowEvidence(resolver: BoundedResolver, host: string, endpoints: readonly EndpointOutputs[]): Promise<string | undefined> {
  const parent = parentDomain(host);
  // cluster0-pl-0.<parent> (regions from the outputs) or, in regional mode, cluster0-pl-0-<region>.<parent>.
  const pl = /-pl-(\d+)(?:-([a-z0-9]+))?$/.exec(host.split('.')[0]);
  const regions = pl?.[2] ? [pl[2]] : endpoints.flatMap((e) => (e.region ? [e.region] : []));
  const listed = endpoints.flatMap((e) => (e.hosts ?? []).filter((h) => h.endsWith(`.${parent}`)));
  const candidates = [...new Set([...listed, ...(pl ? regions.map((r) => `pl-${pl[1]}-${r}.${parent}`) : [])])];
  const found = await Promise.allSettled(candidates.map(async (c) => ({ name: c, addresses: await resolver.resolveAddresses(c) })));
  const resolved = found.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (resolved.length > 0) return `its target ${resolved[0].name} resolves (${resolved[0].addresses.join(', ')})`;
  try {
    const soa = await resolver.resolveSoa(parent);
    return `a DNS zone exists at ${parent} (SOA ${soa.nsname})`;
  } catch {
    return undefined;
  }
}

export async function probeTxt(resolver: BoundedResolver, host: string): Promise<Outcome> {
  let records: string[][];
  try {
    records = await resolver.resolveTxt(host);
  } catch (error) {
    const kind = classifyDnsError(error);
    const text = dnsErrorText(error);
    const code = resolverFailureCode(kind);
    if (!code) return fail(`${host}: no TXT record (${text})`, diagnose('TXT_MISSING'));
    return fail(`${host}: ${text}`, diagnose(code, text));
  }
  const values = records.map((chunks) => chunks.join(''));
  if (values.length === 0) return fail(`${host}: no TXT record`, diagnose('TXT_MISSING'));
  if (values.length > 1) return fail(`${host}: ${values.length} TXT records: ${values.map((v) => JSON.stringify(v)).join(', ')}`, diagnose('TXT_MULTIPLE'));
  const keys = [...new URLSearchParams(values[0]).keys()];
  const forbidden = keys.filter((k) => !ALLOWED_TXT_KEYS.includes(k));
  if (forbidden.length > 0) return fail(`${host}: TXT "${values[0]}" has keys ${forbidden.join(', ')}`, diagnose('TXT_FORBIDDEN_KEYS', `only ${ALLOWED_TXT_KEYS.join(', ')} are allowed`));
  const params = new URLSearchParams(values[0]);
  const empty = ALLOWED_TXT_KEYS.filter((k) => params.get(k) === '');
  if (empty.length > 0) return fail(`${host}: TXT "${values[0]}" has empty ${empty.join(', ')}`, diagnose('TXT_FORBIDDEN_KEYS', `empty value for ${empty.join(', ')}`));
  return pass(`${host} TXT "${values[0]}"`);
}

/**
 * A/AAAA of every SRV target, and of every host the outputs list for this SRV string. A private
 * host that does not resolve although its SRV name did, through a resolver that is not Azure DNS,
 * is the custom-DNS trap (CUSTOM_DNS_NOT_FORWARDING).
 */
export async function probeAddresses(
  resolver: BoundedResolver,
  targets: readonly SrvTarget[],
  listed: readonly string[],
  srvName: string,
  resolverIsAzure: boolean,
  /** Whether the outputs tie a host to one of their endpoints (PRIVATE_ZONE_NOT_LINKED's evidence). */
  owned: (name: string) => boolean = (name) => listed.includes(name),
): Promise<{ outcome: Outcome; hosts: ResolvedHost[] }> {
  const names = [...new Set([...targets.map((t) => t.name), ...listed])];
  const settled = await Promise.allSettled(names.map(async (name) => ({ name, addresses: await resolver.resolveAddresses(name) })));
  const hosts = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = settled.flatMap((r, i) => (r.status === 'rejected' ? [{ name: names[i], error: r.reason as unknown }] : []));
  if (failures.length > 0) {
    const first = failures[0];
    const text = failures.map((f) => `${f.name}: ${dnsErrorText(f.error)}`).join('; ');
    const code = resolverFailureCode(classifyDnsError(first.error));
    if (code) return { outcome: fail(text, diagnose(code, dnsErrorText(first.error))), hosts };
    const missing = failures.filter((f) => classifyDnsError(f.error) === 'nxdomain').map((f) => f.name);
    const empty = failures.filter((f) => classifyDnsError(f.error) === 'nodata').map((f) => f.name);
    const evidence = customDnsEvidence(resolver.servers, resolverIsAzure, srvName, targets, missing, undefined, empty);
    if (evidence) return { outcome: fail(`${text}; ${evidence}`, diagnose('CUSTOM_DNS_NOT_FORWARDING')), hosts };
    const unlinked = missing.length > 0 ? zoneNotLinkedEvidence(resolver.servers, resolverIsAzure, srvName, targets, missing, owned, hosts.map((h) => h.name)) : undefined;
    if (unlinked) return { outcome: fail(`${text}; ${unlinked}`, diagnose('PRIVATE_ZONE_NOT_LINKED')), hosts };
    return { outcome: fail(text, diagnose('A_NXDOMAIN', dnsErrorText(first.error))), hosts };
  }
  return { outcome: pass(hosts.map((h) => `${h.name} -> ${h.addresses.join(', ')}`).join('; ')), hosts };
}
