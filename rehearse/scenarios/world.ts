/**
 * What the namespace holds for one catalogue scenario, as data: the zones the DNS server serves
 * (or none: the server is down), the packets dropped, the database members (which are down, which
 * CA signed their certificate), what Atlas reports for the registrations and Azure for the
 * endpoints' connections (the outputs then come from a refresh on the replay provider,
 * stager.ts), and the app's connection string.
 * Each scenario is a small change of the healthy world; stager.ts re-stages only what differs
 * between two worlds, so `--scenario all` applies once and restarts only what a scenario touches.
 */
import { randomBytes } from 'crypto';
import { planDns, publicRecords, type ServedZone } from '../dns';
import type { Estate } from '../state';
import type { ZoneRecord } from '../zone';

export interface Drop {
  readonly ip: string;
  readonly ports: readonly number[];
}

export interface World {
  /** null: the DNS server is down. */
  readonly zones: readonly ServedZone[] | null;
  readonly drops: readonly Drop[];
  /** Member ports whose FerretDB is stopped. */
  readonly down: readonly number[];
  /** `other`: the members present a certificate from a CA the clients do not trust. */
  readonly cert: 'run' | 'other';
  /** `terraform output -json` of the apply, as the verifier reads it while `reported` is empty. */
  readonly outputs: Record<string, { value?: unknown }>;
  /**
   * What Atlas and Azure report after the apply (the replay world's `atlas.registrations` and
   * `azure.privateEndpointConnections`). Not empty: the verifier reads the outputs of a refresh under it.
   */
  readonly reported: Reported;
  /** The app's (and the verifier's) MONGODB_URI, with the password. */
  readonly uri: string;
  /** Everything to redact (the run's password, a wrong one). */
  readonly secrets: readonly string[];
}

/** Statuses by the private endpoint's ARM id: Atlas' registration status, Azure's connection status. */
export interface Reported {
  readonly registrations?: Readonly<Record<string, string>>;
  readonly connections?: Readonly<Record<string, string>>;
}

/** The cluster's standard (public) strings, as the cluster data source holds them. */
export interface Standard {
  readonly srvHost: string;
  readonly hosts: readonly { host: string; port: number }[];
  readonly txt: string;
}

export interface Base {
  readonly estate: Estate;
  readonly outputs: Record<string, { value?: unknown }>;
  readonly user: string;
  readonly password: string;
  readonly standard?: Standard;
}

/**
 * Fake public addresses for the standard hosts (data only: the namespace has no route to them, so
 * a connect fails with ENETUNREACH inside it and no packet leaves). 20.0.0.0/8 is an Azure public
 * range; these particular addresses mean nothing.
 */
export const PUBLIC_IP_BASE = '20.62.13.';

const parentOf = (host: string): string => host.split('.').slice(1).join('.');
const uriFor = (user: string, password: string, host: string): string => `mongodb+srv://${user}:${encodeURIComponent(password)}@${host}/?retryWrites=true&w=majority`;

/** What Atlas publishes for the standard string: SRV, TXT, and public A records of its members. */
function standardRecords(standard: Standard | undefined): ZoneRecord[] {
  if (!standard) return [];
  const hosts = [...new Set(standard.hosts.map((h) => h.host))];
  return [
    ...standard.hosts.map((t) => ({ name: `_mongodb._tcp.${standard.srvHost}`, type: 'SRV' as const, port: t.port, target: t.host })),
    { name: standard.srvHost, type: 'TXT' as const, data: standard.txt },
    ...hosts.map((host, i) => ({ name: host, type: 'A' as const, address: `${PUBLIC_IP_BASE}${10 + i}` })),
  ];
}

/** The public view (`.`) also answers the standard string, as Atlas' public DNS does. */
function withStandard(zones: readonly ServedZone[], standard: Standard | undefined): ServedZone[] {
  return zones.map((z) => (z.name === '.' ? { ...z, records: [...z.records, ...standardRecords(standard)] } : z));
}

export function healthyWorld(base: Base): World {
  const first = base.estate.published[0];
  return {
    zones: withStandard(planDns(base.estate, 'default').zones, base.standard),
    drops: [],
    down: [],
    cert: 'run',
    outputs: base.outputs,
    reported: {},
    uri: uriFor(base.user, base.password, first.srvHost),
    secrets: [base.password],
  };
}

/** The first endpoint (its IP and the ports of its string): what the scenarios break. */
function firstEndpoint(base: Base): { id: string; ip: string; ports: number[]; hosts: string[] } {
  const p = base.estate.published[0];
  const e = base.estate.endpoints.find((x) => x.id === p.endpointId) ?? base.estate.endpoints[0];
  return { id: e.id, ip: e.ip, ports: p.targets.map((t) => t.port), hosts: [...new Set(p.targets.map((t) => t.host))] };
}

