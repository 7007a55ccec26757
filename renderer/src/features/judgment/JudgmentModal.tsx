/**
 * The dialog of a judgment act in the case view (escalate, review an
 * escalation, suspect, record facts, determine a malicious claim): OK only
 * when `ready`, spinning while `busy`, Cancel and Esc ignored while busy,
 * Ctrl+Enter for OK, emptied when closed. Testids: `testId` on the dialog,
 * `okTestId` (default `${testId}-ok`) on its OK button.
 */
import type { CSSProperties, KeyboardEvent, ReactNode } from 'react';
import { Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { onCtrlEnter } from '../../lib/keys';

export function JudgmentModal(props: {
  title: string;
  ok: string;
  ready: boolean;
  busy: boolean;
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
  return (
    <Modal
      open
      title={props.title}
      okText={props.ok}
      cancelText={t('common.cancel')}
      okButtonProps={{
        disabled: !props.ready,
        loading: props.busy,
        ...{ 'data-testid': props.okTestId ?? `${props.testId}-ok` },
      }}
      onOk={props.onOk}
      onCancel={() => !props.busy && props.onClose()}
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
