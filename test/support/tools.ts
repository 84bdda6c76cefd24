/**
 * Tests that need a real external tool (engine, providers, database server) call this.
 * Locally a missing tool skips the suite with the reason printed; in CI (`CI=true`) it is a failure.
 */
import { existsSync } from 'fs';

export interface ToolCheck {
  readonly ok: boolean;
  readonly reason: string;
}

export function requireTool(envVar: string, description: string): ToolCheck {
  const value = process.env[envVar];
  if (value && existsSync(value)) return { ok: true, reason: '' };
  const reason = `${description} not found (${envVar}=${value ?? '<unset>'}); run "npm run tools"`;
  if (process.env.CI === 'true') throw new Error(`CI requires ${reason}`);
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING: ${reason}`);
  return { ok: false, reason };
}

/** `describe` when the tool is present, `describe.skip` otherwise (and a thrown error in CI). */
export function describeWithTool(envVar: string, description: string): jest.Describe {
  return requireTool(envVar, description).ok ? describe : describe.skip;
}
