/**
 * One DNS resolver for every probe and for the driver. Node's default c-ares settings retry for
 * about 29 s per query, so every query gets tries:1, the run's timeout, and our own deadline.
 */
import dns, { promises as dnsPromises } from 'dns';
import { isIP } from 'net';
import type { LookupAddress, LookupOptions } from 'dns';
import type { DnsServer } from './args';

export class DeadlineError extends Error {
  readonly code = 'EDEADLINE';
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${ms} ms`);
  }
}

export function withDeadline<T>(promise: Promise<T>, ms: number, what: string, onTimeout?: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout?.();
      reject(new DeadlineError(what, ms));
    }, ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export function serverStrings(servers: readonly DnsServer[]): string[] {
  return servers.map(({ address, port }) => (isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`));
}

export class BoundedResolver {
  private readonly resolver: dnsPromises.Resolver;

  constructor(
    servers: readonly DnsServer[],
    private readonly timeoutMs: number,
  ) {
    this.resolver = new dnsPromises.Resolver({ timeout: timeoutMs, tries: 1 });
    if (servers.length > 0) this.resolver.setServers(serverStrings(servers));
  }

  get servers(): string[] {
    return this.resolver.getServers();
  }

  resolveSrv(name: string): Promise<dns.SrvRecord[]> {
    return this.bounded(this.resolver.resolveSrv(name), `SRV query for ${name}`);
  }

  resolveTxt(name: string): Promise<string[][]> {
    return this.bounded(this.resolver.resolveTxt(name), `TXT query for ${name}`);
  }

  resolve4(name: string): Promise<string[]> {
    return this.bounded(this.resolver.resolve4(name), `A query for ${name}`);
  }

  resolve6(name: string): Promise<string[]> {
    return this.bounded(this.resolver.resolve6(name), `AAAA query for ${name}`);
  }

  resolveSoa(name: string): Promise<dns.SoaRecord> {
    return this.bounded(this.resolver.resolveSoa(name), `SOA query for ${name}`);
  }

  /** A and AAAA together; NODATA on one family is fine, any other error of both is thrown. */
  async resolveAddresses(name: string): Promise<string[]> {
    const [v4, v6] = await Promise.allSettled([this.resolve4(name), this.resolve6(name)]);
    const found = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
    if (found.length > 0) return found;
    const errors = [v4, v6].flatMap((r) => (r.status === 'rejected' ? [r.reason as NodeJS.ErrnoException] : []));
    // The A error tells most (NXDOMAIN, timeout); AAAA NODATA is the usual companion.
    throw errors.find((e) => e.code !== dns.NODATA) ?? errors[0] ?? Object.assign(new Error(`no address for ${name}`), { code: dns.NODATA });
  }

  /**
   * A `lookup` for net/tls.connect (the driver passes it through), so the driver connects to
   * the addresses this resolver returns instead of asking the system via getaddrinfo.
   */
  lookupFunction(): (hostname: string, options: LookupOptions, callback: (...args: unknown[]) => void) => void {
    return (hostname, options, callback) => {
      const wantAll = typeof options === 'object' && options !== null && options.all === true;
      const family = typeof options === 'object' && options !== null ? options.family : undefined;
      const answer = (addresses: string[]): void => {
        const list: LookupAddress[] = addresses
          .map((address) => ({ address, family: isIP(address) }))
          .filter((a) => !family || family === a.family);
        if (list.length === 0) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }));
        } else if (wantAll) callback(null, list);
        else callback(null, list[0].address, list[0].family);
      };
      if (isIP(hostname)) return answer([hostname]);
      this.resolveAddresses(hostname).then(answer, (error: unknown) => callback(error));
    };
  }

  private bounded<T>(promise: Promise<T>, what: string): Promise<T> {
    // Not c-ares' own timeout: with {timeout: 1000, tries: 1} c-ares 1.34 (Node 20.20) gives up on a
    // silent server only after ~2000 ms (measured), so this deadline is what bounds the query.
    return withDeadline(promise, this.timeoutMs, what, () => this.resolver.cancel());
  }
}

/**
 * The driver resolves SRV/TXT through the process-wide resolver: point it at the same servers.
 */
export function useServersProcessWide(servers: readonly DnsServer[]): void {
  if (servers.length > 0) dns.setServers(serverStrings(servers));
}
