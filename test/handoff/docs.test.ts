import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join } from 'path';
import { diagnosisCatalogue } from '../../verify/diagnoses';
import { renderDiagramDoc, renderSvgs, shippedStacks, withEmbeddedDiagram } from '../../handoff/docs';

const ROOT = join(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs');
const OWN_PAGES = ['architecture.md', 'diagram.md', 'dns-strategies.md', 'handoff.md', 'multi-region-and-hub-spoke.md', 'troubleshooting.md'];
const read = (page: string) => readFileSync(join(DOCS, page), 'utf8');
const REGENERATE = 'run `npm run build && node dist/handoff/docs.js` and commit the result';

describe('generated diagrams', () => {
  const stacks = shippedStacks(ROOT);

  test(`docs/diagram.md matches the shipped configs (else ${REGENERATE})`, () => {
    expect(read('diagram.md')).toBe(renderDiagramDoc(stacks));
  });

  test(`docs/images/ holds the current SVG drawings (else ${REGENERATE})`, () => {
    const svgs = renderSvgs(stacks);
    expect([...svgs.keys()]).toEqual(['images/atlas-private-link.svg', 'images/atlas-private-link-multi-region.svg']);
    for (const [path, svg] of svgs) expect({ path, same: read(path) === svg }).toEqual({ path, same: true });
  });

  test(`docs/architecture.md embeds the example's current diagram (else ${REGENERATE})`, () => {
    const page = read('architecture.md');
    expect(page).toBe(withEmbeddedDiagram(page, stacks[0].json));
    expect(page).toContain('```mermaid\nflowchart RL');
  });
});

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('docs/troubleshooting.md has a row for every diagnosis code defined in verify/', () => {
  const codes = new Set(diagnosisCatalogue().map((d) => d.code as string));
  // Also codes used in any verify/ source, in case one is ever used without a catalogue entry.
  for (const file of tsFiles(join(ROOT, 'verify'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/diagnose\(\s*'([A-Z][A-Z0-9_]+)'/g)) codes.add(m[1]);
  }
  expect(codes.size).toBeGreaterThanOrEqual(20);
  const page = read('troubleshooting.md');
  const missing = [...codes].filter((code) => !page.includes(`| \`${code}\` |`));
  expect(missing).toEqual([]);
});

test('relative links in the guide point at files that exist', () => {
  for (const page of OWN_PAGES) {
    for (const m of read(page).matchAll(/\]\(([^)#:]+\.md)\)/g)) {
      expect({ page, link: m[1], exists: existsSync(join(dirname(join(DOCS, page)), m[1])) }).toEqual({ page, link: m[1], exists: true });
    }
  }
});
