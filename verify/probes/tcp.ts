/** TCP probe: every SRV host:port on every address it resolved to, in parallel, each bounded. */
import net from 'net';
import { diagnose, type DiagnosisCode } from '../diagnoses';
import { fail, pass, type Outcome, type ResolvedHost, type SrvTarget } from '../types';

export interface Endpoint {
  readonly name: string;
  readonly address: string;
  readonly port: number;
}

export type ConnectResult = { ok: true; ms: number } | { ok: false; code: DiagnosisCode; error: string };

export function connectOnce(address: string, port: number, timeoutMs: number): Promise<ConnectResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const finish = (result: ConnectResult): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    // A dropped SYN makes the kernel retry for minutes: our own timer is the bound.
    const timer = setTimeout(() => finish({ ok: false, code: 'TCP_TIMEOUT', error: `no answer within ${timeoutMs} ms` }), timeoutMs);
    socket.once('connect', () => finish({ ok: true, ms: Date.now() - started }));
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ ok: false, code: codeOf(error), error: error.code ?? error.message }));
  });
}

function codeOf(error: NodeJS.ErrnoException): DiagnosisCode {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'TCP_REFUSED';
    case 'ETIMEDOUT':
      return 'TCP_TIMEOUT';
    default:
      return 'TCP_UNREACHABLE';
  }
}

export function endpointsOf(targets: readonly SrvTarget[], hosts: readonly ResolvedHost[]): Endpoint[] {
  return targets.flatMap((t) => (hosts.find((h) => h.name === t.name)?.addresses ?? []).map((address) => ({ name: t.name, address, port: t.port })));
}

export async function probeTcp(endpoints: readonly Endpoint[], timeoutMs: number): Promise<{ outcome: Outcome; reachable: number }> {
  const results = await Promise.all(endpoints.map(async (e) => ({ e, r: await connectOnce(e.address, e.port, timeoutMs) })));
  const where = (e: Endpoint): string => `${e.name}:${e.port} (${e.address.includes(':') ? `[${e.address}]` : e.address}:${e.port})`;
  const failed = results.filter(({ r }) => !r.ok);
  const reachable = results.length - failed.length;
  if (failed.length > 0) {
    const first = failed[0].r as Extract<ConnectResult, { ok: false }>;
    const message = `${reachable}/${results.length} reachable; ` + failed.map(({ e, r }) => `${where(e)}: ${(r as { error: string }).error}`).join('; ');
    return { outcome: fail(message, diagnose(first.code, failed.map(({ e }) => `port ${e.port}`).join(', '))), reachable };
  }
  return { outcome: pass(results.map(({ e, r }) => `${where(e)} ${(r as { ms: number }).ms} ms`).join(', ')), reachable };
}
