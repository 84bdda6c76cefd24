/**
 * Literal strings with template sequences (`${`, `%{`, their escapes, trailing `$`/`%`, nesting,
 * quotes, backslashes, mixed with references) reach Terraform as exactly those strings.
 *
 * 1. With the engine alone (no providers): the strings the constructs synthesize, JSON and HCL,
 *    become the outputs of a provider-free configuration that Terraform applies; `terraform
 *    output -json` must give back the literal inputs (the references as their variables' values).
 * 2. With the providers: a stack built from a config whose free-text values hold template
 *    sequences passes `validate` (JSON and HCL), and `terraform test` with mock providers asserts
 *    at plan and at apply that the attributes equal the literal inputs; an apply on the replay
 *    provider stores exactly those literals in the state.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ref, Testing, Token } from 'cdktf';
import { synthConfigFile } from '../../app/synth';
import { hclStringLiteral } from '../../lib/hcl';
import { AtlasPrivateLinkService, AzurePrivateEndpoint } from '../../lib';
import { PROJECT_ID, RESOURCE_GROUP, SUBNET_ID } from '../fixtures/samples';
import { newStack, SynthJson } from '../support/synth';
import { FIXED, generated } from '../support/template-strings';
import { describeWithTool, requireTool } from '../support/tools';
import { endpointSample } from './fixtures/samples';
import { REPO_ROOT } from './support/configs';
import { describeWithEngine, EngineDir, engineTempRoot, expectAllRunsPassed, expectValid, replayEnv, timingSummary } from './support/engine';
import { loadStackModel, StackModel } from './support/stack-model';
import { Assertion, mocks, runBlock } from './support/tftest';

const ENGINE_TIMEOUT = 240_000;
const TAG_NAME_FORBIDDEN = /[<>%&\\?/]/;

/** Inputs: literal texts and the same texts mixed with references to variables `t<n>`. */
function inputs(): { value: string; expected: string; variables: string[] }[] {
  const texts = [...FIXED, ...generated(30, 11)].filter((t) => t.trim() !== '' && t.length <= 100);
  const out = texts.map((t) => ({ value: t, expected: t, variables: [] as string[] }));
  texts.slice(0, 15).forEach((t, i) => {
    const name = `t${i}`;
    const token = Token.asString(ref(`var.${name}`));
    const cut = Math.floor(t.length / 2);
    out.push({ value: `${t.slice(0, cut)}${token}${t.slice(cut)}$`, expected: `${t.slice(0, cut)}<${name}>${t.slice(cut)}$`, variables: [name] });
  });
  return out;
}

