/**
 * Generates the parts of docs/troubleshooting.md that come from code: the fault catalogue section
 * (from rehearse/catalogue.ts) and the anchor of each diagnosis code's row (verify/diagnoses.ts
 * seeFor(), which every verifier diagnosis carries as `see`). test/rehearse/catalogue.test.ts
 * fails when the page drifts.
 *
 *   npm run docs:catalogue            rewrite docs/troubleshooting.md
 *   node dist/rehearse/catalogue-doc.js --check   exit 1 when it is not current
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { seeFor, type DiagnosisCode } from '../verify/diagnoses';
import { CATALOGUE } from './catalogue';

export const BEGIN = '<!-- fault-catalogue:begin (generated from rehearse/catalogue.ts by npm run docs:catalogue; do not edit) -->';
export const END = '<!-- fault-catalogue:end -->';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const anchorOf = (code: DiagnosisCode): string => seeFor(code).split('#')[1];

export function catalogueSection(): string {
  const rows = CATALOGUE.map(
    (f) =>
      `| ${f.client === 'works' ? cell(f.appSees) : `\`${cell(f.appSees)}\``} | \`${f.name}\` | ${cell(f.stages)} | [\`${f.expected}\`](#${anchorOf(f.expected)}) (${f.check}) | ${cell(f.fix)} |`,
  );
  return [
    BEGIN,
    '',
    'Find your case by the first error your app prints (Node.js driver wording; other drivers say the',
    'same in their words). Each row is staged for real by `npm run rehearse -- --scenario <name>` (all',
    'of them on one apply: `--scenario all`), where an unmodified client meets it and the verifier',
    'names it with the code shown ([rehearse.md](rehearse.md#the-fault-catalogue)).',
    '',
    '| What the app sees first | Scenario | What is wrong | The verifier says | Fix |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    END,
  ].join('\n');
}

/** The page with the catalogue section replaced and every code row carrying its anchor. */
export function renderTroubleshooting(page: string): string {
  const start = page.indexOf(BEGIN);
  const stop = page.indexOf(END);
  if (start === -1 || stop === -1 || stop < start) throw new Error(`docs/troubleshooting.md: the markers ${BEGIN} ... ${END} are missing`);
  let out = page.slice(0, start) + catalogueSection() + page.slice(stop + END.length);
  // "| `CODE` | <a id="code-code"></a>Cause ..." : the anchor each diagnosis' `see` points at.
  out = out.replace(/^\| `([A-Z][A-Z0-9_]+)` \| (?:<a id="[^"]*"><\/a>)?/gm, (_, code: string) => `| \`${code}\` | <a id="${anchorOf(code as DiagnosisCode)}"></a>`);
  return out;
}

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

if (require.main === module) {
  const file = join(repoRoot(), 'docs', 'troubleshooting.md');
  const page = readFileSync(file, 'utf8');
  const fresh = renderTroubleshooting(page);
  if (process.argv.includes('--check')) {
    if (fresh !== page) {
      process.stderr.write(`${file} is not current: run npm run docs:catalogue\n`);
      process.exit(1);
    }
  } else if (fresh !== page) {
    writeFileSync(file, fresh);
    process.stdout.write(`wrote ${file}\n`);
  } else process.stdout.write(`${file} is current\n`);
}