/** An address of the endpoint's subnet no endpoint holds: the IP it had before it was re-created. */
export function staleIp(base: Base): string {
  const { ip } = firstEndpoint(base);
  const taken = new Set(base.estate.endpoints.map((e) => e.ip));
  const parts = ip.split('.').map(Number);
  for (let last = parts[3] + 1; last < 255; last++) {
    const candidate = [...parts.slice(0, 3), last].join('.');
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error(`no free address after ${ip} for the stale record`);
}

/**
 * After a green apply, the first endpoint's connection stops carrying traffic (model §M7.1): its
 * member ports are dropped, and the refresh shows what Atlas and Azure report then.
 */
function reportedForFirst(w: World, b: Base, reported: { registration?: string; connection: string }): World {
  const { id, ip, ports } = firstEndpoint(b);
  return {
    ...w,
    reported: { ...(reported.registration ? { registrations: { [id]: reported.registration } } : {}), connections: { [id]: reported.connection } },
    drops: [{ ip, ports }],
  };
}

/** Every catalogue scenario as a change of the healthy world. */
export const STAGING: Record<string, (healthy: World, base: Base) => World> = {
  shadowed: (w, b) => ({ ...w, zones: withStandard(planDns(b.estate, 'shadowed').zones, b.standard) }),
  'no-public-dns': (w, b) => ({ ...w, zones: planDns(b.estate, 'no-public-dns').zones }),
  'stale-a-record': (w, b) => {
    const { hosts } = firstEndpoint(b);
    const old = staleIp(b);
    // A hand-kept exact-host zone wins over any zone above it (model §M10.3) and replaces the stack's own.
    const zones = (w.zones ?? []).filter((z) => !hosts.includes(z.name));
    return { ...w, zones: [...hosts.map((host) => ({ name: host, origin: 'hand-made' as const, records: [{ name: host, type: 'A' as const, address: old }] })), ...zones] };
  },
  'member-down': (w, b) => ({ ...w, down: [firstEndpoint(b).ports.slice(-1)[0]] }),
  'ports-blocked': (w, b) => ({ ...w, drops: [{ ip: firstEndpoint(b).ip, ports: firstEndpoint(b).ports }] }),
  'txt-missing': (w, b) => {
    const srvHost = b.estate.published[0].srvHost;
    const parent = parentOf(srvHost);
    const records = publicRecords(b.estate).filter((r) => r.type !== 'TXT' && (r.name === parent || r.name.endsWith(`.${parent}`)));
    const zones = (w.zones ?? []).filter((z) => z.name !== parent);
    return { ...w, zones: [{ name: parent, origin: 'hand-made', records }, ...zones] };
  },
  'dns-down': (w) => ({ ...w, zones: null }),
  'wrong-password': (w, b) => {
    const wrong = randomBytes(18).toString('base64url');
    return { ...w, uri: uriFor(b.user, wrong, b.estate.published[0].srvHost), secrets: [...w.secrets, wrong] };
  },
  'tls-inspection': (w) => ({ ...w, cert: 'other' }),
  'public-connection-string': (w, b) => {
    if (!b.standard) throw new Error('the cluster data source has no standard SRV string: nothing to stage');
    return { ...w, uri: uriFor(b.user, b.password, b.standard.srvHost) };
  },
  'zone-not-linked': (w, b) => {
    // Only the public view answers; Atlas' public A records for pl- hosts are not relied on (model §M4.4).
    const { hosts } = firstEndpoint(b);
    const pub = (w.zones ?? []).find((z) => z.name === '.');
    if (!pub) throw new Error('no public view to keep');
    return { ...w, zones: [{ ...pub, records: pub.records.filter((r) => !(r.type === 'A' && hosts.includes(r.name))) }] };
  },
  // Atlas has not accepted the registration yet, so it has not approved Azure's connection either.
  'endpoint-pending': (w, b) => reportedForFirst(w, b, { registration: 'INITIATING', connection: 'Pending' }),
  // Azure's connection Rejected; what Atlas' registration shows then is not documented (§M7.3): it stays AVAILABLE.
  'endpoint-rejected': (w, b) => reportedForFirst(w, b, { connection: 'Rejected' }),
};

export function worldFor(name: string, base: Base): World {
  const healthy = healthyWorld(base);
  if (name === 'default') return healthy;
  const stage = STAGING[name];
  if (!stage) throw new Error(`no staging for scenario ${name}`);
  return stage(healthy, base);
}
