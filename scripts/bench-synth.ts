/**
 * Synth benchmark: wall time and peak RSS of a whole synth process for 1, 10 and 50 endpoints,
 * against a bare process that only imports cdktf and the provider modules the constructs use.
 * Run with `npm run bench` (after `npm run build`). Prints figures and ratios; asserts nothing.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SIZES = [1, 10, 50];
const worker = join(__dirname, 'bench-synth-worker.js');

interface Sample {
  readonly wallMs: number;
  readonly synthMs: number;
  readonly maxRssMb: number;
}

function runWorker(args: string[]): Sample {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [worker, ...args], { encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`worker ${args.join(' ')} failed: ${result.stderr}`);
  const { synthMs, maxRssMb } = JSON.parse(result.stdout.trim().split('\n').pop() as string);
  return { wallMs, synthMs, maxRssMb };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(args: string[]): Sample {
  const samples = Array.from({ length: RUNS }, () => runWorker(args));
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    synthMs: median(samples.map((s) => s.synthMs)),
    maxRssMb: median(samples.map((s) => s.maxRssMb)),
  };
}

/** Wall time of one command, in ms. */
function timeCommand(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** `npm run synth` when nothing changed, against the app alone (`node dist/main.js`). */
function benchSynthScript(out: string): void {
  const root = join(__dirname, '..', '..');
  const env = { CDKTF_OUTDIR: join(out, 'script'), CHECKPOINT_DISABLE: '1' };
  // What the user types, npm's own start-up included; the first run compiles if stale.
  const npmSynth = () => timeCommand('npm', ['run', '--silent', '--prefix', root, 'synth', '--', '--output', env.CDKTF_OUTDIR], {});
  npmSynth();
  const script = median(Array.from({ length: RUNS }, npmSynth));
  const app = median(Array.from({ length: RUNS }, () => timeCommand(process.execPath, [join(root, 'dist', 'main.js')], env)));
  const direct = median(Array.from({ length: RUNS }, () => timeCommand('bash', [join(root, 'scripts', 'synth.sh'), '--output', env.CDKTF_OUTDIR], {})));
  // npm's own start-up, which no script can avoid: a run of a script that does nothing.
  const npmAlone = median(Array.from({ length: RUNS }, () => timeCommand('npm', ['run', '--silent', '--prefix', root, 'env'], {})));
  console.log(`npm run synth, nothing changed: ${script.toFixed(0)} ms; scripts/synth.sh alone: ${direct.toFixed(0)} ms; the app alone (node dist/main.js): ${app.toFixed(0)} ms; npm run of a no-op script: ${npmAlone.toFixed(0)} ms`);
  console.log(`target: npm run synth <= 1.5x the app -> ${(script / app).toFixed(2)}x (scripts/synth.sh itself: ${(direct / app).toFixed(2)}x)`);
}

const out = mkdtempSync(join(tmpdir(), 'bench-synth-'));
try {
  const bare = measure(['bare']);
  const rows = SIZES.map((n) => ({ n, ...measure(['synth', String(n), join(out, String(n))]) }));
  const one = rows[0];
  const fmt = (v: number) => v.toFixed(0).padStart(7);
  console.log(`synth benchmark (median of ${RUNS} runs, each a fresh node process)`);
  console.log('case            wall ms  synth ms  peak MB  wall/bare  wall/1-endpoint  MB/bare');
  console.log(`bare imports    ${fmt(bare.wallMs)}  ${fmt(0)}   ${fmt(bare.maxRssMb)}       1.00             -       1.00`);
  for (const r of rows) {
    console.log(
      `${String(r.n).padStart(2)} endpoint(s)  ${fmt(r.wallMs)}  ${fmt(r.synthMs)}   ${fmt(r.maxRssMb)}` +
        `   ${(r.wallMs / bare.wallMs).toFixed(2).padStart(8)}  ${(r.wallMs / one.wallMs).toFixed(2).padStart(15)}  ${(r.maxRssMb / bare.maxRssMb).toFixed(2).padStart(9)}`,
    );
  }
  const fifty = rows[rows.length - 1];
  console.log(`target: 50 endpoints <= 2x one endpoint -> ${(fifty.wallMs / one.wallMs).toFixed(2)}x`);
  benchSynthScript(out);
} finally {
  rmSync(out, { recursive: true, force: true });
}
