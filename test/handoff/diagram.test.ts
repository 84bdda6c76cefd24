import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { buildGraph, Graph, mermaidFlowchart } from '../../handoff/diagram';
import { addresses, TfJson } from '../../handoff/tf-json';

const ROOT = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'handoff-diagram-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function synth(config: string): TfJson {
  const [stack] = synthConfigFile(join(ROOT, 'config', config), join(work, config)).stacks;
  return JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8'));
}

/** Edges as `fromType/shortName -> toType/shortName`. */
function edgeNames(graph: Graph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, `${n.type}/${n.shortName}`]));
  return graph.edges.map((e) => `${name.get(e.from)} -> ${name.get(e.to)}`);
}

describe('the diagram of the example config', () => {
  const json = synth('example.json');
  const graph = buildGraph(json);
  const edges = edgeNames(graph);

  test('has one node per resource and data source', () => {
    expect(graph.nodes.map((n) => n.address).sort()).toEqual(addresses(json).sort());
  });

  test('wires service <- endpoint <- registration <- cluster read <- DNS', () => {
    expect(edges).toEqual(
      expect.arrayContaining([
        'azurerm_private_endpoint/Endpoint-eastus2 -> mongodbatlas_privatelink_endpoint/Service-eastus2',
        'mongodbatlas_privatelink_endpoint_service/Registration-eastus2 -> azurerm_private_endpoint/Endpoint-eastus2',
        'mongodbatlas_privatelink_endpoint_service/Registration-eastus2 -> mongodbatlas_privatelink_endpoint/Service-eastus2',
        'mongodbatlas_advanced_cluster/ClusterConnectionStrings/Cluster -> mongodbatlas_privatelink_endpoint_service/Registration-eastus2',
        'azurerm_private_dns_a_record/Dns/A-eastus2 -> azurerm_private_dns_zone/Dns/Zone-eastus2',
        'azurerm_private_dns_zone_virtual_network_link/Dns/Link-eastus2-0 -> azurerm_private_dns_zone/Dns/Zone-eastus2',
      ]),
    );
  });

  test('resolves locals to the blocks they read, and labels edges with the attribute', () => {
    // The zone's name is a local derived from the cluster data source.
    const zone = graph.nodes.find((n) => n.type === 'azurerm_private_dns_zone');
    const cluster = graph.nodes.find((n) => n.type === 'mongodbatlas_advanced_cluster');
    expect(graph.edges).toContainEqual({ from: zone?.id, to: cluster?.id, via: expect.arrayContaining(['name', 'precondition']) });
    const registration = graph.nodes.find((n) => n.type === 'mongodbatlas_privatelink_endpoint_service');
    expect(graph.edges).toContainEqual({ from: cluster?.id, to: registration?.id, via: ['depends_on'] });
  });

  test('renders a Mermaid flowchart with Atlas and Azure subgraphs', () => {
    const text = mermaidFlowchart(json);
    expect(text.split('\n')[0]).toBe('flowchart RL');
    expect(text).toContain('subgraph atlas["Atlas"]');
    expect(text).toContain('subgraph azure["Azure"]');
    const atlas = text.split('subgraph atlas')[1].split('  end')[0];
    expect(atlas).toContain('mongodbatlas_privatelink_endpoint<br/>Service-eastus2');
    expect(atlas).not.toContain('azurerm_');
    expect(text).toMatch(/^ {2}n\d+ -->\|private_service_connection\| n\d+$/m);
  });
});

test('the two-endpoint diagram has both regions and the regional mode ordering', () => {
  const edges = edgeNames(buildGraph(synth('two-endpoints.json')));
  for (const region of ['eastus2', 'westus2']) {
    expect(edges).toContain(`azurerm_private_endpoint/Endpoint-${region} -> mongodbatlas_privatelink_endpoint/Service-${region}`);
    expect(edges).toContain(`mongodbatlas_privatelink_endpoint/Service-${region} -> mongodbatlas_private_endpoint_regional_mode/RegionalMode`);
  }
});
