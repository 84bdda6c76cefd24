/**
 * A Mermaid flowchart derived from the synthesized JSON, so the picture can never disagree with
 * the Terraform it describes: one node per resource and data source, one edge per reference.
 */
import { addresses, block, constructPath, TfJson } from './tf-json';

export interface GraphNode {
  readonly id: string;
  /** `type.name` or `data.type.name`. */
  readonly address: string;
  readonly type: string;
  readonly isData: boolean;
  /** The construct path without the stack and the common parent, e.g. `Service-eastus2`. */
  readonly shortName: string;
  readonly group: 'Atlas' | 'Azure' | 'Other';
}

/** `from` reads `to` (through an attribute, a local, or depends_on): Terraform's dependency direction. */
export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** The attributes (or `depends_on`) that carry the reference. */
  readonly via: string[];
}

export interface Graph {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
}

// Creation order of the pieces, so that nodes are listed (and laid out) service first, DNS last.
const FLOW_ORDER = [
  'mongodbatlas_private_endpoint_regional_mode',
  'mongodbatlas_privatelink_endpoint',
  'azurerm_private_endpoint',
  'mongodbatlas_privatelink_endpoint_service',
  'data.mongodbatlas_advanced_cluster',
  'azurerm_private_dns_zone',
  'azurerm_private_dns_a_record',
  'azurerm_private_dns_srv_record',
  'azurerm_private_dns_txt_record',
  'azurerm_private_dns_zone_virtual_network_link',
];

export function buildGraph(json: TfJson): Graph {
  const known = new Set(addresses(json));
  const nodes = nodesOf(json, [...known]);
  const idOf = new Map(nodes.map((n) => [n.address, n.id]));
  const localRefs = localResolver(json, known);

  const edges = new Map<string, GraphEdge>();
  const add = (from: string, to: string, via: string) => {
    if (from === to) return;
    const key = `${from}->${to}`;
    const edge = edges.get(key) ?? { from: idOf.get(from) as string, to: idOf.get(to) as string, via: [] };
    if (!edge.via.includes(via)) edge.via.push(via);
    edges.set(key, edge);
  };
  for (const node of nodes) {
    const body = block(json, node.address);
    for (const [key, value] of Object.entries(body)) {
      if (key === '//') continue;
      if (key === 'depends_on') {
        for (const target of value as string[]) if (known.has(target)) add(node.address, target, 'depends_on');
        continue;
      }
      walkStrings(value, [key], (text, path) => {
        // lifecycle and dynamic are containers: the precondition or the dynamic block says more.
        const via = (path[0] === 'lifecycle' || path[0] === 'dynamic') && path[1] ? path[1] : path[0];
        for (const target of referencesIn(text, known, localRefs)) add(node.address, target, via);
      });
    }
  }
  const order = new Map(nodes.map((n, i) => [n.id, i]));
  const sorted = [...edges.values()].sort((a, b) => (order.get(a.from) as number) - (order.get(b.from) as number) || (order.get(a.to) as number) - (order.get(b.to) as number));
  return { nodes, edges: sorted };
}

/** Mermaid `flowchart` text (without the ``` fence). */
export function mermaidFlowchart(json: TfJson): string {
  const { nodes, edges } = buildGraph(json);
  // RL with edges pointing at what a block reads puts the service on the left and DNS on the right.
  const lines = ['flowchart RL'];
  for (const group of ['Atlas', 'Azure', 'Other'] as const) {
    const members = nodes.filter((n) => n.group === group);
    if (members.length === 0) continue;
    lines.push(`  subgraph ${group.toLowerCase()}["${group}"]`);
    for (const n of members) lines.push(`    ${n.id}["${escapeLabel(n.isData ? `data: ${n.type}` : n.type)}<br/>${escapeLabel(n.shortName)}"]`);
    lines.push('  end');
  }
  for (const e of edges) lines.push(`  ${e.from} -->|${escapeLabel([...e.via].sort().join(', '))}| ${e.to}`);
  return lines.join('\n');
}

function nodesOf(json: TfJson, all: string[]): GraphNode[] {
  const rank = (address: string) => {
    const type = address.split('.').slice(0, -1).join('.');
    const i = FLOW_ORDER.indexOf(type);
    return i === -1 ? FLOW_ORDER.length : i;
  };
  const sorted = [...all].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const names = shortNames(json, sorted);
  return sorted.map((address, i) => {
    const isData = address.startsWith('data.');
    const type = address.split('.')[isData ? 1 : 0];
    const group = type.startsWith('mongodbatlas_') ? 'Atlas' : type.startsWith('azurerm_') ? 'Azure' : 'Other';
    return { id: `n${i + 1}`, address, type, isData, shortName: names[i], group };
  });
}

/** Construct paths minus the stack, a trailing `Resource` and the parent all blocks share. */
function shortNames(json: TfJson, sorted: string[]): string[] {
  const paths = sorted.map((address) => {
    const path = constructPath(json, address);
    if (!path) return [address.split('.').pop() as string];
    const parts = path.split('/').slice(1);
    return parts.length > 1 && parts[parts.length - 1] === 'Resource' ? parts.slice(0, -1) : parts;
  });
  const first = paths[0]?.[0];
  const shared = paths.length > 1 && paths.every((p) => p.length > 1 && p[0] === first);
  return paths.map((p) => (shared ? p.slice(1) : p).join('/'));
}

/** For each local, the blocks it reads, directly or through other locals. */
function localResolver(json: TfJson, known: Set<string>): (name: string) => Set<string> {
  const memo = new Map<string, Set<string>>();
  const resolve = (name: string): Set<string> => {
    const cached = memo.get(name);
    if (cached) return cached;
    const found = new Set<string>();
    memo.set(name, found); // set before recursing: a cycle ends here instead of looping
    walkStrings(json.locals?.[name], [], (text) => {
      for (const target of referencesIn(text, known, resolve)) found.add(target);
    });
    return found;
  };
  return resolve;
}

const REFERENCE = /\b(?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*/g;
const LOCAL = /\blocal\.([A-Za-z_][A-Za-z0-9_-]*)/g;

function referencesIn(text: string, known: Set<string>, locals: (name: string) => Set<string>): Set<string> {
  const found = new Set<string>();
  // Only interpolations hold references; `$${` is an escaped literal.
  if (!text.replace(/\$\$\{/g, '').includes('${')) return found;
  for (const match of text.match(REFERENCE) ?? []) if (known.has(match)) found.add(match);
  for (const match of text.matchAll(LOCAL)) for (const target of locals(match[1])) found.add(target);
  return found;
}

function walkStrings(value: unknown, path: string[], visit: (text: string, path: string[]) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v) => walkStrings(v, path, visit));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) if (key !== '//') walkStrings(inner, [...path, key], visit);
  }
}

function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\|/g, '#124;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
