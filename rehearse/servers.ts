/**
 * The stand-in servers of a rehearsal: one FerretDB group per published host, on the IP of the
 * endpoint that serves the host (rehearse/hosts.ts) and at that host's ports.
 *
 * FerretDB cannot form a replica set or act as mongos (see ferretdb.ts): a driver reaches a
 * group through its member 0, which claims a replica-set name. So the first host of each string
 * claims the string's name and every other host of a multi-region string runs standalones (real
 * TLS listeners for the verifier's TCP check, which the driver then leaves out, as it leaves out
 * the other members of a group). A sharded cluster's string has no replicaSet: its first host
 * claims a name of its own, which the driver discovers (the URI names no set), since a driver
 * given several seeds drops standalones.
 */
import { hostsOnEndpoints } from './hosts';
import type { Estate } from './state';

export interface Server {
  readonly host: string;
  readonly ip: string;
  readonly ports: readonly number[];
  /** '' for a group of standalones. */
  readonly replSetName: string;
}

export function serversFor(estate: Estate): Server[] {
  const claimed = new Set<unknown>();
  return hostsOnEndpoints(estate).map(({ host, ip, ports, published }) => {
    const first = !claimed.has(published);
    claimed.add(published);
    const name = published.replicaSet || `rehearse-${published.srvHost.split('.')[0]}`;
    return { host, ip, ports, replSetName: first ? name : '' };
  });
}
