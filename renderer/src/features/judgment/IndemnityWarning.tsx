/**
 * The 赔偿 warning under a customer-facing text (issue 12; shared/domain/cases/
 * malice.ts findIndemnity): shown while the text says 赔偿. The desk says 补偿.
 */
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { findIndemnity } from '../../../../shared/domain/cases/malice';

export function IndemnityWarning({ text, testId = 'indemnity-warning' }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  if (findIndemnity(text).length === 0) return null;
  return <Alert type="warning" showIcon title={t('malice.indemnityWarning')} data-testid={testId} />;
}
