/** Names the DNS failure classes that matter for a diagnosis. */
import dns from 'dns';
import type { DiagnosisCode } from '../diagnoses';

export type DnsFailure = 'nxdomain' | 'nodata' | 'unreachable' | 'refused' | 'error';

export function classifyDnsError(error: unknown): DnsFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case dns.NOTFOUND:
      return 'nxdomain';
    case dns.NODATA:
      return 'nodata';
    // The server answered at once with rcode REFUSED: it runs, so this is no timeout.
    case dns.REFUSED:
      return 'refused';
    case dns.TIMEOUT:
    case dns.CONNREFUSED:
    case dns.CANCELLED:
    case 'EDEADLINE':
      return 'unreachable';
    default:
      return 'error';
  }
}

/** The diagnosis of a resolver failure that is not about the name itself (undefined for NXDOMAIN/NODATA). */
export function resolverFailureCode(kind: DnsFailure): DiagnosisCode | undefined {
  return kind === 'unreachable' ? 'DNS_UNREACHABLE' : kind === 'refused' ? 'DNS_REFUSED' : kind === 'error' ? 'DNS_ERROR' : undefined;
}

export function dnsErrorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ? `${e.code}${e.message && !e.message.includes(e.code) ? `: ${e.message}` : ''}` : String(e?.message ?? e);
}
