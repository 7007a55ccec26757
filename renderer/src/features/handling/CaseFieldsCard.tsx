/**
 * Severity, due date and assignee of an open case, as the signed-in role may
 * change them (shared/domain/cases/authority.ts, docs/roles.md): a counter
 * clerk sees no lower severity, no later due date and no one else's case to
 * reassign; a supervisor's such change asks for a reason first. The desk core
 * refuses the same acts regardless of what this screen shows.
 */
import { useState } from 'react';
import { Card, DatePicker, Form, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import {
  fieldSetAct,
  isSupervising,
  reassignIsRestricted,
  severityLowered,
  type RestrictedAct,
} from '../../../../shared/domain/cases/authority';
import type { Taxonomy } from '../../../../shared/domain/cases/script';
import { localize } from '../../../../shared/domain/kernel/locale';
import { clearErrors, showError, showSuccess } from '../../lib/notify';
import { useLocale } from '../../i18n';
import { useOpenCase } from './openCase';
import { ReasonDialog } from './ReasonDialog';
import { dueNotCounted, latestDue, timesAfter } from './dueBounds';

type Field = 'severity' | 'dueAt' | 'assignee';
interface Pending {
  field: Field;
  value: string | null;
  act: RestrictedAct;
}

interface Props {
  detail: CaseDetail;
  taxonomy: Taxonomy;
  me: StaffSummary;
  staff: StaffSummary[];
}

export function CaseFieldsCard({ detail, taxonomy, me, staff }: Props) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const supervising = isSupervising(me.role);
  const view = {
    owner: detail.owner,
    assignee: { value: detail.assignee },
    severity: { value: detail.severity },
    dueAt: { value: detail.dueAt },
  };

  async function write(field: Field, value: string | null, reason?: string): Promise<boolean> {
    setBusy(true);
    const input = { caseId: detail.id, field, value, ...(reason ? { reason } : {}) };
    const r = await useOpenCase.getState().write('case.setField', input);
    setBusy(false);
    if (!r.ok) {
      showError(r.error);
      return false;
    }
    setPending(null);
    clearErrors();
    showSuccess(t('caseFields.saved'));
    return true;
  }

  function change(field: Field, value: string | null) {
    if (value === view[field].value) return;
    const act = fieldSetAct(view, me.id, field, value);
    // Only a supervising role is offered a restricted change; it needs a reason.
    if (act !== null) setPending({ field, value, act });
    else void write(field, value);
  }

  const severities = taxonomy.severities.filter(
    (s) => supervising || !severityLowered(detail.severity, s.value),
  );
  const due = detail.dueAt ? dayjs(detail.dueAt) : null;
  const latest = supervising ? null : latestDue(detail);
  const voidDue = dueNotCounted(detail);
  const fmt = (d: Dayjs) => d.format('YYYY-MM-DD HH:mm');
  let dueExtra: string | undefined;
  if (!supervising)
    dueExtra = latest ? t('caseFields.dueHelpUntil', { at: fmt(latest) }) : t('caseFields.dueHelp');
  const assignable = staff.filter((s) => supervising || !reassignIsRestricted(view, me.id, s.id));
  const assigneeLocked =
    assignable.length === 0 || (assignable.length === 1 && assignable[0]?.id === detail.assignee);
  const assigneeName = staff.find((s) => s.id === detail.assignee)?.name;

  return (
    <Card size="small" title={t('caseFields.title')} data-testid="case-fields">
      <Form layout="vertical" disabled={busy} component="div">
        <Form.Item label={t('caseFields.severity')} style={{ marginBottom: 10 }}>
          <Select<string>
            value={detail.severity}
            onChange={(v) => change('severity', v)}
            options={severities.map((s) => ({ value: s.value, label: localize(s.label, locale) }))}
            data-testid="case-field-severity"
          />
        </Form.Item>
        <Form.Item
          label={t('caseFields.due')}
          extra={dueExtra}
          validateStatus={voidDue ? 'warning' : undefined}
          help={voidDue ? t('caseFields.dueNotCounted', { at: fmt(voidDue) }) : undefined}
          style={{ marginBottom: 10 }}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={due}
            allowClear={supervising || due === null}
            disabledDate={(d) => latest !== null && d.startOf('day').isAfter(latest)}
            disabledTime={(d) => (latest && d?.isSame(latest, 'day') ? timesAfter(latest) : {})}
            onChange={(d) => change('dueAt', d ? d.second(0).millisecond(0).toISOString() : null)}
            placeholder={t('handling.selectDate')}
            style={{ width: '100%' }}
            data-testid="case-field-due"
          />
        </Form.Item>
        <Form.Item
          label={t('caseFields.assignee')}
          extra={supervising ? undefined : t('caseFields.assigneeHelp')}
          style={{ marginBottom: 0 }}
        >
          {assigneeLocked && !supervising ? (
            <Typography.Text data-testid="case-field-assignee-locked">
              {assigneeName ?? t('caseFields.unassigned')}
            </Typography.Text>
          ) : (
            <Select<string>
              value={detail.assignee ?? undefined}
              placeholder={t('caseFields.unassigned')}
              allowClear={supervising || !reassignIsRestricted(view, me.id, null)}
              onChange={(v) => change('assignee', v ?? null)}
              options={assignable.map((s) => ({ value: s.id, label: s.name }))}
              data-testid="case-field-assignee"
            />
          )}
        </Form.Item>
      </Form>
      <ReasonDialog
        open={pending !== null}
        title={pending ? t(`caseFields.act.${pending.act}`) : ''}
        body={t('caseFields.reasonBody')}
        okText={t('caseFields.confirm')}
        reasonLabel={t('caseFields.reason')}
        testId="act-reason-dialog"
        onCancel={() => setPending(null)}
        onConfirm={(reason) =>
          pending ? write(pending.field, pending.value, reason) : Promise.resolve(false)
        }
      />
    </Card>
  );
}