describeWithTool('ATLAS_PL_TF_BINARY', 'Terraform engine (terraform >= 1.7 or tofu >= 1.8)')('engine reads synthesized strings back as the literals', () => {
  const dirs: EngineDir[] = [];
  afterAll(() => dirs.forEach((d) => d.remove()));

  /** Applies a provider-free configuration and returns its outputs' values. */
  function evaluate(files: Record<string, string>, name: string): Record<string, unknown> {
    const dir = EngineDir.fromFiles(files, name);
    dirs.push(dir);
    dir.init();
    const apply = dir.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    if (apply.status !== 0) throw new Error(`apply failed (exit ${apply.status}):\n${apply.stderr}\n${apply.stdout}`);
    const outputs = JSON.parse(dir.run(['output', '-json']).stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
  }

  test('request messages and tags of a private endpoint, in cdk.tf.json and in HCL', () => {
    const cases = inputs();
    const stack = newStack();
    const service = new AtlasPrivateLinkService(stack, 'Service', { projectId: PROJECT_ID, region: 'eastus2' });
    cases.forEach((c, i) => {
      const tags: Record<string, string> = { value: c.value };
      if (!TAG_NAME_FORBIDDEN.test(c.value)) tags[c.value] = 'name';
      new AzurePrivateEndpoint(stack, `E${i}`, { service, resourceGroupName: RESOURCE_GROUP, subnetId: SUBNET_ID, name: `pe-${i}`, requestMessage: c.value, tags });
    });
    const json = JSON.parse(Testing.synth(stack, true)) as SynthJson;
    const hcl = Testing.synthHcl(stack) as string;
    const variables = Object.fromEntries(cases.flatMap((c) => c.variables).map((v) => [v, { default: `<${v}>` }]));

    // JSON: each endpoint's request message and tags, as outputs.
    const endpoints = Object.values(json.resource.azurerm_private_endpoint).sort((a, b) => Number(a.name.slice(3)) - Number(b.name.slice(3)));
    const output = Object.fromEntries(
      endpoints.flatMap((e, i) => [
        [`m${i}`, { value: e.private_service_connection.request_message }],
        [`t${i}`, { value: e.tags }],
      ]),
    );
    const fromJson = evaluate({ 'main.tf.json': JSON.stringify({ variable: variables, output }, null, 2) }, 'literals-json');

    // HCL: the rendered request_message lines, as outputs.
    const messages = [...hcl.matchAll(/^\s*request_message = (.*)$/gm)].map((m) => m[1]);
    expect(messages).toHaveLength(cases.length);
    const hclOutputs = messages.map((m, i) => `output "m${i}" {\n  value = ${m}\n}`).join('\n');
    const hclVariables = Object.keys(variables).map((v) => `variable "${v}" {\n  default = "<${v}>"\n}`).join('\n');
    const fromHcl = evaluate({ 'main.tf': `${hclVariables}\n${hclOutputs}\n` }, 'literals-hcl');

    cases.forEach((c, i) => {
      const tags: Record<string, string> = { value: c.expected };
      if (!TAG_NAME_FORBIDDEN.test(c.value)) tags[c.expected] = 'name';
      expect({ input: c.value, json: fromJson[`m${i}`], tags: fromJson[`t${i}`] }).toEqual({ input: c.value, json: c.expected, tags });
    });
    // HCL lines come in the order cdktf renders the resources: compare as sets.
    expect(new Set(Object.values(fromHcl))).toEqual(new Set(cases.map((c) => c.expected)));
  }, ENGINE_TIMEOUT);
});

// Free text the constructs accept with template sequences in it, as a config would carry it.
const REQUEST_MESSAGE = 'c0${file("/etc/hostname")} %{ if true }x%{ endif } $${y} %%{z} "q" \\ end$';
const TAGS: Record<string, string> = {
  'owner${path.cwd}': 'v%{ for x in [1] }${x}%{ endfor }',
  'quote"d': 'say "hi" \\ ${z}',
  'esc$${x}': '$$${x} tail%',
  plain: 'tail$',
};
const TXT = 'authSource=a${b}%{c}$${d}%%{e}$';

describeWithEngine()('engine: literal strings with template sequences (validate, and terraform test with mock providers)', () => {
  let root: string;
  const dirs: EngineDir[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(engineTempRoot(), 'literal-strings-'));
  });

  afterAll(() => {
    dirs.forEach((d) => d.remove());
    // eslint-disable-next-line no-console
    console.log(timingSummary('literal-strings.test.ts'));
  });

  function configFile(): string {
    const example = JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'example.json'), 'utf8'));
    const sample = endpointSample('eastus2', false);
    const path = join(root, 'literals.json');
    writeFileSync(
      path,
      JSON.stringify({
        ...example,
        stackName: 'atlas-pl-literals',
        atlas: { projectId: PROJECT_ID },
        endpoints: [
          { ...example.endpoints[0], requestMessage: REQUEST_MESSAGE, targetHostname: sample.targetHostname, srvHostname: sample.srvHostname, ports: [...sample.ports], txtValue: TXT },
        ],
        dns: { strategy: 'cluster-zone' },
        tags: TAGS,
      }),
    );
    return path;
  }

  function tagsMap(): string {
    return `tomap({ ${Object.entries(TAGS).map(([k, v]) => `(${hclStringLiteral(k)}) = ${hclStringLiteral(v)}`).join(', ')} })`;
  }

  /** What the config's literals must be in the resources: known at plan, the same after apply. */
  function assertions(model: StackModel): Assertion[] {
    const pe = model.forKey('azurerm_private_endpoint', 'eastus2').address;
    const txt = model.forKey('azurerm_private_dns_txt_record', 'eastus2').address;
    const tagged = ['azurerm_private_endpoint', 'azurerm_private_dns_zone', 'azurerm_private_dns_a_record', 'azurerm_private_dns_txt_record'].flatMap((t) => model.resources(t));
    expect(tagged.length).toBeGreaterThanOrEqual(4);
    return [
      { condition: `${pe}.private_service_connection[0].request_message == ${hclStringLiteral(REQUEST_MESSAGE)}`, message: 'request_message is not the literal from the config' },
      { condition: `[for r in ${txt}.record : r.value] == [${hclStringLiteral(TXT)}]`, message: 'the TXT value is not the literal from the config' },
      ...tagged.map((r) => ({ condition: `${r.address}.tags == ${tagsMap()}`, message: `tags of ${r.address} are not the literals from the config` })),
    ];
  }

  test.each([false, true])('JSON (hcl: %p): validate, then plan and apply with mock providers keep every literal', (hcl) => {
    const { stacks } = synthConfigFile(configFile(), join(root, hcl ? 'hcl' : 'json'), { hcl });
    const jsonStacks = hcl ? synthConfigFile(configFile(), join(root, 'json-for-model')).stacks : stacks;
    const model = loadStackModel(join(jsonStacks[0].dir, 'cdk.tf.json'));
    const dir = EngineDir.fromStack(stacks[0].dir, `literal-strings-${hcl ? 'hcl' : 'json'}`);
    dirs.push(dir);

    expectValid(dir.validate());

    const checks = assertions(model);
    const sample = endpointSample('eastus2', false);
    const file = [mocks(model, [sample], 'samples'), '', runBlock('literals_at_plan', 'plan', checks), '', runBlock('literals_after_apply', 'apply', checks), ''].join('\n');
    expectAllRunsPassed(dir.test({ 'literals.tftest.hcl': file }), 2);
  }, ENGINE_TIMEOUT);

  // The replay provider applies for real (one process per command), so the state holds what
  // the engine sent the provider: every literal exactly as the config wrote it.
  const withReplay = requireTool('ATLAS_PL_REPLAY_CLI_CONFIG', 'Replay provider mirror').ok ? test.each([false, true]) : test.skip.each([false, true]);
  withReplay('JSON (hcl: %p): an apply on the replay provider stores every literal', (hcl) => {
    const { stacks } = synthConfigFile(configFile(), join(root, hcl ? 'replay-hcl' : 'replay-json'), { hcl });
    const copy = EngineDir.fromStack(stacks[0].dir, `literal-strings-replay-${hcl ? 'hcl' : 'json'}`);
    const dir = new EngineDir(copy.dir, replayEnv());
    dirs.push(dir);
    expect(dir.run(['init', '-input=false', '-no-color']).status).toBe(0); // with the local backend: a real apply
    const apply = dir.run(['apply', '-auto-approve', '-input=false', '-no-color']);
    if (apply.status !== 0) throw new Error(`apply failed (exit ${apply.status}):\n${apply.stderr}`);
    const shown = JSON.parse(dir.run(['show', '-json']).stdout);
    const resources = shown.values.root_module.resources as { type: string; values: Record<string, any> }[];
    const of = (type: string) => resources.filter((r) => r.type === type).map((r) => r.values);
    expect(of('azurerm_private_endpoint').map((v) => v.private_service_connection[0].request_message)).toEqual([REQUEST_MESSAGE]);
    expect(of('azurerm_private_dns_txt_record').map((v) => v.record.map((r: { value: string }) => r.value))).toEqual([[TXT]]);
    for (const type of ['azurerm_private_endpoint', 'azurerm_private_dns_zone', 'azurerm_private_dns_a_record', 'azurerm_private_dns_txt_record']) {
      for (const values of of(type)) expect(values.tags).toEqual(TAGS);
    }
    expect(dir.run(['destroy', '-auto-approve', '-input=false', '-no-color']).status).toBe(0);
  }, ENGINE_TIMEOUT);
});
