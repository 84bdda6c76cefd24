// Splits `providers schema -json` of several providers into one file per provider, named and
// laid out like ../shared/provider-schemas (<type>-<version>.json, keys sorted, pretty-printed).
const { readFileSync, writeFileSync } = require('fs');

const VERSIONS = { mongodbatlas: '1.41.1', azurerm: '4.55.0' };
const [file, out] = process.argv.slice(2);
const doc = JSON.parse(readFileSync(file, 'utf8'));
const sorted = (v) =>
  Array.isArray(v)
    ? v.map(sorted)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
      : v;
for (const [address, schema] of Object.entries(doc.provider_schemas)) {
  const type = address.split('/').pop();
  if (!VERSIONS[type]) continue;
  // OpenTofu reports registry.opentofu.org addresses; the recorded files use Terraform's.
  const canonical = ['registry.terraform.io', ...address.split('/').slice(1)].join('/');
  const one = { format_version: doc.format_version, provider_schemas: { [canonical]: schema } };
  writeFileSync(`${out}/${type}-${VERSIONS[type]}.json`, `${JSON.stringify(sorted(one), null, 2)}\n`);
}
