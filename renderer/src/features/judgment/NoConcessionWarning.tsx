/**
 * 不作让步 / No concession (issue 12, review #10): once a supervisor has
 * determined a claim malicious (`noConcession` in shared/domain/cases/malice.ts),
 * the case closes with no concession and the determination's written offer is
 * what the customer is given. Shown where a clerk could still concede: step 4's
 * proposal form and the close dialogs. A warning, not a block: decision 0031
 * keeps the steps recordable (the record of what was said must stay complete,
 * and a determination can be revised), so the screen states the rule and the
 * offer beside the form instead.
 */
import { Alert, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';

export function NoConcessionWarning({ detail, testId }: { detail: CaseDetail; testId: string }) {
  const { t } = useTranslation();
  const m = detail.malice;
  if (!m?.noConcession) return null;
  const offer = m.determination?.offer.trim() ?? '';
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid={testId}
      title={t('judgmentCues.noConcessionTitle')}
      description={
        <>
          <div>{t('judgmentCues.noConcessionBody')}</div>
          <div>
            <Typography.Text strong>{t('judgmentCues.writtenOffer')}</Typography.Text>
            <span data-testid={`${testId}-offer`}>{offer === '' ? t('judgmentCues.noOffer') : offer}</span>
          </div>
        </>
      }
    />
  );
}
