/**
 * The configurations the engine tests run: every shipped `config/*.json`, plus variants of the
 * example that cover what no shipped config does (DNS strategy `none`, and the explicit-hostnames
 * escape hatch with no cluster to read).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ATLAS, endpointSample } from '../fixtures/samples';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

export interface ConfigCase {
  /** Short name, used for work dirs and test titles. */
  readonly name: string;
  readonly path: string;
  /** Where it comes from, for the test title. */
  readonly origin: string;
}

export function shippedConfigs(): ConfigCase[] {
  const dir = join(REPO_ROOT, 'config');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && !f.startsWith('.') && !f.includes('schema'))
    .sort()
    .map((f) => ({ name: f.replace(/\.json$/, ''), path: join(dir, f), origin: `config/${f}` }));
}

function readExample(): Record<string, any> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'config', 'example.json'), 'utf8'));
}

/** Variants of config/example.json written into `dir`. */
export function variantConfigs(dir: string): ConfigCase[] {
  mkdirSync(dir, { recursive: true });
  const example = readExample();
  const eastus2 = endpointSample('eastus2', false);
  const variants: Record<string, [string, Record<string, any>]> = {
    'dns-none': ['example with dns.strategy "none"', { ...example, stackName: 'atlas-pl-dns-none', dns: { strategy: 'none' } }],
    'explicit-hostnames': [
      'example with explicit hostnames, ports and TXT, no cluster (cluster-zone)',
      {
        ...example,
        stackName: 'atlas-pl-explicit',
        atlas: { projectId: ATLAS.projectId },
        endpoints: example.endpoints.map((e: Record<string, unknown>) => ({
          ...e,
          targetHostname: eastus2.targetHostname,
          srvHostname: eastus2.srvHostname,
          ports: [...ATLAS.ports],
          txtValue: ATLAS.txt,
        })),
        dns: { strategy: 'cluster-zone' },
      },
    ],
  };
  return Object.entries(variants).map(([name, [origin, config]]) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(config, null, 2));
    return { name, path, origin };
  });
}
