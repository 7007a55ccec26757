/**
 * What the step panel shows on a closed case whose viewed step was never
 * recorded (review 12 #11): a case closed early, e.g. after a malicious
 * determination, has no step 1 to do, so "第 1 步 … 请先完成前面的步骤" would
 * tell the clerk to work on a finished case. Instead: when and how it closed,
 * by whom and why (an early close's reason), its nature, the steps recorded,
 * and, for a malicious claim, the written offer that was the answer.
 */
import { Descriptions, Typography } from 'antd';
import { CheckCircleTwoTone } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import { formatDateTime } from '../../lib/format';
import { NoConcessionWarning } from '../judgment/NoConcessionWarning';

/** The last close of the case in its timeline (a reopened and closed again case shows the latest). */
function lastClose(detail: CaseDetail): { by: string; reason: string | null } | null {
  const e = [...detail.timeline].reverse().find((x) => x.type === 'case.closed');
  if (!e) return null;
  const p = e.payload as { overrideReason?: unknown } | null;
  const reason =
    typeof p?.overrideReason === 'string' && p.overrideReason.trim() !== '' ? p.overrideReason : null;
  return { by: e.actorName, reason };
}

export function ClosedSummary({ detail, stepCount }: { detail: CaseDetail; stepCount: number }) {
  const { t } = useTranslation();
  const close = lastClose(detail);
  const recorded = Object.keys(detail.steps).length;
  return (
    <div data-testid="closed-summary">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <CheckCircleTwoTone twoToneColor="#52c41a" /> {t('judgmentCues.closedTitle')}
      </Typography.Title>
      <NoConcessionWarning detail={detail} testId="closed-no-concession" />
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('judgmentCues.closedAt')}>
          <span data-testid="closed-summary-at">{formatDateTime(detail.closedAt)}</span>
        </Descriptions.Item>
        {close ? (
          <Descriptions.Item label={t('judgmentCues.closedBy')}>
            <span data-testid="closed-summary-by">{close.by}</span>
          </Descriptions.Item>
        ) : null}
        {close?.reason ? (
          <Descriptions.Item label={t('judgmentCues.closedEarlyReason')}>
            <span data-testid="closed-summary-reason">{close.reason}</span>
          </Descriptions.Item>
        ) : null}
        {detail.nature ? (
          <Descriptions.Item label={t('nature.label')}>
            <span data-testid="closed-summary-nature">{t(`nature.values.${detail.nature}`)}</span>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('judgmentCues.stepsRecorded')}>
          <span data-testid="closed-summary-steps">
            {t('judgmentCues.stepsRecordedValue', { n: recorded, total: stepCount })}
          </span>
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}
