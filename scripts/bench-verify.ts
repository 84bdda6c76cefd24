/**
 * Benchmark of atlas-pl-verify on loopback (run after `npm run build`: node dist/scripts/bench-verify.js).
 *
 *  1. full probe time, happy path, N runs, median (with the round trip when FerretDB is
 *     available via ATLAS_PL_FERRETDB_BIN, DNS + TCP only otherwise);
 *  2. time to report a dead DNS server (a UDP socket that never answers) relative to --timeout;
 *  3. time to report a black-holed port relative to --timeout (a port whose SYNs the kernel
 *     drops because its accept queue is full: see test/harness/black-hole.ts);
 *  4. cost of 3 ports vs 1 port.
 * Figures are printed and written to bench-results/verify.json; nothing is asserted.
 * Env: BENCH_RUNS (default 10), BENCH_TIMEOUT_MS (default 1000).
 */
import dgram from 'dgram';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { blackHoledPort } from '../test/harness/black-hole';
import { makeCerts } from '../rehearse/certs';
import { startDnsServer, type RunningDnsServer } from '../test/harness/dns-server';
import { startFakeAtlas, TLS_IP } from '../rehearse/ferretdb';
import { listenOn } from '../rehearse/ports';
import { ChildSet } from '../rehearse/processes';
import { REPO_ROOT, runVerifier, type VerifierRun } from '../test/harness/run-verifier';
import { makeTmpDir } from '../test/harness/tmp';
import { atlasZone, REPL_SET, SRV_HOST, TARGET_HOST } from '../test/harness/zones';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 1000);
const USER = 'bench';
const PASSWORD = 'bench-password';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : Math.round((s[mid - 1] + s[mid]) / 2);
};

interface Series {
  readonly name: string;
  readonly diagnoses: string[];
  readonly reportMs: number[];
  readonly wallMs: number[];
  readonly okRuns: number;
}

async function series(name: string, runs: number, args: string[]): Promise<Series> {
  const reportMs: number[] = [];
  const wallMs: number[] = [];
  let okRuns = 0;
  let last: VerifierRun | undefined;
  const diagnoses = new Set<string>();
  for (let i = 0; i < runs; i++) {
    last = await runVerifier([...args, '--json']);
    last.report?.checks.forEach((c) => c.diagnosis && diagnoses.add(`${c.id}:${c.diagnosis.code}`));
    reportMs.push(last.report?.durationMs ?? NaN);
    wallMs.push(last.wallMs);
    if (last.code === 0) okRuns++;
  }
  if (okRuns === 0 && !name.startsWith('failure')) process.stderr.write(`bench: "${name}" never passed; last output:\n${last?.stdout}${last?.stderr}\n`);
  return { name, diagnoses: [...diagnoses], reportMs, wallMs, okRuns };
}

