/**
 * The dialog of a judgment act in the case view (escalate, review an
 * escalation, suspect, record facts, determine a malicious claim): OK only
 * when `ready`, spinning while `busy`, Cancel and Esc ignored while busy,
 * Ctrl+Enter for OK, emptied when closed. While `dirty` (text typed), Esc,
 * Cancel and × ask before they throw it away, and a click beside the dialog
 * never closes it. Testids: `testId` on the dialog, `okTestId` (default
 * `${testId}-ok`) on its OK button, `discard-confirm` on the question.
 * While not ready, `waiting` (what is still missing) shows beside the
 * buttons, so a greyed-out OK says why (`${testId}-waiting`).
 */
import type { CSSProperties, KeyboardEvent, ReactNode } from 'react';
import { App, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { onCtrlEnter } from '../../lib/keys';

export function JudgmentModal(props: {
  title: string;
  ok: string;
  ready: boolean;
  busy: boolean;
  /** What must still be given before OK can be pressed (shown while not `ready`). */
  waiting?: string | null;
  /** Something was typed that closing would lose: closing asks first. */
  dirty?: boolean;
  testId: string;
  okTestId?: string;
  /** Wider and near the top, so a long form and its buttons fit 1366x768. */
  tall?: boolean;
  /** Once the dialog is shown (e.g. to focus its first control). */
  afterOpen?(): void;
  onOk(): void;
  onClose(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  function close() {
    if (props.busy) return;
    if (!props.dirty) {
      props.onClose();
      return;
    }
    // Keeping the text is the default: Enter or Esc on the question goes back to the form.
    void modal.confirm({
      title: t('judgment.discardTitle'),
      content: t('judgment.discardBody'),
      okText: t('judgment.discard'),
      okButtonProps: { danger: true, ...{ 'data-testid': 'discard-confirm-ok' } },
      cancelText: t('judgment.keepEditing'),
      cancelButtonProps: { ...{ 'data-testid': 'discard-confirm-keep' } },
      autoFocusButton: 'cancel',
      wrapClassName: 'ld-discard-confirm',
      onOk: () => props.onClose(),
    });
  }
  const waitingId = `${props.testId}-waiting`;
  const waiting = !props.ready && !props.busy && props.waiting ? props.waiting : null;
  return (
    <Modal
      open
      title={props.title}
      okText={props.ok}
      cancelText={t('common.cancel')}
      okButtonProps={{
        disabled: !props.ready,
        loading: props.busy,
        'aria-describedby': waiting ? waitingId : undefined,
        ...{ 'data-testid': props.okTestId ?? `${props.testId}-ok` },
      }}
      onOk={props.onOk}
      onCancel={close}
      footer={(buttons) => (
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'flex-end', gap: 8 }}>
          {waiting ? (
            <Typography.Text
              type="secondary"
              id={waitingId}
              data-testid={waitingId}
              style={{ flex: 1, textAlign: 'left' }}
            >
              {waiting}
            </Typography.Text>
          ) : null}
          {buttons}
        </div>
      )}
      maskClosable={!props.dirty}
      destroyOnHidden
      {...(props.tall ? { width: 560, style: { top: 16 } } : {})}
      afterOpenChange={(open) => {
        if (open) props.afterOpen?.();
      }}
      wrapProps={{
        'data-testid': props.testId,
        onKeyDown: (e: KeyboardEvent<HTMLElement>) => onCtrlEnter(e, props.onOk),
      }}
    >
      {props.children}
    </Modal>
  );
}

const LABEL: CSSProperties = { display: 'block', fontWeight: 500, margin: '6px 0 2px' };

/**
 * The label of a control in a judgment dialog: a `<label>` for the control
 * `htmlFor` names, else a heading `id` a group names with aria-labelledby.
 */
export function Label({ htmlFor, id, children }: { htmlFor?: string; id?: string; children: ReactNode }) {
  if (htmlFor !== undefined) {
    return (
      <label htmlFor={htmlFor} id={id} style={LABEL}>
        {children}
      </label>
    );
  }
  return (
    <div id={id} style={LABEL}>
      {children}
    </div>
  );
}
