import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { CheckCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { FieldValue, StepNumber } from '../../../../shared/domain/cases/payloads';
import type { HandlingScript, ScriptStep, Taxonomy } from '../../../../shared/domain/cases/script';
import {
  customerFacingFields,
  findForbiddenWords,
  validateStepFields,
} from '../../../../shared/domain/cases/scriptRules';
import { localize } from '../../../../shared/domain/kernel/locale';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { isSupervising, MALICIOUS_CLAIM, maliciousChanged } from '../../../../shared/domain/cases/authority';
import { showError, showSuccess } from '../../lib/notify';
import { useLocale } from '../../i18n';
import { useSession } from '../../stores/session';
import { useOpenCase } from './openCase';
import { RecordedValues } from './RecordedValues';
import { StepFieldInput } from './StepFieldInput';
import { CONTACT_COUNT_FIELD, ContactCountField } from './ContactCountField';
import { cleanFields, draftKey, dropDraft, getDraft, saveDraft, type Draft } from './fieldValues';

interface Props {
  detail: CaseDetail;
  script: HandlingScript;
  taxonomy: Taxonomy;
  step: ScriptStep;
  /** May this clerk record steps (role) and is the case open? */
  editable: boolean;
  onRecorded(detail: CaseDetail, step: number): void;
}

/** One step of the script: goal, phrasing, taboos, and the capture form or the recorded values. */
export function StepPanel({ detail, script, taxonomy, step, editable, onRecorded }: Props) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const recorded = detail.steps[String(step.step)];
  const isCurrent = detail.currentStep === step.step;
  const reachable = recorded !== undefined || isCurrent;
  const [reRecording, setReRecording] = useState(false);
  const mode: 'record' | 'rerecord' | 'view' | 'locked' = !reachable
    ? 'locked'
    : recorded !== undefined && !reRecording
      ? 'view'
      : !editable
        ? recorded !== undefined
          ? 'view'
          : 'locked'
        : recorded !== undefined
          ? 'rerecord'
          : 'record';

  return (
    <div data-testid="step-panel" data-step={step.step} data-mode={mode}>
      <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="step-title">
        {t('handling.stepTitle', { n: step.step, title: localize(step.title, locale) })}
        {recorded !== undefined ? (
          <span className="ld-muted" style={{ fontWeight: 400, fontSize: 13, marginInlineStart: 8 }}>
            <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('handling.recorded')}
          </span>
        ) : null}
      </Typography.Title>

      <div className="ld-section-label">{t('handling.goal')}</div>
      <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="step-goal">
        {localize(step.goal, locale)}
      </Typography.Paragraph>

      <div className="ld-section-label">{t('handling.phrasing')}</div>
      <ul className="ld-phrasing" data-testid="step-phrasing">
        {step.phrasing.map((p, i) => {
          const text = localize(p, locale);
          return (
            <li key={i}>
              <Typography.Text copyable={{ text, tooltips: [t('common.copy'), t('common.copied')] }}>
                {text}
              </Typography.Text>
            </li>
          );
        })}
      </ul>

      {step.taboos.length > 0 ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 12 }}
          title={t('handling.taboos')}
          data-testid="step-taboos"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {step.taboos.map((tb, i) => (
                <li key={i}>{localize(tb, locale)}</li>
              ))}
            </ul>
          }
        />
      ) : null}

      <div className="ld-section-label" style={{ marginTop: 16 }}>
        {t('handling.fieldsTitle')}
      </div>
      {mode === 'locked' ? (
        <Typography.Text type="secondary">{t('handling.notReached')}</Typography.Text>
      ) : mode === 'view' ? (
        <RecordedValues
          step={step}
          values={recorded ?? {}}
          taxonomy={taxonomy}
          canReRecord={editable}
          onReRecord={() => setReRecording(true)}
        />
      ) : (
        <StepForm
          key={`${detail.id}:${step.step}:${mode}`}
          detail={detail}
          script={script}
          taxonomy={taxonomy}
          step={step}
          mode={mode}
          initial={mode === 'rerecord' ? (recorded ?? {}) : undefined}
          onCancel={mode === 'rerecord' ? () => setReRecording(false) : undefined}
          onRecorded={(d) => {
            setReRecording(false);
            onRecorded(d, step.step);
          }}
        />
      )}
    </div>
  );
}

