import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';

/** A fresh app and stack with both providers, as a user's stack would have them. */
export function newStack(id = 'test'): TerraformStack {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, id);
  new MongodbatlasProvider(stack, 'mongodbatlas', {});
  new AzurermProvider(stack, 'azurerm', { features: [{}] });
  return stack;
}

export interface SynthJson {
  resource: Record<string, Record<string, Record<string, any>>>;
  data?: Record<string, Record<string, Record<string, any>>>;
  output?: Record<string, { value: unknown; description?: string }>;
  locals?: Record<string, string>;
  [key: string]: any;
}

/** Synthesizes with node.addValidation checks run, and parses the JSON. */
export function synthJson(stack: TerraformStack): SynthJson {
  return JSON.parse(Testing.synth(stack, true));
}

/** All resources of one type, by logical id. */
export function resourcesOf(json: SynthJson, type: string): Record<string, any>[] {
  return Object.values(json.resource[type] ?? {});
}

/** The one resource of a type; fails when there are none or several. */
export function onlyResource(json: SynthJson, type: string): Record<string, any> {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0];
}

/** `${type.logicalId.attr}` reference to the one resource of a type. */
export function refTo(json: SynthJson, type: string, attribute: string): string {
  const ids = Object.keys(json.resource[type] ?? {});
  if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}`);
  return `\${${type}.${ids[0]}.${attribute}}`;
}

let probeCount = 0;

/** What a token renders as in the synthesized JSON (through a throwaway output). */
export function rendered(stack: TerraformStack, value: unknown): unknown {
  const id = `probe${++probeCount}`;
  new TerraformOutput(stack, id, { value });
  return JSON.parse(Testing.synth(stack)).output[id].value;
}
