/**
 * Readiness probe, run INSIDE the rehearsal's namespace (`ip netns exec <ns> node probe.js ...`),
 * where the endpoint addresses exist: the rehearsal itself runs outside and cannot reach them.
 *
 *   node probe.js <deadline-ms> dns:<server-ip>:<zone> ... tcp:<ip>:<port> ...
 *
 * Polls every target until all answer (a DNS zone: its SOA; a port: a TCP connect) or the
 * deadline passes; exits 0, or 1 naming what did not answer. Every attempt is bounded.
 */
import { promises as dns } from 'dns';
import net from 'net';

const ATTEMPT_MS = 500;

function tcpOnce(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), ATTEMPT_MS);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function soaOnce(server: string, zone: string): Promise<boolean> {
  const resolver = new dns.Resolver({ timeout: ATTEMPT_MS, tries: 1 });
  resolver.setServers([server]);
  const timer = setTimeout(() => resolver.cancel(), ATTEMPT_MS);
  try {
    await resolver.resolveSoa(zone === '.' ? '' : zone);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function attempt(target: string): Promise<boolean> {
  const kind = target.slice(0, target.indexOf(':'));
  const rest = target.slice(kind.length + 1);
  // tcp:<ipv4>:<port>, dns:<ipv4>:<zone> (IPv4 only: the rehearsal's addresses are IPv4).
  const cut = kind === 'tcp' ? rest.lastIndexOf(':') : rest.indexOf(':');
  const [a, b] = [rest.slice(0, cut), rest.slice(cut + 1)];
  if (kind === 'tcp') return tcpOnce(a, Number(b));
  if (kind === 'dns') return soaOnce(a, b);
  return Promise.reject(new Error(`unknown probe target ${target}`));
}

async function main(): Promise<number> {
  const [deadlineArg, ...targets] = process.argv.slice(2);
  const until = Date.now() + Number(deadlineArg);
  let waiting = [...targets];
  while (waiting.length > 0) {
    const results = await Promise.all(waiting.map(attempt));
    waiting = waiting.filter((_, i) => !results[i]);
    if (waiting.length === 0) break;
    if (Date.now() >= until) {
      process.stderr.write(`not ready within ${deadlineArg} ms: ${waiting.join(', ')}\n`);
      return 1;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`probe: ${error.message}\n`);
    process.exit(1);
  },
);
