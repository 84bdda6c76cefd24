/** Control-plane check: what Terraform last saw of the Atlas side, from the stack outputs. */
import { diagnose } from '../diagnoses';
import type { EndpointOutputs } from '../outputs';
import { fail, pass, skip, type Outcome } from '../types';

export function checkControlPlane(endpoints: readonly EndpointOutputs[], outputsFile: string | undefined): Outcome {
  if (outputsFile === undefined) return skip('no --outputs file given, so no Atlas status to check');
  const statuses = endpoints.flatMap((e) => [
    ...(e.atlasStatus !== undefined ? [{ what: `${e.stem}_atlas_status`, value: e.atlasStatus }] : []),
    ...(e.linkStatus !== undefined ? [{ what: `${e.stem}_link_status`, value: e.linkStatus }] : []),
  ]);
  // "" is what the outputs hold until Atlas publishes the private-endpoint connection string.
  const unpublished = endpoints.filter((e) => e.srvConnectionString === '').map((e) => `${e.srvSource} is empty`);
  if (statuses.length === 0 && unpublished.length === 0) return skip(`${outputsFile} carries no *_atlas_status or *_link_status output`);
  const bad = statuses.filter((s) => s.value.toUpperCase() !== 'AVAILABLE');
  const list = (items: typeof statuses): string => items.map((s) => `${s.what}=${s.value || '<empty>'}`).join(', ');
  // REJECTED / DISCONNECTED end the wait for good (model §M5.3, §M7.1): waiting does not help.
  const dead = bad.filter((s) => /^(REJECTED|DISCONNECTED)$/i.test(s.value));
  if (dead.length > 0) return fail([list(bad), ...unpublished].join('; '), diagnose('ENDPOINT_REJECTED', list(dead)));
  if (bad.length > 0) return fail([list(bad), ...unpublished].join('; '), diagnose('ATLAS_NOT_AVAILABLE', list(bad)));
  if (unpublished.length > 0) return fail([...unpublished, ...(statuses.length ? [list(statuses)] : [])].join('; '), diagnose('SRV_NOT_PUBLISHED'));
  return pass(list(statuses));
}
