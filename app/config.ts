import { z } from 'zod';
import { DnsStrategy } from '../lib/atlas-private-dns';
import { shown } from '../lib/text';
import { PROVIDER_DEFAULT_TIMEOUT } from '../lib/validation';
import { ConfigFileError, readConfigFile } from './config-file';
import { credentialValue, pathJoin, stateOutsideFolder, unsafeString } from './config-checks';

/** A config file problem, on one line: the file, the field (JSON path) and the expected form. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

// Keys that would carry credentials. Credentials come from the environment, never from config,
// so that they can never land in the synthesized JSON.
const SECRET_KEY = /(private_?key|public_?key|api_?key|secret|password|token|access_?key|sas)/i;

const nonEmpty = z.string().trim().min(1, 'must be a non-empty string');
const tags = z.record(z.string(), z.string()).optional();
const timeout = nonEmpty.nullable().optional().transform((v) => (v === null ? PROVIDER_DEFAULT_TIMEOUT : v));

const endpoint = z.strictObject({
  region: nonEmpty,
  subnetId: nonEmpty.optional(),
  resourceGroupName: nonEmpty.optional(),
  name: nonEmpty.optional(),
  privateIpAddress: nonEmpty.optional(),
  customNetworkInterfaceName: nonEmpty.optional(),
  requestMessage: z.string().optional(),
  key: nonEmpty.optional(),
  existingPrivateLinkId: nonEmpty.optional(),
  existingPrivateLinkServiceResourceId: nonEmpty.optional(),
  existingPrivateEndpointId: nonEmpty.optional(),
  existingPrivateIpAddress: nonEmpty.optional(),
  targetHostname: nonEmpty.optional(),
  srvHostname: nonEmpty.optional(),
  ports: z.array(z.number().int().min(1, 'must be a TCP port (1-65535)').max(65535, 'must be a TCP port (1-65535)')).optional(),
  txtValue: nonEmpty.optional(),
});

const statePath = nonEmpty.superRefine((path, ctx) => {
  const why = stateOutsideFolder(path);
  if (why) {
    ctx.addIssue({
      code: 'custom',
      message: `${shown(path)} ${why}: the state must stay in the folder Terraform runs in (the stack folder or the bundle); give a file name such as "terraform.tfstate" or a folder below it`,
    });
  }
});

const backend = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('local'), path: statePath.optional() }),
  z.strictObject({
    type: z.literal('azurerm'),
    resourceGroupName: nonEmpty,
    storageAccountName: nonEmpty,
    containerName: nonEmpty,
    key: nonEmpty,
    subscriptionId: nonEmpty.optional(),
    useAzureadAuth: z.boolean().optional(),
  }),
  z.strictObject({ type: z.literal('cloud'), organization: nonEmpty, workspace: nonEmpty, hostname: nonEmpty.optional() }),
]);

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  stackName: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]{0,62}$/, 'must be 1-63 letters, digits or "-", starting with a letter')
    .default('atlas-private-link'),
  atlas: z.strictObject({ projectId: nonEmpty, clusterName: nonEmpty.optional(), regionalMode: z.boolean().optional() }),
  azure: z.strictObject({
    resourceGroupName: nonEmpty,
    virtualNetworkIds: z.array(nonEmpty).default([]),
    dnsResourceGroupName: nonEmpty.optional(),
  }),
  endpoints: z.array(endpoint).min(1, 'must list at least one endpoint'),
  dns: z
    .strictObject({
      strategy: z.enum(DnsStrategy).default(DnsStrategy.HOST_ZONES),
      ttl: z.number().int().min(1, 'must be a TTL in seconds (1-2147483647)').max(2147483647, 'must be a TTL in seconds (1-2147483647)').optional(),
      existingZoneName: nonEmpty.optional(),
      // Landing zones: the hub subscription and group of the zones, records and links.
      subscriptionId: nonEmpty
        .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a subscription id (a GUID such as 11111111-1111-4111-8111-111111111111)')
        .optional(),
      resourceGroupName: nonEmpty.optional(),
      // Resolution from outside the linked VNets (on-premises): a resolver to create, or an existing one's IPs.
      resolver: z
        .strictObject({
          location: nonEmpty,
          virtualNetworkId: nonEmpty,
          inboundSubnetId: nonEmpty,
          inboundPrivateIpAddress: nonEmpty.optional(),
          resourceGroupName: nonEmpty.optional(),
          name: nonEmpty.optional(),
        })
        .optional(),
      existingResolverInboundIps: z.array(nonEmpty).optional(),
    })
    .default({ strategy: DnsStrategy.HOST_ZONES }),
  timeouts: z
    // null leaves that timeout to the provider's own default.
    .strictObject({ registrationCreate: timeout, registrationDelete: timeout, service: timeout })
    .optional(),
  outputPrefix: nonEmpty.optional(),
  // Terraform version constraints for required_providers; lib/provider-versions.ts checks the range.
  providerVersions: z.strictObject({ mongodbatlas: nonEmpty.optional(), azurerm: nonEmpty.optional() }).optional(),
  tags,
  backend: backend.default({ type: 'local' }),
});

export type AppConfig = z.infer<typeof configSchema>;

function findSecretKey(value: unknown, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSecretKey(value[i], pathJoin(path, i));
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (path !== 'tags' && SECRET_KEY.test(key)) return pathJoin(path, key);
      const found = findSecretKey(inner, pathJoin(path, key));
      if (found) return found;
    }
  }
  return undefined;
}

function formatPath(path: PropertyKey[]): string {
  return path.reduce<string>((out, part) => pathJoin(out, typeof part === 'number' ? part : String(part)), '');
}

/**
 * Validates parsed JSON; throws ConfigError naming the bad fields, on one line. `env` is where
 * credentials live: a config string holding one of their values is refused.
 */
