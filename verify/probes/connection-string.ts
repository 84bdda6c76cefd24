/**
 * PUBLIC_CONNECTION_STRING: a PUBLIC_IP finding whose cause is the connection string itself. When
 * the host checked is not a private-endpoint host (no `-pl-<n>` in its first label, model §M3) and
 * the outputs carry a private-endpoint SRV string of the same cluster domain, the app was given
 * the cluster's standard string: its members resolve to public IPs by design, so fixing DNS would
 * not help. Evidence: what the standard host's members resolved to, and the private string.
 */
import { diagnose } from '../diagnoses';
import { parseSrvHost } from '../endpoint-match';
import type { EndpointOutputs } from '../outputs';
import { fail, type Outcome } from '../types';
import { parentDomain } from '../uri';

export function sharpenPublicIp(outcome: Outcome, host: string, endpoints: readonly EndpointOutputs[]): Outcome {
  if (outcome.status !== 'fail' || outcome.diagnosis.code !== 'PUBLIC_IP') return outcome;
  if (/-pl-\d+/.test(host.split('.')[0])) return outcome;
  const parent = parentDomain(host);
  const privateString = endpoints.map((e) => e.srvConnectionString).find((s) => s && parseSrvHost(s)?.parent === parent);
  if (!privateString) return outcome;
  const evidence = `${host} is the cluster's standard host (its members resolve to public IPs: ${outcome.message.replace(/^not a private address: /, '')}); the outputs' private-endpoint string is ${privateString}`;
  return fail(`${outcome.message}; ${evidence}`, diagnose('PUBLIC_CONNECTION_STRING', `use ${privateString}`));
}
