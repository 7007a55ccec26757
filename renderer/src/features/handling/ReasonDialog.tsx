import { useRef, useState, type ReactNode } from 'react';
import { Input, Modal, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '../../../../shared/domain/kernel/limits';
import { draftText, noticeDraftKept } from '../../lib/useDraft';
import { saveDraft } from '../../stores/drafts';
import { onCtrlEnter } from '../../lib/keys';

interface Props {
  open: boolean;
  title: string;
  body: string;
  okText: string;
  danger?: boolean;
  /** Label of the reason box; no box when absent (a plain confirmation). */
  reasonLabel?: string;
  testId: string;
  /** Keep the reason as a draft under `key` until confirmed (issue 10); `what` names it in the notice. */
  draft?: { key: string; what: string };
  /** More to choose before confirming, shown under the body (the close dialogs' nature, issue 12). */
  children?: ReactNode;
  onCancel(): void;
  /** Resolves true when done (the dialog closes), false to stay open. */
  onConfirm(reason: string): Promise<boolean>;
}

/** A confirmation, optionally with a required reason. Esc cancels, Ctrl+Enter confirms. */
export function ReasonDialog({
  open,
  title,
  body,
  okText,
  danger,
  reasonLabel,
  testId,
  draft,
  children,
  onCancel,
  onConfirm,
}: Props) {
  const { t } = useTranslation();
  const draftKey = draft?.key;
  const [reason, setReasonState] = useState(() => (draftKey === undefined ? '' : draftText(draftKey)));
  // Opened again: the kept reason comes back.
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open && draftKey !== undefined) setReasonState(draftText(draftKey));
  }
  function setReason(next: string) {
    setReasonState(next);
    if (draftKey !== undefined) saveDraft(draftKey, next);
  }
  const [busy, setBusy] = useState(false);
  const [tried, setTried] = useState(false);
  const ref = useRef<TextAreaRef>(null);
  const needsReason = reasonLabel !== undefined;
  const missing = needsReason && reason.trim() === '';

  async function confirm() {
    if (busy) return;
    if (missing) {
      setTried(true);
      ref.current?.focus();
      return;
    }
    setBusy(true);
    const done = await onConfirm(reason.trim());
    setBusy(false);
    if (done) setReason('');
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{
        danger,
        disabled: missing,
        loading: busy,
        autoFocus: !needsReason,
        ...{ 'data-testid': `${testId}-ok` },
      }}
      cancelButtonProps={{ disabled: busy }}
      onOk={() => void confirm()}
      onCancel={() => {
        if (!busy) {
          setTried(false);
          if (draft) noticeDraftKept(draft.key, draft.what);
          onCancel();
        }
      }}
      afterOpenChange={(isOpen) => {
        if (isOpen && needsReason) ref.current?.focus();
      }}
      destroyOnHidden
      wrapProps={{ 'data-testid': testId }}
    >
      <Typography.Paragraph>{body}</Typography.Paragraph>
      {children}
      {needsReason ? (
        <>
          <label htmlFor={`${testId}-reason`} style={{ display: 'block', marginBottom: 4, fontWeight: 500 }}>
            {reasonLabel}
          </label>
          <Input.TextArea
            id={`${testId}-reason`}
            ref={ref}
            value={reason}
            status={tried && missing ? 'error' : undefined}
            onChange={(e) => setReason(e.target.value)}
            maxLength={LIMITS.reason}
            autoSize={{ minRows: 3, maxRows: 8 }}
            onKeyDown={(e) => onCtrlEnter(e, () => void confirm())}
            data-testid={`${testId}-reason`}
          />
          {tried && missing ? (
            <Typography.Text type="danger">{t('handling.reasonRequired')}</Typography.Text>
          ) : null}
        </>
      ) : null}
    </Modal>
  );
}
