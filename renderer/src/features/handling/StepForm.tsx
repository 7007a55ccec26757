/**
 * The capture form of one step at the counter's pace (issue 10, decision 0025):
 * fields start from the script's prefills (marked, editable, sent like typed
 * values); must-tick boxes are attested by the record button, which says what
 * it attests; Ctrl+Enter anywhere in the form records; step 6 records and
 * closes in one action. The desk core still refuses a step without its
 * attestations: the button sends them as true, nothing more.
 */
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Form, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { FieldValue, Nature, StepNumber } from '../../../../shared/domain/cases/payloads';
import type { HandlingScript, ScriptStep, Taxonomy } from '../../../../shared/domain/cases/script';
import {
  customerFacingFields,
  findForbiddenWords,
  validateStepFields,
} from '../../../../shared/domain/cases/scriptRules';
import { isReadOnly, resolvePrefill, withCaseValues } from '../../../../shared/domain/cases/scriptPrefill';
import { localize } from '../../../../shared/domain/kernel/locale';
import { showError, showSuccess } from '../../lib/notify';
import { useDraftKeptNotice } from '../../lib/useDraft';
import { useLocale } from '../../i18n';
import { useSession } from '../../stores/session';
import { useOpenCase } from './openCase';
import { StepFieldInput } from './StepFieldInput';
import { CONTACT_COUNT_FIELD, ContactCountField } from './ContactCountField';
import { cleanFields, draftKey, dropDraft, getDraft, saveDraft, type Draft } from './fieldValues';
import { attestations, focusTarget, startingDraft, withPrefills } from './stepPace';
import { usePrefillContext } from './usePrefill';
import { DEFAULT_NATURE, NatureSelect } from './NatureSelect';
import { CaseFactField } from '../judgment/CaseFactField';
import { NoConcessionWarning } from '../judgment/NoConcessionWarning';

interface Props {
  detail: CaseDetail;
  script: HandlingScript;
  taxonomy: Taxonomy;
  step: ScriptStep;
  mode: 'record' | 'rerecord';
  initial: Record<string, FieldValue> | undefined;
  onCancel: (() => void) | undefined;
  onRecorded(detail: CaseDetail): void;
}

