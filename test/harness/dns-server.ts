/**
 * A small authoritative DNS server for tests, built on dns2: serves the records of one zone over
 * UDP and TCP on a loopback address. Runs in-process (startDnsServer) or as a child process
 * (`node -r test/harness/ts-register.js test/harness/dns-server.ts <zone.json> [address]`, which
 * prints {"port": N} on stdout once listening), e.g. inside a network namespace.
 */
import { readFileSync } from 'fs';
import type { Zone, ZoneRecord } from '../../rehearse/zone';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dns2 = require('dns2');

export type { Zone, ZoneRecord };

export interface RunningDnsServer {
  readonly address: string;
  readonly port: number;
  /** `address:port`, the form --dns-server takes. */
  readonly server: string;
  /** Every question asked, for tests that check what the verifier queried. */
  readonly queries: Array<{ name: string; type: string }>;
  close(): Promise<void>;
}

const TYPE_NAMES: Record<number, string> = { 1: 'A', 6: 'SOA', 16: 'TXT', 28: 'AAAA', 33: 'SRV' };
const NXDOMAIN = 3;

const norm = (name: string): string => name.toLowerCase().replace(/\.$/, '');

export function answerFor(zone: Zone, name: string, type: string): { rcode: number; answers: ZoneRecord[] } {
  const wanted = norm(name);
  if ((zone.nxdomain ?? []).some((n) => norm(n) === wanted)) return { rcode: NXDOMAIN, answers: [] };
  const atName = zone.records.filter((r) => norm(r.name) === wanted);
  // An authoritative zone: unknown names are NXDOMAIN, known names without that type are NODATA.
  if (atName.length === 0) return { rcode: NXDOMAIN, answers: [] };
  return { rcode: 0, answers: atName.filter((r) => r.type === type) };
}

function toDns2(record: ZoneRecord): Record<string, unknown> {
  const base = { name: record.name, class: dns2.Packet.CLASS.IN, ttl: 5, type: dns2.Packet.TYPE[record.type] };
  switch (record.type) {
    case 'A':
    case 'AAAA':
      return { ...base, address: record.address };
    case 'SRV':
      return { ...base, priority: record.priority ?? 0, weight: record.weight ?? 0, port: record.port, target: record.target };
    case 'TXT':
      return { ...base, data: record.data };
    case 'SOA':
      return { ...base, primary: record.primary, admin: record.admin, serial: 1, refresh: 3600, retry: 600, expiration: 86400, minimum: 5 };
  }
}

export async function startDnsServer(zone: Zone, address = '127.0.0.1', port = 0): Promise<RunningDnsServer> {
  const queries: Array<{ name: string; type: string }> = [];
  const udpType = address.includes(':') ? 'udp6' : 'udp4';
  const server = dns2.createServer({
    udp: { type: udpType },
    tcp: true,
    handle(request: { questions: Array<{ name: string; type: number }> }, send: (response: unknown) => void) {
      const response = dns2.Packet.createResponseFromRequest(request);
      response.header.aa = 1;
      const [question] = request.questions;
      if (question) {
        const type = TYPE_NAMES[question.type] ?? String(question.type);
        queries.push({ name: question.name, type });
        const { rcode, answers } = answerFor(zone, question.name, type);
        response.header.rcode = rcode;
        response.answers.push(...answers.map(toDns2));
      }
      send(response);
    },
  });
  // UDP and TCP on the same port number, as resolvers expect (TCP after a truncated answer).
  const udpPort = port || (await freeUdpTcpPort(address));
  const addresses = await server.listen({ udp: { port: udpPort, address }, tcp: { port: udpPort, address } });
  const bound = addresses.udp.port as number;
  return {
    address,
    port: bound,
    server: address.includes(':') ? `[${address}]:${bound}` : `${address}:${bound}`,
    queries,
    close: () => server.close(),
  };
}

/** A port number free for both UDP and TCP on the address (bind 0 for UDP, then check TCP). */
async function freeUdpTcpPort(address: string): Promise<number> {
  const dgram = await import('dgram');
  const net = await import('net');
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
    const port = await new Promise<number>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, address, () => resolve(udp.address().port));
    });
    udp.close();
    const tcpFree = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, address, () => probe.close(() => resolve(true)));
    });
    if (tcpFree) return port;
  }
  throw new Error(`no port free for UDP and TCP on ${address}`);
}

if (require.main === module) {
  const [zoneFile, address = '127.0.0.1'] = process.argv.slice(2);
  const zone = JSON.parse(readFileSync(zoneFile, 'utf8')) as Zone;
  startDnsServer(zone, address).then(
    (running) => process.stdout.write(`${JSON.stringify({ port: running.port })}\n`),
    (error: Error) => {
      process.stderr.write(`dns-server: ${error.message}\n`);
      process.exit(1);
    },
  );
}