async function main(): Promise<void> {
  const tmp = makeTmpDir('bench-verify');
  const children = new ChildSet();
  const closers: Array<() => Promise<void>> = [];
  const dns = async (zone: Parameters<typeof startDnsServer>[0]): Promise<RunningDnsServer> => {
    const s = await startDnsServer(zone);
    closers.push(() => s.close());
    return s;
  };
  try {
    const bin = process.env.ATLAS_PL_FERRETDB_BIN;
    let ports: number[];
    let crudArgs: string[];
    let mode: string;
    if (bin) {
      const certs = makeCerts(tmp.path, [TARGET_HOST]);
      const atlas = await startFakeAtlas({ bin, dir: tmp.path, hostName: TARGET_HOST, replSetName: REPL_SET, username: USER, password: PASSWORD, certs, children });
      ports = [...atlas.ports];
      crudArgs = ['--tls-ca-file', certs.caFile];
      mode = 'DNS + TCP + round trip (FerretDB)';
    } else {
      const listeners = await Promise.all([0, 1, 2].map(() => listenOn(TLS_IP)));
      closers.push(...listeners.map((l) => () => l.close()));
      ports = listeners.map((l) => l.port);
      crudArgs = ['--skip-crud'];
      mode = 'DNS + TCP only (ATLAS_PL_FERRETDB_BIN unset)';
    }
    const uri = `mongodb+srv://${USER}:${PASSWORD}@${SRV_HOST}/`;
    const common = ['--uri', uri, '--expect-ip', TLS_IP, '--allow-loopback', '--timeout', String(TIMEOUT_MS)];
    const three = await dns(atlasZone({ ports, address: TLS_IP }));
    const one = await dns(atlasZone({ ports: ports.slice(0, 1), address: TLS_IP }));

    // Warm-up run: the first child process pays for cold file caches.
    await runVerifier([...common, '--dns-server', three.server, ...crudArgs, '--json']);
    const happy3 = await series('happy path, 3 ports', RUNS, [...common, '--dns-server', three.server, ...crudArgs]);
    const happy1 = await series('happy path, 1 port', RUNS, [...common, '--dns-server', one.server, ...crudArgs]);
    const tcp3 = await series('DNS + TCP only, 3 ports', RUNS, [...common, '--dns-server', three.server, '--skip-crud']);
    const tcp1 = await series('DNS + TCP only, 1 port', RUNS, [...common, '--dns-server', one.server, '--skip-crud']);

    const silent = dgram.createSocket('udp4');
    await new Promise<void>((r) => silent.bind(0, '127.0.0.1', () => r()));
    closers.push(() => new Promise<void>((r) => silent.close(() => r())));
    const deadDns = await series('failure: dead DNS server', Math.min(RUNS, 5), ['--uri', uri, '--dns-server', `127.0.0.1:${silent.address().port}`, '--timeout', String(TIMEOUT_MS)]);

    const hole = await blackHoledPort(children);
    const holeDns = await dns(atlasZone({ ports: [hole.port], address: '127.0.0.1' }));
    const blackHole = await series('failure: black-holed port', Math.min(RUNS, 5), ['--uri', uri, '--expect-ip', '127.0.0.1', '--allow-loopback', '--timeout', String(TIMEOUT_MS), '--dns-server', holeDns.server, '--skip-crud']);

    const rows = [happy3, happy1, tcp3, tcp1, deadDns, blackHole].map((s) => ({
      name: s.name,
      runs: s.reportMs.length,
      passed: s.okRuns,
      medianReportMs: median(s.reportMs),
      medianWallMs: median(s.wallMs),
      ratioToTimeout: Number((median(s.reportMs) / TIMEOUT_MS).toFixed(2)),
      diagnoses: s.diagnoses,
    }));
    const ratios = {
      deadDnsToTimeout: rows[4].ratioToTimeout,
      blackHoledPortToTimeout: rows[5].ratioToTimeout,
      threePortsVsOnePortHappy: Number((rows[0].medianReportMs / Math.max(1, rows[1].medianReportMs)).toFixed(2)),
      threePortsVsOnePortTcpOnly: Number((rows[2].medianReportMs / Math.max(1, rows[3].medianReportMs)).toFixed(2)),
    };
    process.stdout.write(`atlas-pl-verify bench: ${mode}; --timeout ${TIMEOUT_MS} ms; ${RUNS} runs per happy series\n`);
    process.stdout.write('reportMs = the report\'s durationMs (checks only); wallMs = whole process incl. Node start-up\n\n');
    process.stdout.write(`${'series'.padEnd(28)} ${'runs'.padStart(4)} ${'pass'.padStart(4)} ${'median reportMs'.padStart(16)} ${'median wallMs'.padStart(14)} ${'x timeout'.padStart(10)} diagnoses\n`);
    for (const r of rows) {
      process.stdout.write(`${r.name.padEnd(28)} ${String(r.runs).padStart(4)} ${String(r.passed).padStart(4)} ${String(r.medianReportMs).padStart(16)} ${String(r.medianWallMs).padStart(14)} ${String(r.ratioToTimeout).padStart(10)} ${r.diagnoses.join(' ')}\n`);
    }
    process.stdout.write(`\nratios: ${JSON.stringify(ratios)}\n`);
    const outDir = join(REPO_ROOT, 'bench-results');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'verify.json'), `${JSON.stringify({ mode, timeoutMs: TIMEOUT_MS, runs: RUNS, rows, ratios, at: new Date().toISOString() }, null, 2)}\n`);
  } finally {
    for (const close of closers.reverse()) await close();
    await children.stopAll();
    tmp.remove();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench-verify: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);

