/**
 * A read-only field of a step (issue 12; shared/domain/cases/scriptPrefill.ts
 * `readOnly`): the case's own fact, shown in the step form but not the
 * clerk's to state. Step 5's "已升级 / Escalated" box shows whether the case
 * is escalated (ticked and disabled), with "升级… / Escalate…" beside it, which
 * opens the escalation dialog (the decision path); the root cause shows the
 * latest escalation's. The desk core records the case's value in the step's
 * event whatever is sent.
 */
import { Checkbox, Tag, Tooltip, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import type { FieldValue } from '../../../../shared/domain/cases/payloads';
import type { ScriptField, Taxonomy } from '../../../../shared/domain/cases/script';
import { type Locale, localize } from '../../../../shared/domain/kernel/locale';
import { displayValue } from '../handling/fieldValues';
import { EscalateButton } from './EscalationCard';

interface Props {
  field: ScriptField;
  /** The case's value (resolvePrefill of the field's `case.*` source). */
  value: FieldValue | undefined;
  detail: CaseDetail;
  me: StaffSummary | null;
  taxonomy: Taxonomy;
  locale: Locale;
}

export function CaseFactField({ field, value, detail, me, taxonomy, locale }: Props) {
  const { t } = useTranslation();
  const id = `ld-field-${field.key}`;
  const testId = `step-field-${field.key}`;
  const shown =
    field.kind === 'boolean' ? (
      <Checkbox id={id} checked={value === true} disabled data-testid={testId} data-readonly="true">
        {/* Read, not greyed out: disabled only because the case, not the clerk, decides it. */}
        <span style={{ color: '#1f2937' }}>{localize(field.label, locale)}</span>
      </Checkbox>
    ) : (
      <Typography.Text id={id} data-testid={testId} data-readonly="true">
        {displayValue(field, value, taxonomy, locale, {
          yes: t('common.yes'),
          no: t('common.no'),
          none: t('caseFact.none'),
        })}
      </Typography.Text>
    );
  return (
    <div className="ld-field-row" data-testid={`step-case-fact-${field.key}`}>
      {shown}
      <Tooltip title={t('caseFact.help')}>
        <Tag icon={<LockOutlined />} className="ld-prefilled" data-testid={`step-from-case-${field.key}`}>
          {t('caseFact.fromCase')}
        </Tag>
      </Tooltip>
      {field.prefill === 'case.escalated' ? (
        <EscalateButton detail={detail} me={me} testId="step-escalate" link />
      ) : null}
    </div>
  );
}
