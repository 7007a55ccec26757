import { useEffect, useState } from 'react';
import { Alert, Button, Card, InputNumber, Select, Space, Spin, Typography } from 'antd';
import { FieldTimeOutlined, PhoneOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DEFAULT_DEADLINE_RULES, type HandlingRule } from '../../../../shared/domain/deadlines/rules';
import { callDesk } from '../../lib/desk';
import { useLabels } from '../../lib/labels';
import { clearErrors, showError, showSuccess } from '../../lib/notify';
import { useSession } from '../../stores/session';
import { errorAt, errorsElsewhere, errorsUnder, underPrefix, type FieldErrors } from './fieldErrors';
import {
  draftOf,
  FOLLOW_UP_RULES,
  rulesOf,
  sameRules,
  SEVERITIES,
  TIME_RULES,
  type RulesDraft,
  type ScalarSpec,
  type Severity,
} from './rulesDraft';
import { canEditSettings, useBranchSettings } from './settingsStore';
import { SettingsPageFrame, useRefusalFocus } from './SettingsPageFrame';
import './calendar.css';

const KINDS: readonly HandlingRule['kind'][] = ['workingMinutes', 'endOfWorkingDay', 'workingDays'];

/**
 * `#/settings/rules`: every deadline rule with its unit and DOMAIN.md's
 * default. An administrator changes them and saves them as one change
 * (Ctrl+Enter); the desk refuses a figure out of range on its field. A change
 * applies to complaints received from then on.
 */
