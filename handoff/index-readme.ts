/**
 * `<out>/README.md`: which bundles a run wrote, which of them cannot share an Atlas project, and
 * which bundles in the folder an earlier run wrote and this one did not regenerate.
 */
import { StagedStack } from './bundle';
import { INDEX_MARKER } from './ownership';
import { TfJson } from './tf-json';

/** A bundle of an earlier run that this run left in place. */
export interface StaleBundle {
  readonly name: string;
  readonly configName: string;
}

export function renderIndex(stacks: readonly StagedStack[], stale: readonly StaleBundle[] = []): string {
  const rows = stacks.map((s) => `| [\`${s.name}\`](${s.name}/README.md) | \`${s.configName}\` |`);
  const clashes = serviceClashes(stacks);
  return [
    INDEX_MARKER,
    '',
    '# Terraform bundles',
    '',
    'Written by `npm run handoff`. Each directory is a self-contained Terraform root module with its own README; ' +
      'the bundles do not reference each other, so each is applied on its own, in any order.',
    '',
    '| Bundle | From config |',
    '| --- | --- |',
    ...rows,
    '',
    ...(clashes.length === 0
      ? []
      : [
          '## Bundles that must not be applied to the same Atlas project',
          '',
          'Atlas allows one private link service per region per project, so applying both bundles of a pair below to the ' +
            'same project fails with "already exists for region". They are alternatives (or need different projects):',
          '',
          ...clashes,
          '',
        ]),
    ...(stale.length === 0
      ? []
      : [
          '## Stale bundles from earlier runs',
          '',
          'This run did not regenerate these bundles, so they may no longer match their config (each holds a `STALE.md`). ' +
            'Regenerate them with `--config`, or delete them.',
          '',
          '| Bundle | From config |',
          '| --- | --- |',
          ...stale.map((s) => `| [\`${s.name}\`](${s.name}/STALE.md) | \`${s.configName}\` |`),
          '',
        ]),
  ].join('\n');
}

function serviceClashes(stacks: readonly StagedStack[]): string[] {
  const owners = new Map<string, string[]>();
  for (const s of stacks) {
    for (const key of serviceKeys(s.json)) owners.set(key, [...(owners.get(key) ?? []), s.name]);
  }
  return [...owners.entries()]
    .filter(([, names]) => names.length > 1)
    .map(([key, names]) => `- ${names.map((n) => `\`${n}\``).join(' and ')}: ${key}`);
}

/** `project <id>, region <region>` for each Atlas private link service the stack creates. */
function serviceKeys(json: TfJson): string[] {
  return Object.values(json.resource?.mongodbatlas_privatelink_endpoint ?? {}).map(
    (r) => `project \`${String(r.project_id)}\`, region \`${String(r.region)}\``,
  );
}