interface FormProps {
  detail: CaseDetail;
  script: HandlingScript;
  taxonomy: Taxonomy;
  step: ScriptStep;
  mode: 'record' | 'rerecord';
  initial: Record<string, FieldValue> | undefined;
  onCancel: (() => void) | undefined;
  onRecorded(detail: CaseDetail): void;
}

function startingDraft(
  detail: CaseDetail,
  step: ScriptStep,
  initial: Record<string, FieldValue> | undefined,
): Draft {
  if (initial) return { ...initial };
  const draft: Draft = {};
  for (const f of step.fields) {
    // The intake already holds the customer's account: offer it, the clerk completes it.
    if (f.key === 'account' && f.kind === 'longtext') draft[f.key] = detail.account;
  }
  return draft;
}

function StepForm({ detail, script, taxonomy, step, mode, initial, onCancel, onRecorded }: FormProps) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const key = draftKey(detail.id, step.step, mode);
  const [draft, setDraft] = useState<Draft>(() => getDraft(key) ?? startingDraft(detail, step, initial));
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  const supervising = isSupervising(useSession((s) => s.staff)?.role);

  useEffect(() => saveDraft(key, draft), [key, draft]);

  // Step 6's contact count is the number of contact records (the desk fills it in).
  const contactCount = detail.contacts.length;
  const fields = useMemo(
    () =>
      cleanFields(
        step.fields,
        step.fields.some((f) => f.key === CONTACT_COUNT_FIELD)
          ? { ...draft, [CONTACT_COUNT_FIELD]: contactCount }
          : draft,
      ),
    [step.fields, draft, contactCount],
  );
  const problems = useMemo(
    () => validateStepFields(step, fields, taxonomy, locale),
    [step, fields, taxonomy, locale],
  );
  const problemKeys = step.fields.filter((f) => problems[f.key] !== undefined);
  // Marking a claim malicious (or taking it back) is a supervisor's determination, with a reason.
  const determination = maliciousChanged(detail.steps, step.step as StepNumber, fields);
  const needsReason = determination && supervising;
  const reasonMissing = needsReason && reason.trim() === '';
  const isMaliciousField = (k: string) => step.step === MALICIOUS_CLAIM.step && k === MALICIOUS_CLAIM.field;
  const markedMalicious = detail.steps[String(step.step)]?.[MALICIOUS_CLAIM.field] === MALICIOUS_CLAIM.value;
  const hiddenForRole: ReadonlySet<string> = new Set(supervising ? [] : [MALICIOUS_CLAIM.value]);
  const facing = useMemo(() => new Set(customerFacingFields(step).map((f) => f.key)), [step]);

  function change(fieldKey: string, value: FieldValue | undefined) {
    setDraft((d) => ({ ...d, [fieldKey]: value }));
    setTouched((s) => (s.has(fieldKey) ? s : new Set(s).add(fieldKey)));
    setServerErrors((e) => {
      if (!(fieldKey in e)) return e;
      const next = { ...e };
      delete next[fieldKey];
      return next;
    });
  }

  async function submit() {
    if (busy) return;
    if (problemKeys.length > 0) {
      setTouched(new Set(step.fields.map((f) => f.key)));
      document.getElementById(`ld-field-${problemKeys[0]?.key ?? ''}`)?.focus();
      return;
    }
    if (reasonMissing) {
      document.getElementById('ld-step-reason')?.focus();
      return;
    }
    setBusy(true);
    const r = await useOpenCase.getState().write('case.recordStep', {
      caseId: detail.id,
      step: step.step as StepNumber,
      fields,
      ...(needsReason ? { reason: reason.trim() } : {}),
    });
    setBusy(false);
    if (!r.ok) {
      if (r.error.fields) {
        const mapped: Record<string, string> = {};
        for (const [path, msg] of Object.entries(r.error.fields)) {
          mapped[path.replace(/^fields\./, '')] = msg;
        }
        setServerErrors(mapped);
        setTouched(new Set(step.fields.map((f) => f.key)));
      }
      showError(r.error);
      return;
    }
    dropDraft(key);
    showSuccess(t('handling.stepSaved', { n: step.step }));
    onRecorded(r.value);
  }

  const firstKey = step.fields.find((f) => f.key !== CONTACT_COUNT_FIELD)?.key;
  const unmatchedServer = Object.entries(serverErrors).filter(([k]) => !step.fields.some((f) => f.key === k));

  return (
    <Form layout="vertical" onFinish={() => void submit()} data-testid="step-form" disabled={busy}>
      {step.fields.map((f) => {
        // Problems show once a field was changed (or recording was tried), not on a
        // mere blur: the status line beside the button already lists what is missing.
        const problem = serverErrors[f.key] ?? (touched.has(f.key) ? problems[f.key] : undefined);
        const value = draft[f.key];
        const forbidden =
          facing.has(f.key) && typeof value === 'string' ? findForbiddenWords(value, script) : [];
        return (
          <Form.Item
            key={f.key}
            label={f.kind === 'boolean' ? undefined : localize(f.label, locale)}
            htmlFor={`ld-field-${f.key}`}
            required={f.required || f.mustBeTrue === true}
            validateStatus={problem ? 'error' : undefined}
            help={problem ? <span data-testid={`step-error-${f.key}`}>{problem}</span> : undefined}
            extra={f.help ? localize(f.help, locale) : undefined}
            style={{ marginBottom: 14 }}
          >
            {f.key === CONTACT_COUNT_FIELD && f.kind === 'number' ? (
              <ContactCountField id={`ld-field-${f.key}`} count={contactCount} />
            ) : (
              <StepFieldInput
                field={f}
                value={value}
                onChange={(v) => change(f.key, v)}
                taxonomy={taxonomy}
                locale={locale}
                autoFocus={f.key === firstKey}
                invalid={problem !== undefined}
                onSubmitShortcut={() => void submit()}
                hiddenOptions={isMaliciousField(f.key) ? hiddenForRole : undefined}
                locked={isMaliciousField(f.key) && markedMalicious && !supervising}
              />
            )}
            {forbidden.map((fw) => (
              <Alert
                key={fw.word}
                type="warning"
                showIcon
                // Long texts show a character count under the box: keep clear of it.
                style={{ marginTop: f.kind === 'longtext' ? 26 : 6 }}
                data-testid="forbidden-warning"
                title={t('handling.forbidden', { word: fw.word, suggest: fw.suggest })}
                description={localize(fw.message, locale)}
              />
            ))}
          </Form.Item>
        );
      })}
      {needsReason ? (
        <Form.Item
          label={t('handling.determinationReason')}
          htmlFor="ld-step-reason"
          required
          extra={t('handling.determinationHelp')}
          style={{ marginBottom: 14 }}
        >
          <Input.TextArea
            id="ld-step-reason"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={LIMITS.reason}
            autoSize={{ minRows: 2, maxRows: 6 }}
            data-testid="step-reason"
          />
        </Form.Item>
      ) : null}
      {unmatchedServer.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={unmatchedServer.map(([, m]) => m).join('；')}
        />
      ) : null}
      <Space wrap align="center">
        <Button
          type="primary"
          htmlType="submit"
          disabled={problemKeys.length > 0 || reasonMissing}
          loading={busy}
          data-testid="step-record"
        >
          {mode === 'rerecord'
            ? t('handling.reRecordSubmit')
            : step.step === 6
              ? t('handling.recordLast')
              : t('handling.record')}
        </Button>
        {onCancel ? (
          <Button onClick={onCancel} data-testid="step-rerecord-cancel">
            {t('handling.cancelEdit')}
          </Button>
        ) : null}
        <Typography.Text
          type={problemKeys.length > 0 || reasonMissing ? 'secondary' : 'success'}
          data-testid="step-status"
        >
          {problemKeys.length > 0
            ? t('handling.stillNeeded', {
                fields: problemKeys.map((f) => localize(f.label, locale)).join(locale === 'en' ? ', ' : '、'),
              })
            : reasonMissing
              ? t('handling.stillNeeded', { fields: t('handling.determinationReason') })
              : t('handling.ready')}
        </Typography.Text>
      </Space>
    </Form>
  );
}
