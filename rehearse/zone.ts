/**
 * DNS zone data as plain records: what the rehearsal's Knot server serves (rehearse/knot.ts)
 * and what the verifier tests' in-process dns2 server answers (test/harness/dns-server.ts).
 */
export type ZoneRecord =
  | { name: string; type: 'A'; address: string }
  | { name: string; type: 'AAAA'; address: string }
  | { name: string; type: 'SRV'; port: number; target: string; priority?: number; weight?: number }
  | { name: string; type: 'TXT'; data: string }
  | { name: string; type: 'SOA'; primary: string; admin: string };

export interface Zone {
  readonly records: readonly ZoneRecord[];
  /** Names answered with NXDOMAIN even when records exist (case-insensitive). */
  readonly nxdomain?: readonly string[];
}
