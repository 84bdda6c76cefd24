/**
 * The outputs a scenario's verifier reads when Atlas or Azure report other statuses than at the
 * apply: the run's world file with `atlas.registrations` / `azure.privateEndpointConnections`
 * set, then a refresh-only apply of the applied stack on the replay provider (rehearse/apply.ts).
 * The engine and the provider produce them, as `terraform apply -refresh-only` would after a
 * connection is rejected; nothing is edited by hand.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { refreshOffline, type ApplyResult, type ApplyTools } from '../apply';
import type { ChildSet } from '../processes';
import type { Reported } from './world';

export type Outputs = Record<string, { value?: unknown }>;

type Section = { registrations?: Record<string, unknown>; privateEndpointConnections?: Record<string, unknown> };

/** The world file `worldPath` with the reported statuses (ARM id -> status) added, as JSON. */
export function worldWithReported(worldPath: string, reported: Reported): string {
  const world = JSON.parse(readFileSync(worldPath, 'utf8')) as { atlas?: Section; azure?: Section };
  const entries = (statuses: Readonly<Record<string, string>> | undefined) => Object.fromEntries(Object.entries(statuses ?? {}).map(([id, status]) => [id, { status }]));
  const atlas = world.atlas ?? {};
  const azure = world.azure ?? {};
  return JSON.stringify(
    {
      ...world,
      ...(reported.registrations ? { atlas: { ...atlas, registrations: { ...(atlas.registrations ?? {}), ...entries(reported.registrations) } } } : {}),
      ...(reported.connections ? { azure: { ...azure, privateEndpointConnections: { ...(azure.privateEndpointConnections ?? {}), ...entries(reported.connections) } } } : {}),
    },
    null,
    2,
  );
}

/** A refresher for the Stager: one refresh per distinct set of statuses, in the run's folder. */
export function reportedRefresher(applied: ApplyResult, worldPath: string, tools: ApplyTools, children: ChildSet): (reported: Reported) => Promise<Outputs> {
  let n = 0;
  return async (reported) => {
    const file = join(applied.runDir, `world-refresh-${++n}.json`);
    writeFileSync(file, worldWithReported(worldPath, reported));
    return refreshOffline(applied, file, tools, children);
  };
}
