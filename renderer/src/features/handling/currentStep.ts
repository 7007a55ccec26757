/**
 * Which step a case is "at", as the screens show it (issue 10): a closed case
 * is at no step, whether it was closed after step 6 or early by a supervisor
 * (the fold keeps `currentStep` as the next open step, which is right for
 * reopening but must not read as work in progress on a closed case).
 */
import type { CaseDetail } from '../../../../shared/contract/methods/cases';

interface StepState {
  status: string;
  currentStep: number | null;
}

/** The step in progress, or null when the case is closed or every step is recorded. */
export function shownCurrentStep(c: StepState): number | null {
  return c.status === 'closed' ? null : c.currentStep;
}

/** The step the handling view opens on: the current one, else the last recorded, else 1. */
export function defaultViewedStep(detail: CaseDetail): number {
  const current = shownCurrentStep(detail);
  if (current !== null) return current;
  const recorded = Object.keys(detail.steps)
    .map(Number)
    .filter((n) => n >= 1 && n <= 6);
  return recorded.length > 0 ? Math.max(...recorded) : 1;
}
