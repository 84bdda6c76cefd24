import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { synthConfigFile } from '../../app/synth';
import { buildGraph } from '../../handoff/diagram';
import { svgDiagram } from '../../handoff/svg';

const work = mkdtempSync(join(tmpdir(), 'handoff-svg-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the SVG drawing has a box per node and a path per edge, service on top', () => {
  const [stack] = synthConfigFile(join(__dirname, '..', '..', 'config', 'example.json'), join(work, 'example')).stacks;
  const json = JSON.parse(readFileSync(join(stack.dir, 'cdk.tf.json'), 'utf8'));
  const graph = buildGraph(json);
  const svg = svgDiagram(json, 'atlas-private-link');
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  expect(svg.match(/<rect x="[\d.]+" y="\d+" width="\d+" height="40"/g)).toHaveLength(graph.nodes.length);
  expect(svg.match(/class="edge"/g)).toHaveLength(graph.edges.length);
  const rowOf = (label: string) => Number(new RegExp(`<text x="[\\d.]+" y="(\\d+)">${label}</text>`).exec(svg)?.[1]);
  expect(rowOf('mongodbatlas_privatelink_endpoint')).toBeLessThan(rowOf('azurerm_private_endpoint'));
  expect(rowOf('azurerm_private_endpoint')).toBeLessThan(rowOf('mongodbatlas_privatelink_endpoint_service'));
  expect(rowOf('mongodbatlas_privatelink_endpoint_service')).toBeLessThan(rowOf('azurerm_private_dns_zone'));
  expect(svgDiagram(json, 'atlas-private-link')).toBe(svg);
});
