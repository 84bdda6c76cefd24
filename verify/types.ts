/** Shared shapes of the verifier: every probe returns a CheckResult, the report collects them. */
import type { DiagnosisCode } from './diagnoses';

export const CHECK_IDS = ['control-plane', 'dns-srv', 'dns-txt', 'dns-a', 'private-ip', 'tcp', 'crud'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export type CheckStatus = 'pass' | 'fail' | 'skip';

export interface Diagnosis {
  /** Stable short code (documented in docs/verifier.md); safe to match on in scripts. */
  readonly code: DiagnosisCode;
  /** What it means and what to do, for a human. */
  readonly text: string;
  /** Its section of the troubleshooting guide, e.g. `docs/troubleshooting.md#code-tcp-timeout`. */
  readonly see?: string;
}

export interface CheckResult {
  readonly id: CheckId;
  /** The SRV host the check is about (mongodb+srv://host, credentials hidden); none for control-plane. */
  readonly target?: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly diagnosis?: Diagnosis;
  readonly durationMs: number;
}

export interface Report {
  readonly ok: boolean;
  /** The first of `targets`, for readers of the one-host form. */
  readonly target: string;
  readonly targets: readonly string[];
  readonly checks: readonly CheckResult[];
  readonly durationMs: number;
}

/** A probe's outcome before the runner stamps the id and the duration on it. */
export type Outcome =
  | { readonly status: 'pass'; readonly message: string }
  | { readonly status: 'skip'; readonly message: string }
  | { readonly status: 'fail'; readonly message: string; readonly diagnosis: Diagnosis };

export const pass = (message: string): Outcome => ({ status: 'pass', message });
export const skip = (message: string): Outcome => ({ status: 'skip', message });
export const fail = (message: string, diagnosis: Diagnosis): Outcome => ({ status: 'fail', message, diagnosis });

/** One SRV answer, as Node returns it, plus nothing else. */
export interface SrvTarget {
  readonly name: string;
  readonly port: number;
}

/** A resolved SRV target host with its addresses. */
export interface ResolvedHost {
  readonly name: string;
  readonly addresses: readonly string[];
}
