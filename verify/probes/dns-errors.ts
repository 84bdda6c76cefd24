/** Names the DNS failure classes that matter for a diagnosis. */
import dns from 'dns';

export type DnsFailure = 'nxdomain' | 'nodata' | 'unreachable' | 'error';

export function classifyDnsError(error: unknown): DnsFailure {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case dns.NOTFOUND:
      return 'nxdomain';
    case dns.NODATA:
      return 'nodata';
    case dns.TIMEOUT:
    case dns.CONNREFUSED:
    case dns.REFUSED:
    case dns.CANCELLED:
    case 'EDEADLINE':
      return 'unreachable';
    default:
      return 'error';
  }
}

export function dnsErrorText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ? `${e.code}${e.message && !e.message.includes(e.code) ? `: ${e.message}` : ''}` : String(e?.message ?? e);
}
