/**
 * What a step form's prefills read (shared/domain/cases/scriptPrefill.ts): the
 * case (intake account, recorded steps, its escalation), the signed-in clerk, and the derived
 * result deadline, which the desk computes (`work.case`) and is only asked
 * for when the step has a field that wants it.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { ScriptStep } from '../../../../shared/domain/cases/script';
import type { PrefillContext } from '../../../../shared/domain/cases/scriptPrefill';
import { callDesk } from '../../lib/desk';
import { useSession } from '../../stores/session';

export function usePrefillContext(detail: CaseDetail, step: ScriptStep): PrefillContext {
  const meName = useSession((s) => s.staff?.name ?? null);
  const wantsDeadline = step.fields.some((f) => f.prefill === 'deadline.result');
  const [resultDeadline, setResultDeadline] = useState<string | null>(null);
  useEffect(() => {
    if (!wantsDeadline) return;
    let alive = true;
    void callDesk('work.case', { caseId: detail.id }).then((r) => {
      if (!alive || !r.ok) return;
      setResultDeadline(r.value.deadlines.find((d) => d.kind === 'result')?.dueAt ?? null);
    });
    return () => {
      alive = false;
    };
  }, [wantsDeadline, detail.id]);
  return useMemo(
    () => ({
      account: detail.account,
      resultDeadline,
      meName,
      steps: detail.steps,
      escalation: detail.escalation,
    }),
    [detail.account, detail.steps, detail.escalation, resultDeadline, meName],
  );
}
