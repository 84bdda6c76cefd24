/** The rehearsal's steps, and the seed guide's checklist read off a verifier report. */
import type { Report } from '../verify/types';

export type StepStatus = 'pass' | 'fail' | 'skip';

export interface Step {
  readonly id: string;
  readonly label: string;
  readonly status: StepStatus;
  readonly detail: string;
  readonly ms: number;
  readonly diagnosis?: { readonly code: string; readonly text: string };
}

/** Live progress: `start` when a step begins, `finish` when its result is known. */
export interface Reporter {
  start(label: string): void;
  finish(step: Step): void;
}

/**
 * Runs one set-up step: reports it live and records it in `steps`, pass or fail. A failure is
 * rethrown as it came, for the caller to turn into its exit status.
 */
export async function recordStep<T>(steps: Step[], reporter: Reporter, id: string, label: string, body: () => Promise<{ value: T; detail: string }>): Promise<T> {
  reporter.start(label);
  const t0 = Date.now();
  const finish = (status: StepStatus, detail: string): void => {
    const done: Step = { id, label, status, detail, ms: Date.now() - t0 };
    steps.push(done);
    reporter.finish(done);
  };
  try {
    const { value, detail } = await body();
    finish('pass', detail);
    return value;
  } catch (error) {
    finish('fail', (error as Error).message);
    throw error;
  }
}

/** Checklist items and the verifier checks each one stands for (all must pass). */
const CHECKLIST: ReadonlyArray<{ id: string; label: string; checks: readonly string[] }> = [
  { id: 'approved', label: 'endpoint approved', checks: ['control-plane'] },
  { id: 'srv', label: 'SRV', checks: ['dns-srv', 'dns-txt'] },
  { id: 'a', label: 'A to private IP', checks: ['dns-a', 'private-ip'] },
  { id: 'tcp', label: 'TCP', checks: ['tcp'] },
  { id: 'crud', label: 'CRUD', checks: ['crud'] },
];

export function checklistSteps(report: Report, suffix: string): Step[] {
  return CHECKLIST.map((item) => {
    const checks = item.checks.map((id) => report.checks.find((c) => c.id === id)).filter((c): c is Report['checks'][number] => c !== undefined);
    const failed = checks.find((c) => c.status === 'fail');
    const status: StepStatus = failed ? 'fail' : checks.length > 0 && checks.every((c) => c.status === 'pass') ? 'pass' : 'skip';
    const shown = failed ? checks.filter((c) => c.status === 'fail') : checks;
    return {
      id: item.id + suffix.replace(/\W+/g, '-').replace(/-$/, ''),
      label: item.label + suffix,
      status,
      detail: [...new Set(shown.map((c) => c.message))].join('; '),
      ms: checks.reduce((sum, c) => sum + c.durationMs, 0),
      ...(failed?.diagnosis ? { diagnosis: failed.diagnosis } : {}),
    };
  });
}
