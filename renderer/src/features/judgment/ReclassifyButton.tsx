/**
 * Re-classifying a closed case (issue 12 item 5; `case.reclassify`, a
 * supervisor's act with a reason: docs/first-contact-resolution.md). On the
 * closed case's page, for supervisors and admins only: the dialog shows the
 * nature now, offers the others and asks for the reason; the header's nature
 * tag and the history show the new one. The core refuses anyone else (with
 * the act's message) and the same nature.
 */
import { useState } from 'react';
import { Button, Input, Radio, Typography } from 'antd';
import { TagsOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { NATURES, type Nature } from '../../../../shared/domain/cases/payloads';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { canOverride } from '../../stores/session';
import { settle } from '../handling/followUpShared';
import { useOpenCase } from '../handling/openCase';
import { JudgmentModal, Label } from './JudgmentModal';

function ReclassifyDialog({ detail, onClose }: { detail: CaseDetail; onClose(): void }) {
  const { t } = useTranslation();
  const [nature, setNature] = useState<Nature | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  // The nature now is offered disabled: re-classifying to it is refused by the core too.
  const ready = nature !== null && nature !== detail.nature && reason.trim() !== '';

  async function confirm() {
    if (!ready || busy || nature === null) return;
    setBusy(true);
    const r = await useOpenCase
      .getState()
      .write('case.reclassify', { caseId: detail.id, nature, reason: reason.trim() });
    setBusy(false);
    if (settle(r, null, [], t('caseJudgement.reclassifiedDone', { nature: t(`nature.values.${nature}`) }))) {
      onClose();
    }
  }

  return (
    <JudgmentModal
      title={t('caseJudgement.reclassifyTitle')}
      ok={t('caseJudgement.reclassifyOk')}
      ready={ready}
      busy={busy}
      testId="reclassify-dialog"
      dirty={reason.trim() !== ''}
      waiting={
        nature === null || nature === detail.nature ? t('judgment.wait.nature') : t('judgment.wait.reason')
      }
      onOk={() => void confirm()}
      onClose={onClose}
      afterOpen={() =>
        document.querySelector<HTMLInputElement>('[data-testid="reclassify-nature"] input')?.focus()
      }
    >
      {detail.nature ? (
        <Typography.Text type="secondary" data-testid="reclassify-now">
          {t('caseJudgement.reclassifyNow', { nature: t(`nature.values.${detail.nature}`) })}
        </Typography.Text>
      ) : null}
      <Label id="ld-reclassify-nature-label">{t('caseJudgement.reclassifyNature')}</Label>
      <Radio.Group
        aria-labelledby="ld-reclassify-nature-label"
        value={nature}
        onChange={(e) => setNature(e.target.value as Nature)}
        options={NATURES.map((n) => ({
          value: n,
          label: t(`nature.values.${n}`),
          disabled: n === detail.nature,
        }))}
        data-testid="reclassify-nature"
      />
      <Label htmlFor="ld-reclassify-reason">{t('caseJudgement.reclassifyReason')}</Label>
      <Input.TextArea
        id="ld-reclassify-reason"
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        maxLength={LIMITS.reason}
        autoSize={{ minRows: 2, maxRows: 5 }}
        placeholder={t('caseJudgement.reclassifyReasonHelp')}
        data-testid="reclassify-reason"
      />
    </JudgmentModal>
  );
}

/** "Change nature…" on a closed case's page: supervisors and admins only (nothing for anyone else). */
export function ReclassifyButton({ detail, me }: { detail: CaseDetail; me: StaffSummary | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (detail.status !== 'closed' || !canOverride(me)) return null;
  return (
    <>
      <Button icon={<TagsOutlined />} onClick={() => setOpen(true)} data-testid="case-reclassify">
        {t('caseJudgement.reclassify')}
      </Button>
      {open ? <ReclassifyDialog detail={detail} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
