/** Zone data in the shape Atlas publishes for a private endpoint (names from shared/atlas-azure-samples.json). */
import type { Zone, ZoneRecord } from './dns-server';

export const SRV_HOST = 'cluster0-pl-0.abc12.mongodb.net';
export const TARGET_HOST = 'pl-0-eastus2.abc12.mongodb.net';
export const SRV_NAME = `_mongodb._tcp.${SRV_HOST}`;
export const REPL_SET = 'atlas-x7k2qp-shard-0';
export const TXT_VALUE = `authSource=admin&replicaSet=${REPL_SET}`;

export function atlasZone(options: { ports: readonly number[]; address: string; txt?: readonly string[]; omit?: ReadonlyArray<'SRV' | 'TXT' | 'A'>; extra?: readonly ZoneRecord[] }): Zone {
  const omit = new Set(options.omit ?? []);
  const records: ZoneRecord[] = [
    ...(omit.has('SRV') ? [] : options.ports.map((port) => ({ name: SRV_NAME, type: 'SRV' as const, port, target: TARGET_HOST }))),
    ...(omit.has('TXT') ? [] : (options.txt ?? [TXT_VALUE]).map((data) => ({ name: SRV_HOST, type: 'TXT' as const, data }))),
    ...(omit.has('A') ? [] : [{ name: TARGET_HOST, type: 'A' as const, address: options.address }]),
    ...(options.extra ?? []),
  ];
  return { records };
}
