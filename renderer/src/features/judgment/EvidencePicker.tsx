/**
 * Picking the case's own evidence in the malicious-claim forms (issue 12;
 * docs/escalation-and-malice.md): facts and determinations cite files of the
 * case by their sha256, and the core refuses anything else, so the forms
 * offer the case's files (`case.evidence.list`, as the Evidence card reads
 * them) by name and kind, never a text box. With none, they say to add
 * evidence first.
 */
import { useEffect, useState } from 'react';
import { Checkbox, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EvidenceView } from '../../../../shared/contract/methods/evidence';
import { callDesk } from '../../lib/desk';

/** The case's evidence, read when a form opens; null while loading. */
export function useCaseEvidence(caseId: string): EvidenceView[] | null {
  const [items, setItems] = useState<EvidenceView[] | null>(null);
  useEffect(() => {
    let live = true;
    void callDesk('case.evidence.list', { caseId }).then((r) => {
      if (live) setItems(r.ok ? r.value.items : []);
    });
    return () => {
      live = false;
    };
  }, [caseId]);
  return items;
}

function useLabel() {
  const { t } = useTranslation();
  return (e: EvidenceView) => `${e.name} · ${t(`evidence.kinds.${e.kind}`)}`;
}

/** Says the case has no evidence to cite yet. */
function NoEvidence({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ display: 'block' }} data-testid={`${testId}-none`}>
      {t('malice.evidenceNone')}
    </Typography.Text>
  );
}

/** A tick box per file of the case. */
export function EvidenceChecklist(props: {
  items: EvidenceView[] | null;
  value: string[];
  onChange(v: string[]): void;
  testId: string;
}) {
  const label = useLabel();
  if (props.items === null) return null;
  if (props.items.length === 0) return <NoEvidence testId={props.testId} />;
  return (
    <Checkbox.Group
      style={{ display: 'flex', flexDirection: 'column', gap: 2 }}
      value={props.value}
      onChange={(v) => props.onChange(v as string[])}
      options={props.items.map((e) => ({ value: e.sha256, label: label(e) }))}
      data-testid={props.testId}
    />
  );
}

/** One file of the case, or none. */
export function EvidenceSelect(props: {
  id: string;
  items: EvidenceView[] | null;
  value: string | null;
  onChange(v: string | null): void;
  testId: string;
}) {
  const { t } = useTranslation();
  const label = useLabel();
  if (props.items === null) return null;
  if (props.items.length === 0) return <NoEvidence testId={props.testId} />;
  return (
    <Select
      id={props.id}
      style={{ width: '100%' }}
      allowClear
      placeholder={t('malice.statementNone')}
      value={props.value ?? undefined}
      onChange={(v: string | undefined) => props.onChange(v ?? null)}
      options={props.items.map((e) => ({ value: e.sha256, label: label(e) }))}
      data-testid={props.testId}
    />
  );
}
