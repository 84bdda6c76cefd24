/**
 * Evaluates the expressions a stack synthesizes with the real Terraform engine, against fake
 * provider data in the shapes the recorded schemas give (mongodbatlas 1.x lists of one, 2.x
 * objects): the stack's locals, with every cluster data source replaced by one fake value and
 * every private endpoint by a fake object, every endpoint connection by an Approved one, plus the expressions asked for as outputs. No provider
 * is needed: a configuration of locals and outputs applies with the engine alone.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { SynthJson } from './synth';

export interface FakeEndpoint {
  readonly id: string;
  readonly privateIp: string;
}

export interface Evaluation {
  /** Output values by the names given, when the apply succeeded. */
  readonly values: Record<string, unknown>;
  /** The engine's error text when it failed (else ""). */
  readonly error: string;
}

/** `${expr}` in a synthesized string, with the data source and endpoint references replaced. */
function rewrite(text: string): string {
  return text
    .replace(/data\.mongodbatlas_advanced_cluster\.[A-Za-z0-9_-]+/g, 'local.fake_cluster')
    .replace(/data\.azurerm_private_endpoint_connection\.([A-Za-z0-9_-]+)/g, 'local.fake_connection["$1"]')
    .replace(/azurerm_private_endpoint\.([A-Za-z0-9_-]+)/g, 'local.fake_pe["$1"]');
}

/**
 * Applies the stack's locals and `expressions` (name -> a synthesized `${...}` string) with
 * `cluster` (an HCL/JSON value for the cluster data source) and `endpoints` (by the private
 * endpoint resources' order in the JSON; missing ones get placeholders).
 */
export function evaluate(json: SynthJson, cluster: unknown, endpoints: FakeEndpoint[], expressions: Record<string, string>): Evaluation {
  const binary = process.env.ATLAS_PL_TF_BINARY;
  if (!binary) throw new Error('ATLAS_PL_TF_BINARY is not set (run the tests through scripts/run-jest.sh)');
  const peIds = Object.keys(json.resource.azurerm_private_endpoint ?? {});
  const fakePe = Object.fromEntries(
    peIds.map((id, i) => {
      // Endpoints not given get placeholders: the expressions under test do not read them.
      const e = endpoints[i] ?? { id: `/fake/privateEndpoints/${id}`, privateIp: `10.99.0.${i + 4}` };
      return [id, { id: e.id, private_service_connection: [{ private_ip_address: e.privateIp }] }];
    }),
  );
  // Azure's connection state (data source azurerm_private_endpoint_connection): Approved, as after a green apply.
  const fakeConnection = Object.fromEntries(
    Object.keys(json.data?.azurerm_private_endpoint_connection ?? {}).map((id) => [id, { private_service_connection: [{ status: 'Approved', request_response: '' }] }]),
  );
  const locals: Record<string, unknown> = { fake_cluster: cluster, fake_pe: fakePe, fake_connection: fakeConnection };
  for (const [name, value] of Object.entries(json.locals ?? {})) locals[name] = rewrite(value);
  const output = Object.fromEntries(Object.entries(expressions).map(([name, value]) => [name, { value: rewrite(value) }]));
  const dir = mkdtempSync(join(tmpdir(), 'evaluate-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ locals, output }));
    const run = (args: string[]) => spawnSync(binary, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, TF_IN_AUTOMATION: '1' } });
    const init = run(['init', '-input=false', '-no-color']);
    if (init.status !== 0) return { values: {}, error: init.stderr + init.stdout };
    const apply = run(['apply', '-auto-approve', '-input=false', '-no-color']);
    if (apply.status !== 0) return { values: {}, error: apply.stderr + apply.stdout };
    const out = run(['output', '-json', '-no-color']);
    const parsed = JSON.parse(out.stdout) as Record<string, { value: unknown }>;
    return { values: Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value])), error: '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
