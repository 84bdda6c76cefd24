/**
 * Which endpoint of the outputs serves a host name. Atlas names an Azure private endpoint's hosts
 * `pl-<n>-<region>.<hash>.mongodb.net` and its SRV string `<cluster>-pl-<n>[-<region>].<hash>...`
 * (the region only in regional mode): the n of an endpoint's own SRV string and the region tie a
 * host to it, never "the region's" IP alone (a region may have several endpoints, and a
 * multi-region replica set's one string spans the hosts of every region).
 */

export interface MatchableEndpoint {
  readonly stem: string;
  readonly region?: string;
  readonly privateIp?: string;
  readonly srvConnectionString?: string;
  readonly hosts?: readonly string[];
}

export interface PlHost {
  readonly index: string;
  readonly region: string;
  readonly parent: string;
}

/**
 * "pl-0-eastus2.abc12.mongodb.net" -> {index "0", region "eastus2", parent "abc12.mongodb.net"}.
 * Atlas' newer examples add a suffix to the label (`pl-0-westeurope-azure`, model §M4.3).
 */
export function parsePlHost(name: string): PlHost | undefined {
  const m = /^pl-(\d+)-([a-z0-9]+)(?:-[a-z0-9]+)?\.(.+)$/i.exec(name);
  return m ? { index: m[1], region: m[2].toLowerCase(), parent: m[3].toLowerCase() } : undefined;
}

/**
 * "mongodb+srv://cluster0-pl-1-westus2.abc12.mongodb.net" -> {index "1", region "westus2", parent}.
 * Also the form without the cluster prefix, `mongodb+srv://pl-0-eastus2.<hash>...` (model §M3.2).
 */
export function parseSrvHost(srv: string | undefined): { index: string; region?: string; parent: string } | undefined {
  const host = srvHostOf(srv);
  const m = host ? /^(?:[a-z0-9-]+?-)?pl-(\d+)(?:-([a-z0-9]+)(?:-[a-z0-9]+)?)?\.(.+)$/.exec(host) : null;
  return m ? { index: m[1], region: m[2], parent: m[3] } : undefined;
}

/** "mongodb+srv://user@Cluster0-PL-0.abc12.mongodb.net./?x=1" -> "cluster0-pl-0.abc12.mongodb.net". */
export function srvHostOf(srv: string | undefined): string | undefined {
  const rest = srv?.replace(/^mongodb\+srv:\/\//i, '').split(/[/?]/)[0];
  return rest ? rest.slice(rest.lastIndexOf('@') + 1).toLowerCase().replace(/\.$/, '') : undefined;
}

export interface Owners<E> {
  readonly owners: readonly E[];
  /** Several endpoints could serve the host and the outputs do not say which (flat outputs only). */
  readonly ambiguous: boolean;
}

export function ownersOf<E extends MatchableEndpoint>(host: string, endpoints: readonly E[]): Owners<E> | undefined {
  const withIp = endpoints.filter((e) => e.privateIp !== undefined);
  // The object outputs list their hosts: that is the answer whenever one lists it.
  const listed = withIp.filter((e) => e.hosts?.includes(host));
  if (listed.length > 0) return { owners: listed, ambiguous: listed.length > 1 };
  const pl = parsePlHost(host);
  if (!pl) return undefined;
  const regionFits = (e: E): boolean => e.region === undefined || e.region === pl.region;
  // An object with published hosts that do not name this one does not serve it.
  const open = withIp.filter((e) => !(e.hosts && e.hosts.length > 0) && regionFits(e));
  const bySrv = open.filter((e) => {
    const srv = parseSrvHost(e.srvConnectionString);
    return srv !== undefined && srv.parent === pl.parent && srv.index === pl.index && (srv.region === undefined || srv.region === pl.region);
  });
  if (bySrv.length > 0) return narrow(bySrv, pl.region);
  // No SRV string names it (older stacks, or strings not published yet): the region alone.
  const unpublished = open.filter((e) => parseSrvHost(e.srvConnectionString) === undefined);
  const inRegion = unpublished.filter((e) => e.region === pl.region);
  if (inRegion.length > 0) return narrow(inRegion, pl.region);
  // A stack with one endpoint and no SRV string: that endpoint is the only one it can mean.
  if (withIp.length === 1 && unpublished.length === 1 && unpublished[0].region === undefined) return { owners: unpublished, ambiguous: false };
  return undefined;
}

function narrow<E extends MatchableEndpoint>(candidates: readonly E[], region: string): Owners<E> {
  if (candidates.length === 1) return { owners: candidates, ambiguous: false };
  const known = candidates.filter((e) => e.region === region);
  return known.length === 1 ? { owners: known, ambiguous: false } : { owners: candidates, ambiguous: true };
}
