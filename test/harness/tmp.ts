/** Per-suite scratch folders under the run's private TMP (scripts/run-jest.sh sets ATLAS_PL_TEST_TMP). */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export function makeTmpDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(process.env.ATLAS_PL_TEST_TMP ?? tmpdir(), `${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