export function RulesPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const role = useSession((s) => s.staff?.role);
  const view = useBranchSettings((s) => s.rules);
  const loadError = useBranchSettings((s) => s.error);
  const canEdit = canEditSettings(role);
  const [draft, setDraft] = useState<RulesDraft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const { page, refused } = useRefusalFocus();

  useEffect(() => {
    void useBranchSettings.getState().loadRules();
  }, []);

  if (!view) {
    return (
      <div className="ld-settings-page ld-settings-wide" data-testid="rules-page">
        {loadError ? <Alert type="error" showIcon title={loadError.message} /> : <Spin />}
      </div>
    );
  }

  const current = draft ?? draftOf(view.rules);
  const built = rulesOf(current);
  const dirty = draft !== null && (!('rules' in built) || !sameRules(built.rules, view.rules));
  const readOnly = !canEdit;

  function edit(next: RulesDraft) {
    setDraft(next);
  }

  async function save() {
    if (busy || !dirty) return;
    if (!('rules' in built)) {
      setErrors(Object.fromEntries(built.blank.map((p) => [p, t('rules.blank')])));
      refused();
      return;
    }
    setBusy(true);
    const r = await callDesk('settings.rules.set', { rules: built.rules });
    setBusy(false);
    if (r.ok) {
      useBranchSettings.getState().setRules(r.value);
      setDraft(null);
      setErrors({});
      clearErrors();
      showSuccess(t('rules.saved'));
      return;
    }
    showError(r.error);
    setErrors(underPrefix(r.error.fields, 'rules'));
    refused();
  }

  const unitText = (unit: ScalarSpec['unit'], n: number) => t(`rules.unit.${unit}`, { count: n });

  function scalarRow(spec: ScalarSpec) {
    const value = current.values[spec.key];
    const def = DEFAULT_DEADLINE_RULES[spec.key];
    const error = errorAt(errors, spec.key);
    return (
      <div key={spec.key} className="ld-rule-row" data-testid={`rule-${spec.key}`}>
        <div>
          <label className="ld-rule-label" htmlFor={`rule-input-${spec.key}`}>
            {t(`rules.items.${spec.key}.label`)}
          </label>
          <div className="ld-rule-help">{t(`rules.items.${spec.key}.help`)}</div>
        </div>
        <div className="ld-rule-value">
          {readOnly ? (
            <span data-testid={`rule-${spec.key}-value`}>
              {value} {unitText(spec.unit, value ?? 0)}
            </span>
          ) : (
            <>
              <InputNumber
                id={`rule-input-${spec.key}`}
                size="small"
                value={value}
                precision={0}
                style={{ width: 90 }}
                status={error ? 'error' : undefined}
                aria-invalid={error !== undefined}
                title={t('rules.range', { min: spec.min, max: spec.max })}
                onChange={(v) => edit({ ...current, values: { ...current.values, [spec.key]: v } })}
                data-testid={`rule-${spec.key}-input`}
              />
              <span>{unitText(spec.unit, value ?? 0)}</span>
            </>
          )}
          <span
            className={`ld-rule-default${value !== def ? ' ld-rule-changed' : ''}`}
            data-testid={`rule-${spec.key}-default`}
          >
            {t('rules.defaultIs', { value: `${def} ${unitText(spec.unit, def)}` })}
          </span>
          {error ? (
            <div className="ld-field-errors" role="alert" style={{ width: '100%' }}>
              {error}
            </div>
          ) : null}
        </div>
      </div>
    );
  }

  function handlingText(rule: HandlingRule): string {
    if (rule.kind === 'endOfWorkingDay') return t('rules.kind.endOfWorkingDay');
    if (rule.kind === 'workingMinutes')
      return `${rule.minutes} ${t('rules.unit.workingMinutes', { count: rule.minutes })}`;
    return `${rule.days} ${t('rules.unit.workingDays', { count: rule.days })}`;
  }

  function handlingRow(sev: Severity) {
    const h = current.handling[sev];
    const def = DEFAULT_DEADLINE_RULES.handling[sev];
    const path = `handling.${sev}`;
    const messages = errorsUnder(errors, path);
    const figure = h.kind === 'workingMinutes' ? h.minutes : h.kind === 'workingDays' ? h.days : null;
    const figureError =
      errorAt(errors, `${path}.minutes`) ?? errorAt(errors, `${path}.days`) ?? errorAt(errors, path);
    const asRule: HandlingRule | null =
      h.kind === 'endOfWorkingDay'
        ? { kind: h.kind }
        : figure === null
          ? null
          : h.kind === 'workingMinutes'
            ? { kind: h.kind, minutes: figure }
            : { kind: h.kind, days: figure };
    const changed = asRule === null || JSON.stringify(asRule) !== JSON.stringify(def);
    const put = (patch: Partial<typeof h>) =>
      edit({ ...current, handling: { ...current.handling, [sev]: { ...h, ...patch } } });
    return (
      <div key={sev} className="ld-rule-row" data-testid={`rule-handling-${sev}`}>
        <div>
          <label className="ld-rule-label" htmlFor={`rule-kind-${sev}`}>
            {t('rules.handlingLabel', { severity: labels.severity(sev) })}
          </label>
          <div className="ld-rule-help">{t(`rules.handlingHelp.${sev}`)}</div>
        </div>
        <div className="ld-rule-value">
          {readOnly ? (
            <span data-testid={`rule-handling-${sev}-value`}>
              {h.kind === 'endOfWorkingDay'
                ? t('rules.kind.endOfWorkingDay')
                : `${figure ?? ''} ${t(`rules.unit.${h.kind}`, { count: figure ?? 0 })}`}
            </span>
          ) : (
            <>
              <Select
                id={`rule-kind-${sev}`}
                size="small"
                style={{ width: 160 }}
                value={h.kind}
                options={KINDS.map((k) => ({ value: k, label: t(`rules.kind.${k}`) }))}
                onChange={(kind: HandlingRule['kind']) => put({ kind })}
                data-testid={`rule-handling-${sev}-kind`}
              />
              {h.kind === 'endOfWorkingDay' ? null : (
                <InputNumber
                  size="small"
                  value={figure}
                  precision={0}
                  style={{ width: 72 }}
                  status={figureError ? 'error' : undefined}
                  aria-invalid={figureError !== undefined}
                  aria-label={`${labels.severity(sev)} ${t(`rules.kind.${h.kind}`)}`}
                  onChange={(v) => put(h.kind === 'workingMinutes' ? { minutes: v } : { days: v })}
                  data-testid={`rule-handling-${sev}-input`}
                />
              )}
            </>
          )}
          <span className={`ld-rule-default${changed ? ' ld-rule-changed' : ''}`}>
            {t('rules.defaultIs', { value: handlingText(def) })}
          </span>
          {messages.length > 0 ? (
            <div className="ld-field-errors" role="alert" style={{ width: '100%' }}>
              {messages.join(' ')}
            </div>
          ) : null}
        </div>
      </div>
    );
  }

  const scalarKeys = [...TIME_RULES, ...FOLLOW_UP_RULES].map((s) => s.key as string);
  const elsewhere = errorsElsewhere(errors, [...scalarKeys, 'handling']);

  return (
    <SettingsPageFrame
      page={page}
      testId="rules-page"
      title={t('rules.title')}
      setBy={view.setBy}
      setByTestId="rules-set-by"
      note={readOnly ? t('rules.readOnly') : t('rules.intro')}
      canEdit={canEdit}
      dirty={dirty}
      busy={busy}
      canDiscard={draft !== null}
      onDiscard={() => {
        setDraft(null);
        setErrors({});
      }}
      onSave={() => void save()}
      saveLabel={t('rules.save')}
      buttonTestIds={{ discard: 'rules-discard', save: 'rules-save' }}
      actions={
        <>
          {dirty ? <Typography.Text type="warning">{t('calendar.unsaved')}</Typography.Text> : null}
          <Button
            onClick={() => {
              setDraft(draftOf(DEFAULT_DEADLINE_RULES));
              setErrors({});
            }}
            data-testid="rules-defaults"
          >
            {t('rules.useDefaults')}
          </Button>
        </>
      }
    >
      {view.flags > 0 ? (
        <Alert type="warning" showIcon title={t('calendar.flags', { n: view.flags })} />
      ) : null}
      {elsewhere.length > 0 ? (
        <Alert type="error" showIcon title={elsewhere.join(' ')} data-testid="rules-errors" />
      ) : null}
      <div className="ld-rules-grid">
        <Card
          size="small"
          title={
            <Space>
              <FieldTimeOutlined />
              {t('rules.sectionTimes')}
            </Space>
          }
        >
          {scalarRow(TIME_RULES[0]!)}
          {SEVERITIES.map(handlingRow)}
          {TIME_RULES.slice(1).map(scalarRow)}
        </Card>
        <Card
          size="small"
          title={
            <Space>
              <PhoneOutlined />
              {t('rules.sectionFollowUp')}
            </Space>
          }
        >
          {FOLLOW_UP_RULES.map(scalarRow)}
        </Card>
      </div>
    </SettingsPageFrame>
  );
}