export function StepForm({ detail, script, taxonomy, step, mode, initial, onCancel, onRecorded }: Props) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const key = draftKey(detail.id, step.step, mode);
  const ctx = usePrefillContext(detail, step);
  const [draft, setDraft] = useState<Draft>(() => getDraft(key) ?? startingDraft(step, initial, ctx));
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const me = useSession((s) => s.staff);
  const busyRef = useRef(false);

  // Kept as a draft once the clerk has changed something (prefills alone are not work to keep).
  useEffect(() => {
    if (touched.size > 0) saveDraft(key, draft);
  }, [key, draft, touched]);
  useDraftKeptNotice(key, t('pace.stepDraft', { number: detail.number, n: step.step }));

  // A prefill that arrives later (the derived result deadline) fills a field the clerk
  // has not touched: a field they cleared holds null or '', never undefined.
  const values = useMemo(
    () => (mode === 'record' ? withPrefills(step, draft, ctx) : draft),
    [mode, step, draft, ctx],
  );

  // Step 6's contact count is the number of contact records (the desk fills it in).
  const contactCount = detail.contacts.length;
  const attested = useMemo(() => step.fields.filter((f) => f.mustBeTrue === true), [step.fields]);
  const fields = useMemo(() => {
    const out = cleanFields(
      step.fields,
      step.fields.some((f) => f.key === CONTACT_COUNT_FIELD)
        ? { ...values, [CONTACT_COUNT_FIELD]: contactCount }
        : values,
    );
    // The record action is the attestation: the event carries each box as true.
    for (const f of attested) out[f.key] = true;
    // Read-only fields carry the case's value (issue 12; the core records the same).
    return withCaseValues(step.fields, out, ctx.escalation);
  }, [step.fields, values, contactCount, attested, ctx.escalation]);
  const problems = useMemo(
    () => validateStepFields(step, fields, taxonomy, locale),
    [step, fields, taxonomy, locale],
  );
  const problemKeys = step.fields.filter((f) => problems[f.key] !== undefined);
  const facing = useMemo(() => new Set(customerFacingFields(step).map((f) => f.key)), [step]);
  const attests = attestations(step, values, taxonomy, locale);
  // Step 6, first recorded here: the primary action also closes the case (no dialog).
  const closes = step.step === 6 && mode === 'record' && detail.status !== 'closed';
  // Issue 12: the nature the close records, chosen beside the button that closes.
  const [nature, setNature] = useState<Nature>(DEFAULT_NATURE);
  const focusKey = focusTarget(step, values);

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

  async function submit(andClose: boolean) {
    if (busyRef.current) return;
    if (problemKeys.length > 0) {
      setTouched(new Set(step.fields.map((f) => f.key)));
      document.getElementById(`ld-field-${problemKeys[0]?.key ?? ''}`)?.focus();
      return;
    }
    busyRef.current = true;
    setBusy(true);
    const open = useOpenCase.getState();
    const r = await open.write('case.recordStep', {
      caseId: detail.id,
      step: step.step as StepNumber,
      fields,
    });
    if (!r.ok) {
      busyRef.current = false;
      setBusy(false);
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
    if (andClose) {
      // Two events, as two acts: the step is recorded even if closing is refused.
      const c = await open.write('case.close', { caseId: detail.id, nature });
      busyRef.current = false;
      setBusy(false);
      if (!c.ok) {
        showError(c.error);
        onRecorded(r.value);
        return;
      }
      showSuccess(t('pace.recordedAndClosed'));
      onRecorded(c.value);
      return;
    }
    busyRef.current = false;
    setBusy(false);
    showSuccess(t('handling.stepSaved', { n: step.step }));
    onRecorded(r.value);
  }

  const unmatchedServer = Object.entries(serverErrors).filter(([k]) => !step.fields.some((f) => f.key === k));
  const stillNeeded =
    problemKeys.length > 0
      ? t('handling.stillNeeded', {
          fields: problemKeys.map((f) => localize(f.label, locale)).join(locale === 'en' ? ', ' : '、'),
        })
      : null;
  const actionText =
    mode === 'rerecord'
      ? t('handling.reRecordSubmit')
      : closes
        ? t('pace.recordAndClose')
        : t('handling.record');

  return (
    <Form
      layout="horizontal"
      labelCol={{ flex: locale === 'en' ? '164px' : '128px' }}
      labelAlign="left"
      labelWrap
      wrapperCol={{ flex: 1 }}
      onFinish={() => void submit(closes)}
      data-testid="step-form"
      className="ld-step-form"
      disabled={busy}
      // Ctrl+Enter in any field records the step (and, at step 6, closes): caught
      // before the field sees it, so a list or date picker does not also act on Enter.
      onKeyDownCapture={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          e.stopPropagation();
          void submit(closes);
        }
      }}
    >
      {/* Review #10: where something is said or offered to the customer (step 4's proposal,
          step 6's result, which also closes), a malicious determination's rule and offer. */}
      {facing.size > 0 ? <NoConcessionWarning detail={detail} testId="step-no-concession" /> : null}
      {step.fields.map((f) => {
        if (f.mustBeTrue) return null; // attested by the record button
        // Problems show once a field was changed (or recording was tried), not on a
        // mere blur: the status line beside the button already lists what is missing.
        const problem = serverErrors[f.key] ?? (touched.has(f.key) ? problems[f.key] : undefined);
        const value = values[f.key];
        const prefilled = value !== undefined && mode === 'record' && value === resolvePrefill(f, ctx);
        const forbidden =
          facing.has(f.key) && typeof value === 'string' ? findForbiddenWords(value, script) : [];
        const help = f.help ? localize(f.help, locale) : undefined;
        return (
          <Form.Item
            key={f.key}
            label={f.kind === 'boolean' ? <span /> : localize(f.label, locale)}
            // A box carries its label itself: no colon after the empty label column.
            colon={f.kind !== 'boolean'}
            tooltip={help}
            htmlFor={`ld-field-${f.key}`}
            required={f.required}
            validateStatus={problem ? 'error' : undefined}
            help={problem ? <span data-testid={`step-error-${f.key}`}>{problem}</span> : undefined}
          >
            {f.key === CONTACT_COUNT_FIELD && f.kind === 'number' ? (
              <ContactCountField id={`ld-field-${f.key}`} count={contactCount} />
            ) : isReadOnly(f) ? (
              <CaseFactField
                field={f}
                value={fields[f.key]}
                detail={detail}
                me={me}
                taxonomy={taxonomy}
                locale={locale}
              />
            ) : (
              <FieldRow
                grow={f.kind === 'text' || f.kind === 'longtext'}
                mark={
                  prefilled ? (
                    <Tag className="ld-prefilled" data-testid={`step-prefilled-${f.key}`}>
                      {t('pace.prefilled')}
                    </Tag>
                  ) : null
                }
              >
                <StepFieldInput
                  field={f}
                  value={value}
                  onChange={(v) => change(f.key, v)}
                  taxonomy={taxonomy}
                  locale={locale}
                  autoFocus={f.key === focusKey}
                  invalid={problem !== undefined}
                  placeholder={help}
                />
              </FieldRow>
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
      {unmatchedServer.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={unmatchedServer.map(([, m]) => m).join(locale === 'en' ? '; ' : '；')}
        />
      ) : null}
      {closes ? <NatureSelect value={nature} onChange={setNature} testId="step-close-nature" /> : null}
      <div className="ld-step-actions">
        <Button
          type="primary"
          htmlType="submit"
          disabled={stillNeeded !== null}
          loading={busy}
          data-testid="step-record"
          data-closes={closes ? 'true' : 'false'}
        >
          {attests.length > 0 ? (
            <span>
              {attests.map((a, i) => (
                <span key={a.key} data-testid={`step-attest-${a.key}`}>
                  {i > 0 ? t('pace.attestJoin') : ''}
                  {a.text}
                </span>
              ))}
              {t('pace.attestThen', { action: actionText })}
            </span>
          ) : (
            actionText
          )}
        </Button>
        {closes ? (
          <Button
            onClick={() => void submit(false)}
            disabled={stillNeeded !== null}
            data-testid="step-record-only"
          >
            {t('pace.recordOnly')}
          </Button>
        ) : null}
        {onCancel ? (
          <Button onClick={onCancel} data-testid="step-rerecord-cancel">
            {t('handling.cancelEdit')}
          </Button>
        ) : null}
        <Typography.Text type={stillNeeded ? 'secondary' : 'success'} data-testid="step-status">
          {stillNeeded ?? t('pace.readyKeys')}
        </Typography.Text>
      </div>
    </Form>
  );
}

/** A field's input with the "prefilled" mark after it (kept out of the label so labels stay one line). */
function FieldRow({ grow, mark, children }: { grow: boolean; mark: ReactNode; children: ReactNode }) {
  if (!mark) return <>{children}</>;
  return (
    <div className="ld-field-row">
      <div className={grow ? 'ld-field-grow' : undefined}>{children}</div>
      {mark}
    </div>
  );
}
