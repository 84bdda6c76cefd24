/**
 * What the verifier says about the resolver itself: a server that refuses at once is no timeout
 * (issue 16), and a resolver that is not Azure DNS answering the public SRV name but not the
 * private host is the custom-DNS trap (issue 18). A real DNS server (dns2) answers on loopback.
 */
import { startDnsServer, type RunningDnsServer } from '../harness/dns-server';
import { check, runVerifier, statuses } from '../harness/run-verifier';
import { atlasZone, SRV_HOST, SRV_NAME, TARGET_HOST } from '../harness/zones';
import { customDnsEvidence, resolverKind, serverAddress } from '../../verify/probes/resolver-identity';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dns2 = require('dns2');

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A resolver that answers every query at once with rcode REFUSED (5), as a server without recursion for this client. */
async function refusingServer(): Promise<string> {
  const server = dns2.createServer({
    udp: true,
    handle(request: unknown, send: (response: unknown) => void) {
      const response = dns2.Packet.createResponseFromRequest(request);
      response.header.rcode = 5;
      send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  cleanups.push(() => server.close());
  return `127.0.0.1:${addresses.udp.port}`;
}

async function dnsWith(...args: Parameters<typeof startDnsServer>): Promise<RunningDnsServer> {
  const server = await startDnsServer(...args);
  cleanups.push(() => server.close());
  return server;
}

describe('a resolver that refuses', () => {
  it('is diagnosed as DNS_REFUSED at once, not as a timeout', async () => {
    const server = await refusingServer();
    const run = await runVerifier(['--uri', `mongodb+srv://${SRV_HOST}`, '--dns-server', server, '--timeout', '3000', '--json']);
    expect(run.code).toBe(1);
    expect(check(run, 'dns-srv')).toMatchObject({ status: 'fail', diagnosis: { code: 'DNS_REFUSED' } });
    expect(check(run, 'dns-srv').message).toBe(`${SRV_NAME}: EREFUSED (servers ${server})`);
    expect(check(run, 'dns-txt').diagnosis?.code).toBe('DNS_REFUSED');
    // Refused at once: nowhere near the 3000 ms a silent server would cost.
    expect(check(run, 'dns-srv').durationMs).toBeLessThan(1000);
  });
});

describe('the custom-DNS trap', () => {
  it('names it when a resolver that is not Azure DNS answers SRV but NXDOMAIN for the private host, with the evidence', async () => {
    const dns = await dnsWith({ ...atlasZone({ ports: [1024], address: '10.20.1.4' }), nxdomain: [TARGET_HOST] });
    const run = await runVerifier(['--uri', `mongodb+srv://${SRV_HOST}`, '--dns-server', dns.server, '--timeout', '2000', '--skip-crud', '--json']);
    expect(run.code).toBe(1);
    expect(statuses(run)).toMatchObject({ 'dns-srv': 'pass', 'dns-txt': 'pass', 'dns-a': 'fail', 'private-ip': 'skip' });
    expect(check(run, 'dns-a')).toMatchObject({
      message: `${TARGET_HOST}: ENOTFOUND; the resolver ${dns.server} is not Azure DNS (168.63.129.16): it answered the SRV query ${SRV_NAME} (${TARGET_HOST}) but NXDOMAIN for ${TARGET_HOST}`,
      diagnosis: { code: 'CUSTOM_DNS_NOT_FORWARDING' },
    });
    expect(check(run, 'dns-a').diagnosis?.text).toContain('168.63.129.16');
    expect(check(run, 'dns-a').diagnosis?.text).toContain('inbound endpoint');
  });

  it('names it too when the resolver answers the private host with no address (NODATA), as one that drops private answers does (dnsmasq --stop-dns-rebind)', async () => {
    // The host exists (a TXT record) but has no A/AAAA: the empty answer a rebinding filter leaves.
    const dns = await dnsWith(atlasZone({ ports: [1024], address: '10.20.1.4', omit: ['A'], extra: [{ name: TARGET_HOST, type: 'TXT', data: 'x' }] }));
    const run = await runVerifier(['--uri', `mongodb+srv://${SRV_HOST}`, '--dns-server', dns.server, '--timeout', '2000', '--skip-crud', '--json']);
    expect(run.code).toBe(1);
    expect(check(run, 'dns-a')).toMatchObject({
      message: `${TARGET_HOST}: ENODATA; the resolver ${dns.server} is not Azure DNS (168.63.129.16): it answered the SRV query ${SRV_NAME} (${TARGET_HOST}) but no address (an empty answer, as from a resolver that drops private addresses) for ${TARGET_HOST}`,
      diagnosis: { code: 'CUSTOM_DNS_NOT_FORWARDING' },
    });
  });

  it('keeps A_NXDOMAIN for an empty answer through Azure DNS (--azure-resolver)', async () => {
    const dns = await dnsWith(atlasZone({ ports: [1024], address: '10.20.1.4', omit: ['A'], extra: [{ name: TARGET_HOST, type: 'TXT', data: 'x' }] }));
    const run = await runVerifier(['--uri', `mongodb+srv://${SRV_HOST}`, '--dns-server', dns.server, '--azure-resolver', '--timeout', '2000', '--skip-crud', '--json']);
    expect(check(run, 'dns-a').diagnosis?.code).toBe('A_NXDOMAIN');
  });

  it('keeps A_NXDOMAIN when the resolver is declared to be Azure DNS (--azure-resolver)', async () => {
    const dns = await dnsWith({ ...atlasZone({ ports: [1024], address: '10.20.1.4' }), nxdomain: [TARGET_HOST] });
    const run = await runVerifier(['--uri', `mongodb+srv://${SRV_HOST}`, '--dns-server', dns.server, '--azure-resolver', '--timeout', '2000', '--skip-crud', '--json']);
    expect(check(run, 'dns-a').diagnosis?.code).toBe('A_NXDOMAIN');
  });
});

describe('resolverKind', () => {
  it.each([
    [['168.63.129.16'], 'azure'],
    [['168.63.129.16:53'], 'azure'],
    [['10.0.0.4', '10.0.0.5'], 'other'],
    [['[fd00::53]:53'], 'other'],
  ])('%j -> %s', (servers, kind) => {
    expect(resolverKind(servers, () => undefined).kind).toBe(kind);
  });

  it("looks through systemd-resolved's stub at its upstream servers", () => {
    expect(resolverKind(['127.0.0.53'], () => ['168.63.129.16']).kind).toBe('azure');
    expect(resolverKind(['127.0.0.53'], () => ['10.0.0.4'])).toEqual({ kind: 'other', what: '127.0.0.53 (systemd-resolved, forwarding to 10.0.0.4)' });
    // Unreadable upstream: no claim either way, so no custom-DNS finding.
    expect(resolverKind(['127.0.0.53'], () => undefined).kind).toBe('unknown');
    expect(customDnsEvidence(['127.0.0.53'], false, SRV_HOST, [{ name: TARGET_HOST, port: 1024 }], [TARGET_HOST], () => undefined)).toBeUndefined();
  });

  it('takes the address out of server strings', () => {
    expect(['10.0.0.4:53', '[fd00::53]:53', '::1', '10.0.0.4'].map(serverAddress)).toEqual(['10.0.0.4', 'fd00::53', '::1', '10.0.0.4']);
  });
});
