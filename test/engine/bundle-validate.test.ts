/**
 * The platform team's handoff: each bundle directory, exactly as `npm run handoff` writes it
 * (JSON and --hcl, for every shipped config), passes `validate` with the real provider schemas.
 */
import { mkdtempSync, readdirSync } from 'fs';
import { join } from 'path';
import { writeBundles } from '../../handoff/bundle';
import { shippedConfigs } from './support/configs';
import { describeWithEngine, EngineDir, engineTempRoot, expectValid, providerMode } from './support/engine';

const describeEngine = describeWithEngine();

describeEngine(`engine validate of the handoff bundles (providers: ${providerMode()})`, () => {
  test.each([false, true])('bundles of the shipped configs validate in place (hcl: %p)', (hcl) => {
    const out = join(mkdtempSync(join(engineTempRoot(), 'bundle-')), 'handoff');
    const { stacks } = writeBundles(shippedConfigs().map((c) => c.path), out, { hcl });
    expect(stacks.map((s) => s.name).sort()).toEqual(['atlas-private-link', 'atlas-private-link-landing-zone', 'atlas-private-link-multi-region', 'atlas-private-link-sharded-regional']);
    for (const stack of stacks) {
      expect(readdirSync(stack.dir)).toContain(hcl ? 'cdk.tf' : 'cdk.tf.json');
      const result = new EngineDir(stack.dir).validate();
      expectValid(result);
      expect(result).toMatchObject({ valid: true, error_count: 0 });
    }
  }, 180_000);
});
