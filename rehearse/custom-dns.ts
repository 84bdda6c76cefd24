/**
 * The custom-DNS scenarios: the client asks a DNS server that is NOT Azure DNS (a VNet's custom
 * DNS server, an on-premises resolver), as in a landing zone (model §M10.5, §M16.2). Three Knot
 * servers inside the namespace, none on a public address:
 * - "Azure DNS through the DNS Private Resolver's inbound endpoint": the stack's private zones and
 *   the public view (what Azure DNS answers in the resolver's VNet), on the inbound IP(s) that the
 *   stack's `<prefix>_dns_forwarding` output names (on the namespace's lo);
 * - "the internet": the public view WITHOUT answers for the private `pl-` hosts (Atlas' public A
 *   records for them are no documented promise, and company resolvers drop private answers:
 *   model §M10.7);
 * - the custom DNS server itself, in the namespace's resolv.conf: a real forwarder (Knot's
 *   mod-dnsproxy) sending each domain of `<prefix>_dns_forwarding` to its targets and every other
 *   name to the internet (`custom-dns`), or everything to the internet (`custom-dns-not-forwarding`).
 */
import { isPrivateIpv4, PRIVATE_IPV4_RANGES_TEXT } from '../lib/ip-ranges';
import { planDns, type Scenario, type ServedZone } from './dns';
import type { Forwarding } from './knot';
import type { Estate } from './state';

export type CustomDnsScenario = Extract<Scenario, 'custom-dns' | 'custom-dns-not-forwarding'>;
export const CUSTOM_DNS_SCENARIOS: readonly CustomDnsScenario[] = ['custom-dns', 'custom-dns-not-forwarding'];
export const isCustomDns = (scenario: string): scenario is CustomDnsScenario => (CUSTOM_DNS_SCENARIOS as readonly string[]).includes(scenario);

/** The custom DNS server (resolv.conf) and "the internet": loopback addresses of the namespace. */
export const FORWARDER_ADDRESS = '127.0.0.1';
export const INTERNET_ADDRESS = '127.0.0.2';

export interface ForwardingEntry {
  readonly domain: string;
  readonly forwardTo: readonly string[];
}

/** A setup error of these scenarios: the stack gives nothing (or nothing usable) to forward to. */
export class NoForwarding extends Error {}

/**
 * `<prefix>_dns_forwarding` from `terraform output -json`: `[{ domain, forward_to: [ip, ...] }]`.
 * Every target must be a private IPv4 address: it goes on an interface of the namespace.
 */
export function readForwarding(outputs: Record<string, { value?: unknown }>, prefix: string): ForwardingEntry[] {
  const name = `${prefix}_dns_forwarding`;
  const value = outputs[name]?.value;
  if (value === undefined) {
    throw new NoForwarding(
      `the stack has no ${name} output: give the config a dns.resolver (an Azure DNS Private Resolver to create) or dns.existingResolverInboundIps, so a custom DNS server has an inbound endpoint to forward to`,
    );
  }
  const entries = Array.isArray(value) ? value : [];
  const parsed = entries.map((e: any, i: number): ForwardingEntry => {
    const to: unknown[] = Array.isArray(e?.forward_to) ? e.forward_to : [];
    if (typeof e?.domain !== 'string' || e.domain === '' || to.length === 0 || !to.every((ip) => typeof ip === 'string')) {
      throw new NoForwarding(`${name}[${i}]: expected { domain = "<zone>", forward_to = ["<inbound IP>", ...] }, got ${JSON.stringify(e)}`);
    }
    const bad = (to as string[]).find((ip) => !isPrivateIpv4(ip));
    if (bad) throw new NoForwarding(`${name}[${i}].forward_to: "${bad}" is not a private IPv4 address (${PRIVATE_IPV4_RANGES_TEXT}); the rehearsal puts only private addresses in its namespace`);
    return { domain: e.domain.toLowerCase().replace(/\.$/, ''), forwardTo: to as string[] };
  });
  if (parsed.length === 0) throw new NoForwarding(`${name}: expected a list of { domain, forward_to }, got ${JSON.stringify(value)}`);
  return parsed;
}

export interface CustomDnsPlan {
  /** Azure DNS as the resolver's inbound endpoint answers: private zones + public view. */
  readonly inbound: { readonly addresses: readonly string[]; readonly zones: readonly ServedZone[] };
  /** The internet: the public view without the private hosts' A records. */
  readonly internet: { readonly zones: readonly ServedZone[] };
  readonly forwarding: Forwarding;
  readonly note: string;
}

export function planCustomDns(estate: Estate, scenario: CustomDnsScenario, entries: readonly ForwardingEntry[]): CustomDnsPlan {
  const azure = planDns(estate, 'default').zones;
  const privateHosts = new Set(estate.published.flatMap((p) => p.targets.map((t) => t.host)));
  const internet = azure
    .filter((z) => z.origin === 'public')
    .map((z) => ({ ...z, records: z.records.filter((r) => !((r.type === 'A' || r.type === 'AAAA') && privateHosts.has(r.name))) }));
  const addresses = [...new Set(entries.flatMap((e) => e.forwardTo))];
  const conditional = scenario === 'custom-dns' ? entries.map((e) => ({ domain: e.domain, to: e.forwardTo })) : [];
  const note =
    scenario === 'custom-dns'
      ? `the custom DNS server forwards ${entries.map((e) => e.domain).join(', ')} to ${addresses.join(', ')} (the inbound endpoint) and every other name to the internet`
      : `the custom DNS server forwards every name to the internet, none to the inbound endpoint ${addresses.join(', ')}`;
  return { inbound: { addresses, zones: azure }, internet: { zones: internet }, forwarding: { upstream: [INTERNET_ADDRESS], conditional }, note };
}
