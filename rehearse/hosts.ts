/**
 * Which endpoint serves which host of the published strings (docs/atlas-azure-model.md §M6.1):
 * a string that lists one endpoint gives it every host; a multi-region string (a replica set or
 * a sharded cluster without regional mode, §M3.3/§M3.5) names one endpoint per region, and a
 * host `pl-<n>-<region>[-suffix].<domain>` belongs to the endpoint of its region (§M4.3). The
 * rehearsal puts one stand-in server per host on that endpoint's IP with that host's ports.
 */
import type { Estate, Published } from './state';

export interface HostOnEndpoint {
  readonly host: string;
  /** The IP of the endpoint that serves the host, and that endpoint's key (its Azure region). */
  readonly ip: string;
  readonly key: string;
  readonly ports: readonly number[];
  /** The string it was published in. */
  readonly published: Published;
}

/** The region in a private-endpoint host's first label, e.g. `eastus2` of `pl-0-eastus2.abc12...`. */
export function regionOfHost(host: string): string | undefined {
  return /^pl-\d+-([a-z0-9]+?)(?:-[a-z0-9]+)?\./.exec(host.toLowerCase())?.[1];
}

export function hostsOnEndpoints(estate: Estate): HostOnEndpoint[] {
  const byId = new Map(estate.endpoints.map((e) => [e.id.toLowerCase(), e]));
  const out: HostOnEndpoint[] = [];
  const seen = new Set<string>();
  for (const p of estate.published) {
    const endpoints = (p.endpointIds ?? [p.endpointId]).map((id) => byId.get(id.toLowerCase())).filter((e) => e !== undefined);
    for (const host of new Set(p.targets.map((t) => t.host))) {
      const endpoint = endpoints.length === 1 ? endpoints[0] : endpoints.find((e) => e.key.toLowerCase() === regionOfHost(host));
      if (!endpoint) {
        throw new Error(`no registered endpoint serves ${host} (the string ${p.srvHost} names ${endpoints.map((e) => `${e.key} ${e.ip}`).join(', ') || 'none of the endpoints'})`);
      }
      if (seen.has(`${host} ${endpoint.ip}`)) continue;
      seen.add(`${host} ${endpoint.ip}`);
      out.push({ host, ip: endpoint.ip, key: endpoint.key, ports: p.targets.filter((t) => t.host === host).map((t) => t.port), published: p });
    }
  }
  return out;
}