export function parseConfig(raw: unknown, source = 'config', env: NodeJS.ProcessEnv = process.env): AppConfig {
  // First, so that no later message (which may show keys and values) can print a credential.
  const credential = credentialValue(raw, env);
  if (credential) throw new ConfigError(`${source}: ${credential}`);
  const secret = findSecretKey(raw, '');
  if (secret) {
    throw new ConfigError(
      `${source}: ${secret}: credentials do not belong in the config file; set MONGODB_ATLAS_PUBLIC_KEY / ` +
        'MONGODB_ATLAS_PRIVATE_KEY and ARM_* (or the backend\'s own variables) in the environment',
    );
  }
  const problem = unsafeString(raw);
  if (problem) throw new ConfigError(`${source}: ${problem}`);
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    // zod quotes unknown keys whole and lists every issue: keep the line short whatever the input.
    const message = (issue: z.core.$ZodIssue) =>
      issue.code === 'unrecognized_keys' ? `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.slice(0, 5).map(shown).join(', ')}${issue.keys.length > 5 ? ` and ${issue.keys.length - 5} more` : ''}` : issue.message;
    const all = result.error.issues;
    const issues = all.slice(0, 5).map((issue) => `${formatPath(issue.path) || '(root)'}: ${message(issue)}`);
    if (all.length > 5) issues.push(`and ${all.length - 5} more problems`);
    throw new ConfigError(`${source}: ${issues.join('; ')}`);
  }
  return result.data;
}

export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): AppConfig {
  let text: string;
  try {
    text = readConfigFile(path);
  } catch (error) {
    if (!(error instanceof ConfigFileError)) throw error;
    throw new ConfigError(`config file: ${error.message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    // V8 quotes part of the text in its message; leave that out, it may hold anything.
    const why = (error as Error).message.split('\n')[0].replace(/,? ".*$/, '');
    throw new ConfigError(`${path}: not valid JSON (${why})`);
  }
  return parseConfig(raw, path, env);
}
