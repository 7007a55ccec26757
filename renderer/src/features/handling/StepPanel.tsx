import { useState } from 'react';
import { Typography } from 'antd';
import { CheckCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { HandlingScript, ScriptStep, Taxonomy } from '../../../../shared/domain/cases/script';
import { localize } from '../../../../shared/domain/kernel/locale';
import { useLocale } from '../../i18n';
import { RecordedValues } from './RecordedValues';
import { StepForm } from './StepForm';
import { GuideToggle, StepGuide, useGuideOpen } from './StepGuide';
import './pace.css';

interface Props {
  detail: CaseDetail;
  script: HandlingScript;
  taxonomy: Taxonomy;
  step: ScriptStep;
  /** Is this the step in progress? Never on a closed case (currentStep.ts). */
  isCurrent: boolean;
  /** May this clerk record steps (role) and is the case open? */
  editable: boolean;
  onRecorded(detail: CaseDetail, step: number): void;
}

/**
 * One step of the script: the capture form (or the recorded values) on the
 * left, from the top of the panel; the goal, phrasing and taboos beside it,
 * foldable (decision 0025).
 */
export function StepPanel({ detail, script, taxonomy, step, isCurrent, editable, onRecorded }: Props) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const recorded = detail.steps[String(step.step)];
  const reachable = recorded !== undefined || isCurrent;
  const [reRecording, setReRecording] = useState(false);
  const [guideOpen, setGuideOpen] = useGuideOpen();
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
    <div data-testid="step-panel" data-step={step.step} data-mode={mode} data-current={isCurrent}>
      <div className="ld-step-head">
        <Typography.Title level={5} data-testid="step-title">
          {t('handling.stepTitle', { n: step.step, title: localize(step.title, locale) })}
          {recorded !== undefined ? (
            <span className="ld-muted" style={{ fontWeight: 400, fontSize: 13, marginInlineStart: 8 }}>
              <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('handling.recorded')}
            </span>
          ) : null}
        </Typography.Title>
        <GuideToggle open={guideOpen} onToggle={setGuideOpen} />
      </div>

      <div className={guideOpen ? 'ld-step-body' : 'ld-step-body ld-guide-folded'}>
        <div className="ld-step-fields" aria-label={t('handling.fieldsTitle')}>
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
        {guideOpen ? <StepGuide step={step} /> : null}
      </div>
    </div>
  );
}
