/**
 * Control-plane check: what Terraform last saw of both sides, from the stack outputs. Atlas' side
 * is the registration (`*_atlas_status`) and the private link service (`*_link_status`); Azure's
 * side is the endpoint's connection state (`*_connection_status`, model §M7.1), the only place a
 * connection the service owner rejected or removed shows: Atlas' documented statuses for an Azure
 * endpoint (INITIATING, AVAILABLE, FAILED, DELETING, model §M7.3) have no such state.
 */
import { diagnose } from '../diagnoses';
import type { EndpointOutputs } from '../outputs';
import { fail, pass, skip, type Outcome } from '../types';

interface Status {
  readonly what: string;
  readonly value: string;
  /** Azure's description of a connection state, shown next to it when not empty. */
  readonly response?: string;
}

const show = (s: Status): string => `${s.what}=${s.value || '<empty>'}${s.response ? ` (${JSON.stringify(s.response)})` : ''}`;
const list = (items: readonly Status[]): string => items.map(show).join(', ');

export function checkControlPlane(endpoints: readonly EndpointOutputs[], outputsFile: string | undefined): Outcome {
  if (outputsFile === undefined) return skip('no --outputs file given, so no Atlas status to check');
  const atlas: Status[] = endpoints.flatMap((e) => [
    ...(e.atlasStatus !== undefined ? [{ what: `${e.stem}_atlas_status`, value: e.atlasStatus }] : []),
    ...(e.linkStatus !== undefined ? [{ what: `${e.stem}_link_status`, value: e.linkStatus }] : []),
  ]);
  const azure: Status[] = endpoints.flatMap((e) =>
    e.connectionStatus !== undefined ? [{ what: e.connectionSource ?? `${e.stem}_connection_status`, value: e.connectionStatus, response: e.connectionResponse }] : [],
  );
  // "" is what the outputs hold until Atlas publishes the private-endpoint connection string.
  const unpublished = endpoints.filter((e) => e.srvConnectionString === '').map((e) => `${e.srvSource} is empty`);
  if (atlas.length === 0 && azure.length === 0 && unpublished.length === 0) {
    return skip(`${outputsFile} carries no *_atlas_status, *_link_status or *_connection_status output`);
  }
  // Older stacks (and endpoints brought in by a token id) have no connection state: say so, never assume Approved.
  const unseen = endpoints.filter((e) => e.connectionStatus === undefined && (e.atlasStatus !== undefined || e.linkStatus !== undefined));
  const blind = unseen.length
    ? [`Azure's connection state not in the outputs for ${unseen.map((e) => e.stem).join(', ')} (no *_connection_status: a stack from before that output, or an endpoint brought in by a token id), so not checked`]
    : [];
  const azureBad = azure.filter((s) => !/^approved$/i.test(s.value));
  const atlasBad = atlas.filter((s) => s.value.toUpperCase() !== 'AVAILABLE');
  const bad = [...azureBad, ...atlasBad];
  const message = (first: string[]): string => [...first, ...blind].join('; ');
  // Rejected / Disconnected: the service owner said no or removed it; waiting does not bring it back (§M7.1).
  const dead = azureBad.filter((s) => /^(rejected|disconnected)$/i.test(s.value));
  if (dead.length > 0) return fail(message([list(bad), ...unpublished]), diagnose('ENDPOINT_REJECTED', list(dead)));
  // Pending (Atlas has not approved yet), INITIATING, FAILED, and any value no document lists.
  if (bad.length > 0) return fail(message([list(bad), ...unpublished]), diagnose('ATLAS_NOT_AVAILABLE', list(bad)));
  if (unpublished.length > 0) return fail(message([...unpublished, ...(atlas.length + azure.length ? [list([...atlas, ...azure])] : [])]), diagnose('SRV_NOT_PUBLISHED'));
  return pass(message([list([...atlas, ...azure])]));
}
