import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';

/**
 * Issue 12 on the case view's header: 重复投诉 when the same customer
 * complained within the repeat window before (· 同类 when about the same category), the nature the case was closed
 * with, and whether it was resolved at first contact (docs/first-contact-resolution.md).
 */
export function CaseJudgement({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <>
      {detail.repeat ? (
        <Tooltip
          title={t(detail.repeatSameCategory ? 'caseJudgement.repeatSameHelp' : 'caseJudgement.repeatHelp')}
        >
          <Tag
            color="volcano"
            data-testid="case-repeat"
            data-same-category={detail.repeatSameCategory ? 'true' : 'false'}
          >
            {t(detail.repeatSameCategory ? 'caseJudgement.repeatSame' : 'caseJudgement.repeat')}
          </Tag>
        </Tooltip>
      ) : null}
      {detail.nature ? (
        <Tag data-testid="case-nature" data-nature={detail.nature}>
          {t('caseJudgement.nature', { nature: t(`nature.values.${detail.nature}`) })}
        </Tag>
      ) : null}
      {detail.fcr === true || detail.fcr === false ? (
        <Tooltip title={t('caseJudgement.fcrHelp')}>
          <Tag color={detail.fcr ? 'green' : 'default'} data-testid="case-fcr" data-fcr={String(detail.fcr)}>
            {detail.fcr ? t('caseJudgement.fcrYes') : t('caseJudgement.fcrNo')}
          </Tag>
        </Tooltip>
      ) : null}
    </>
  );
}
