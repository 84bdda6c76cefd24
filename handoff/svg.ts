/**
 * A plain SVG drawing of the same graph as the Mermaid flowchart, for viewers that do not render
 * Mermaid. No layout engine is available offline, so the layout is deliberately simple: one row per
 * dependency depth (the private link service on top), boxes in graph order, curved edges drawn over
 * the boxes (an edge that skips a row crosses the box in between). Mermaid stays the reference; this
 * is a convenience picture.
 */
import { buildGraph, Graph, GraphNode } from './diagram';
import { TfJson } from './tf-json';

const CHAR = 6.6; // average glyph width of 11px sans-serif, enough to size boxes without measuring text
const BOX_H = 40;
const GAP_X = 24;
const GAP_Y = 56;
const MARGIN = 20;
const FILL: Record<GraphNode['group'], string> = { Atlas: '#e3f4e1', Azure: '#e1ecf9', Other: '#eeeeee' };
const STROKE: Record<GraphNode['group'], string> = { Atlas: '#3d8b37', Azure: '#2f6fb5', Other: '#777777' };

export function svgDiagram(json: TfJson, title: string): string {
  const graph = buildGraph(json);
  const rows = rowsOf(graph);
  const width = (n: GraphNode) => Math.ceil(Math.max(label(n).length, n.shortName.length) * CHAR) + 16;
  const rowWidth = (row: GraphNode[]) => row.reduce((sum, n) => sum + width(n), 0) + GAP_X * (row.length - 1);
  const canvasW = Math.max(...rows.map(rowWidth), title.length * 8) + 2 * MARGIN;
  const top = MARGIN + 40;

  const box = new Map<string, { x: number; y: number; w: number }>();
  rows.forEach((row, r) => {
    let x = (canvasW - rowWidth(row)) / 2;
    for (const n of row) {
      box.set(n.id, { x, y: top + r * (BOX_H + GAP_Y), w: width(n) });
      x += width(n) + GAP_X;
    }
  });
  const canvasH = top + rows.length * (BOX_H + GAP_Y) - GAP_Y + MARGIN;

  // Spread each box's edge ends along its side, ordered by the other end's position, so that
  // parallel edges stay apart.
  const centre = (id: string) => {
    const b = box.get(id) as { x: number; w: number };
    return b.x + b.w / 2;
  };
  const attach = (id: string, others: string[], other: string) => {
    const b = box.get(id) as { x: number; w: number };
    const sorted = [...others].sort((p, q) => centre(p) - centre(q) || p.localeCompare(q));
    return b.x + (b.w * (sorted.indexOf(other) + 1)) / (sorted.length + 1);
  };
  const outgoing = (id: string) => graph.edges.filter((e) => e.from === id).map((e) => e.to);
  const incoming = (id: string) => graph.edges.filter((e) => e.to === id).map((e) => e.from);
  const edges = graph.edges.map((e) => {
    const [a, b] = [box.get(e.from), box.get(e.to)] as { x: number; y: number; w: number }[];
    const [x1, y1, x2, y2] = [attach(e.from, outgoing(e.from), e.to), a.y, attach(e.to, incoming(e.to), e.from), b.y + BOX_H];
    const bend = Math.max(20, (y1 - y2) / 2);
    return `  <path d="M${r1(x1)} ${r1(y1)} C${r1(x1)} ${r1(y1 - bend)} ${r1(x2)} ${r1(y2 + bend)} ${r1(x2)} ${r1(y2)}" class="edge"/>`;
  });
  const nodes = graph.nodes.map((n) => {
    const b = box.get(n.id) as { x: number; y: number; w: number };
    return [
      `  <rect x="${r1(b.x)}" y="${b.y}" width="${b.w}" height="${BOX_H}" rx="6" fill="${FILL[n.group]}" stroke="${STROKE[n.group]}"/>`,
      `  <text x="${r1(b.x + b.w / 2)}" y="${b.y + 16}">${escape(label(n))}</text>`,
      `  <text x="${r1(b.x + b.w / 2)}" y="${b.y + 31}" class="name">${escape(n.shortName)}</text>`,
    ].join('\n');
  });
  const legend = (['Atlas', 'Azure'] as const).map(
    (g, i) => `  <rect x="${MARGIN + i * 80}" y="${MARGIN + 12}" width="12" height="12" fill="${FILL[g]}" stroke="${STROKE[g]}"/><text x="${MARGIN + i * 80 + 18}" y="${MARGIN + 22}" class="legend">${g}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${r1(canvasW)}" height="${canvasH}" viewBox="0 0 ${r1(canvasW)} ${canvasH}" font-family="sans-serif" font-size="11">`,
    '  <defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10 z" fill="#555"/></marker></defs>',
    '  <style>text{text-anchor:middle;fill:#222}.name{fill:#555}.legend{text-anchor:start}.title{text-anchor:start;font-size:13px;font-weight:bold}.edge{fill:none;stroke:#666;stroke-opacity:0.7;stroke-width:1.2;marker-end:url(#arrow)}</style>',
    `  <rect width="100%" height="100%" fill="#ffffff"/>`,
    `  <text x="${MARGIN}" y="${MARGIN + 2}" class="title">${escape(title)} (arrows: block → what it reads)</text>`,
    ...legend,
    ...nodes,
    // Edges on top: one that skips a row then visibly crosses the box in between instead of hiding behind it.
    ...edges,
    '</svg>',
    '',
  ].join('\n');
}

/** Row = dependency depth: 0 reads nothing, otherwise one more than the deepest block it reads. */
function rowsOf(graph: Graph): GraphNode[][] {
  const depth = new Map<string, number>();
  const visit = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0; // a cycle cannot occur in valid Terraform; do not loop on one
    const reads = graph.edges.filter((e) => e.from === id).map((e) => visit(e.to, new Set([...seen, id])) + 1);
    const d = Math.max(0, ...reads);
    depth.set(id, d);
    return d;
  };
  const rows: GraphNode[][] = [];
  for (const n of graph.nodes) (rows[visit(n.id, new Set())] ??= []).push(n);
  return rows.filter((row) => row !== undefined);
}

function label(n: GraphNode): string {
  return n.isData ? `data.${n.type}` : n.type;
}

function r1(v: number): string {
  return String(Math.round(v * 10) / 10);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
