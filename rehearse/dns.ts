/**
 * The DNS a VNet sees, from what the apply created (Azure Private DNS semantics):
 * - every `azurerm_private_dns_zone` in the state is authoritative for its whole name and holds
 *   exactly its A/SRV/TXT records: a name it lacks is NXDOMAIN, with no fallback;
 * - every other name is answered by the "public" view: the root zone `.` holding what Atlas
 *   publishes for the cluster (SRV and TXT of each `-pl-` host, the `pl-` A records), built from
 *   the cluster data source's private-endpoint connection strings, not from the private zones.
 * Knot answers from the most specific zone it serves, so a private zone at or below a name
 * overrides the public view exactly as a linked zone does in Azure.
 */
import { hostsOnEndpoints } from './hosts';
import type { Estate } from './state';
import type { ZoneRecord } from './zone';

/** `custom-dns` and `custom-dns-not-forwarding`: a forwarder between client and zones (custom-dns.ts). */
export const SCENARIOS = ['default', 'no-public-dns', 'shadowed', 'custom-dns', 'custom-dns-not-forwarding'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface ServedZone {
  /** Zone name without the trailing dot; `.` is the root (the public view). */
  readonly name: string;
  readonly records: readonly ZoneRecord[];
  readonly origin: 'private' | 'public' | 'hand-made';
}

export interface DnsPlan {
  readonly zones: readonly ServedZone[];
  /** What the scenario changed, for the report. */
  readonly note: string;
}

const parentOf = (host: string): string => host.split('.').slice(1).join('.');

/** What Atlas publishes in public DNS for the cluster's private endpoints. */
export function publicRecords(estate: Estate): ZoneRecord[] {
  const records: ZoneRecord[] = [];
  for (const p of estate.published) {
    records.push(...p.targets.map((t) => ({ name: `_mongodb._tcp.${p.srvHost}`, type: 'SRV' as const, port: t.port, target: t.host })));
    if (p.txt) records.push({ name: p.srvHost, type: 'TXT', data: p.txt });
  }
  // Each host on the endpoint of its own region (a multi-region string spans several endpoints).
  for (const h of hostsOnEndpoints(estate)) records.push({ name: h.host, type: 'A', address: h.ip });
  return dedupe(records);
}

function dedupe(records: ZoneRecord[]): ZoneRecord[] {
  const seen = new Set<string>();
  return records.filter((r) => {
    const key = JSON.stringify(r);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function planDns(estate: Estate, scenario: Scenario): DnsPlan {
  const zones: ServedZone[] = estate.privateZones.map((z) => ({ ...z, origin: 'private' as const }));
  let note = 'private zones from the state; every other name from the public view';
  if (scenario === 'shadowed') {
    // What a hand-made setup often adds: a zone at the cluster's <hash>.mongodb.net holding only
    // the A record(s) of the endpoint host(s).
    const published = publicRecords(estate);
    const a = published.filter((r) => r.type === 'A');
    const names = [...new Set(estate.published.map((p) => parentOf(p.srvHost)))];
    const added = names.filter((n) => !zones.some((z) => z.name === n));
    zones.push(...added.map((name) => ({ name, origin: 'hand-made' as const, records: a.filter((r) => r.name.endsWith(`.${name}`)) })));
    note = added.length
      ? `added a hand-made zone ${added.join(', ')} holding only the A record`
      : `the stack already has a zone ${names.join(', ')} (with its SRV and TXT records): nothing to shadow`;
  }
  if (scenario === 'no-public-dns') note = 'no public view: only the private zones answer, every other name is REFUSED';
  else zones.push({ name: '.', origin: 'public', records: publicRecords(estate) });
  return { zones, note };
}
