/**
 * The outputs a scenario's verifier reads when Atlas reports other statuses than at the apply:
 * the run's world file with `atlas.registrations` set, then a refresh-only apply of the applied
 * stack on the replay provider (rehearse/apply.ts). The engine and the provider produce them, as
 * `terraform apply -refresh-only` would after a connection is rejected; nothing is edited by hand.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { refreshOffline, type ApplyResult, type ApplyTools } from '../apply';
import type { ChildSet } from '../processes';

export type Outputs = Record<string, { value?: unknown }>;

/** The world file `worldPath` with `registrations` (ARM id -> Atlas status) set, as JSON. */
export function worldWithRegistrations(worldPath: string, registrations: Readonly<Record<string, string>>): string {
  const world = JSON.parse(readFileSync(worldPath, 'utf8')) as { atlas?: { registrations?: Record<string, unknown> } };
  const entries = Object.fromEntries(Object.entries(registrations).map(([id, status]) => [id, { status }]));
  const atlas = world.atlas ?? {};
  return JSON.stringify({ ...world, atlas: { ...atlas, registrations: { ...(atlas.registrations ?? {}), ...entries } } }, null, 2);
}

/** A refresher for the Stager: one refresh per distinct set of statuses, in the run's folder. */
export function registrationRefresher(applied: ApplyResult, worldPath: string, tools: ApplyTools, children: ChildSet): (registrations: Readonly<Record<string, string>>) => Promise<Outputs> {
  let n = 0;
  return async (registrations) => {
    const file = join(applied.runDir, `world-refresh-${++n}.json`);
    writeFileSync(file, worldWithRegistrations(worldPath, registrations));
    return refreshOffline(applied, file, tools, children);
  };
}
