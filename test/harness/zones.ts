/** Zone data in the shape Atlas publishes for a private endpoint (names from shared/atlas-azure-samples.json). */
import type { Zone, ZoneRecord } from './dns-server';

export const SRV_HOST = 'cluster0-pl-0.abc12.mongodb.net';
export const TARGET_HOST = 'pl-0-eastus2.abc12.mongodb.net';
export const SRV_NAME = `_mongodb._tcp.${SRV_HOST}`;
export const REPL_SET = 'atlas-x7k2qp-shard-0';
export const TXT_VALUE = `authSource=admin&replicaSet=${REPL_SET}`;

/** Regional mode: one SRV host and one target host per region. */
export const regionalHosts = (region: string): { srvHost: string; targetHost: string } => ({
  srvHost: `cluster0-pl-0-${region}.abc12.mongodb.net`,
  targetHost: `pl-0-${region}.abc12.mongodb.net`,
});

export function atlasZone(options: {
  ports: readonly number[];
  address: string;
  txt?: readonly string[];
  omit?: ReadonlyArray<'SRV' | 'TXT' | 'A'>;
  extra?: readonly ZoneRecord[];
  srvHost?: string;
  targetHost?: string;
}): Zone {
  const omit = new Set(options.omit ?? []);
  const srvHost = options.srvHost ?? SRV_HOST;
  const target = options.targetHost ?? TARGET_HOST;
  const records: ZoneRecord[] = [
    ...(omit.has('SRV') ? [] : options.ports.map((port) => ({ name: `_mongodb._tcp.${srvHost}`, type: 'SRV' as const, port, target }))),
    ...(omit.has('TXT') ? [] : (options.txt ?? [TXT_VALUE]).map((data) => ({ name: srvHost, type: 'TXT' as const, data }))),
    ...(omit.has('A') ? [] : [{ name: target, type: 'A' as const, address: options.address }]),
    ...(options.extra ?? []),
  ];
  return { records };
}
