/**
 * Pause and resume of a case's handling clock, in the case header: a paused
 * case shows an orange tag (why, since when) and a "resume" button; an open
 * one a "pause" button. Either asks in a small dialog (a reason for pausing:
 * waiting for the customer, for parts, for a third party; an optional note).
 */
import { useState, type KeyboardEvent } from 'react';
import { Button, Input, Modal, Radio, Tag, Tooltip, Typography } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import { PAUSE_REASONS, type PauseReason } from '../../../../shared/domain/cases/payloads';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { formatDateTime } from '../../lib/format';
import { settle } from './followUpShared';
import { useOpenCase } from './openCase';
import { onCtrlEnter } from '../../lib/keys';

/** The open pause of the case, if any (only the last one can be open). */
export function openPauseOf(detail: Pick<CaseDetail, 'pauses'>) {
  const last = detail.pauses[detail.pauses.length - 1];
  return last && last.to === null ? last : null;
}

/** The header tag of a paused case (nothing when it runs). */
export function PausedTag({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const pause = openPauseOf(detail);
  if (!pause) return null;
  return (
    <Tooltip
      title={
        <>
          {t('followUp.pause.since', { at: formatDateTime(pause.from) })}
          {pause.note ? <div>{pause.note}</div> : null}
        </>
      }
    >
      <Tag color="orange" icon={<PauseCircleOutlined />} data-testid="case-paused" data-reason={pause.reason}>
        {t('followUp.pause.paused', { reason: t(`followUp.pause.reasons.${pause.reason}`) })}
      </Tag>
    </Tooltip>
  );
}

/** The pause or resume button and its dialog; nothing on a closed case. */
export function PauseControl({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState(false);
  const [reason, setReason] = useState<PauseReason | null>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const paused = openPauseOf(detail) !== null;
  if (detail.status === 'closed') return null;

  function openDialog() {
    setReason(null);
    setNote('');
    setDialog(true);
  }

  async function confirm() {
    if (busy || (!paused && reason === null)) return;
    setBusy(true);
    const r = paused
      ? await useOpenCase.getState().write('case.resume', { caseId: detail.id, note: note.trim() })
      : await useOpenCase
          .getState()
          .write('case.pause', { caseId: detail.id, reason: reason ?? 'customer', note: note.trim() });
    setBusy(false);
    if (settle(r, null, [], t(paused ? 'followUp.pause.resumedDone' : 'followUp.pause.pausedDone'))) {
      setDialog(false);
    }
  }

  return (
    <>
      <Button
        icon={paused ? <PlayCircleOutlined /> : <PauseCircleOutlined />}
        onClick={openDialog}
        data-testid={paused ? 'case-resume' : 'case-pause'}
      >
        {paused ? t('followUp.pause.resume') : t('followUp.pause.pause')}
      </Button>
      <Modal
        open={dialog}
        title={paused ? t('followUp.pause.resumeTitle') : t('followUp.pause.title')}
        okText={paused ? t('followUp.pause.resumeConfirm') : t('followUp.pause.confirm')}
        cancelText={t('common.cancel')}
        okButtonProps={{
          disabled: !paused && reason === null,
          loading: busy,
          ...{ 'data-testid': 'pause-dialog-ok' },
        }}
        cancelButtonProps={{ disabled: busy }}
        onOk={() => void confirm()}
        onCancel={() => !busy && setDialog(false)}
        destroyOnHidden
        // The keyboard starts on the reason (arrow keys choose), or on the note when resuming.
        afterOpenChange={(isOpen) => {
          if (!isOpen) return;
          const first = paused
            ? document.getElementById('ld-pause-note')
            : document.querySelector<HTMLInputElement>('[data-testid="pause-reason"] input[type="radio"]');
          first?.focus();
        }}
        wrapProps={{
          'data-testid': 'pause-dialog',
          onKeyDown: (e: KeyboardEvent<HTMLElement>) => onCtrlEnter(e, () => void confirm()),
        }}
      >
        <Typography.Paragraph>
          {paused ? t('followUp.pause.resumeBody') : t('followUp.pause.body')}
        </Typography.Paragraph>
        {!paused ? (
          <>
            <div id="ld-pause-reason-label" style={{ fontWeight: 500, marginBottom: 4 }}>
              {t('followUp.pause.reason')}
            </div>
            <Radio.Group
              name="ld-pause-reason"
              aria-labelledby="ld-pause-reason-label"
              value={reason}
              onChange={(e) => setReason(e.target.value as PauseReason)}
              style={{ display: 'flex', flexDirection: 'column', gap: 6, marginBottom: 12 }}
              options={PAUSE_REASONS.map((r) => ({ value: r, label: t(`followUp.pause.reasons.${r}`) }))}
              data-testid="pause-reason"
            />
          </>
        ) : null}
        <label htmlFor="ld-pause-note" style={{ display: 'block', fontWeight: 500, marginBottom: 4 }}>
          {t('followUp.pause.noteLabel')}
        </label>
        <Input.TextArea
          id="ld-pause-note"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          maxLength={LIMITS.noteText}
          autoSize={{ minRows: 2, maxRows: 6 }}
          data-testid="pause-note"
        />
      </Modal>
    </>
  );
}
