import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Button, Space, Typography } from 'antd';
import { SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SetBy } from '../../../../shared/contract/methods/settings';
import { formatDateTime } from '../../lib/format';
import { focusFirstInvalid } from './fieldErrors';
import { onCtrlEnter } from '../../lib/keys';

/**
 * The page element and a `refused()` to call when a save is refused: once the
 * refusal's marks are drawn, the first marked input takes the focus.
 */
export function useRefusalFocus(): { page: RefObject<HTMLDivElement | null>; refused(): void } {
  const page = useRef<HTMLDivElement>(null);
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals > 0) focusFirstInvalid(page.current);
  }, [refusals]);
  return { page, refused: () => setRefusals((n) => n + 1) };
}

/**
 * A branch settings page an administrator edits and saves as one change: the
 * heading with who set it last, the page's own actions then discard and save
 * (administrators only), and Ctrl+Enter to save when there is something to save.
 */
export function SettingsPageFrame({
  page,
  testId,
  buttonTestIds,
  title,
  setBy,
  setByTestId,
  note,
  canEdit,
  dirty,
  busy,
  canDiscard,
  onDiscard,
  onSave,
  saveLabel,
  actions,
  children,
}: {
  page: RefObject<HTMLDivElement | null>;
  testId: string;
  buttonTestIds: { discard: string; save: string };
  title: string;
  setBy: z.infer<typeof SetBy>;
  setByTestId: string;
  /** After who set it: what a reader or an editor can do here. */
  note: string;
  canEdit: boolean;
  dirty: boolean;
  busy: boolean;
  canDiscard: boolean;
  onDiscard(): void;
  onSave(): void;
  saveLabel: string;
  /** Shown before discard and save. */
  actions: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div
      ref={page}
      className="ld-settings-page ld-settings-wide"
      data-testid={testId}
      onKeyDown={(e) =>
        onCtrlEnter(e, () => {
          if (canEdit && dirty) onSave();
        })
      }
    >
      <div className="ld-cal-head">
        <div>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={setByTestId}>
            {setBy
              ? t('calendar.setBy', { name: setBy.name ?? '', at: formatDateTime(setBy.at) })
              : t('calendar.setByDefault')}
            {' · '}
            {note}
          </Typography.Text>
        </div>
        {canEdit ? (
          <Space>
            {actions}
            <Button
              icon={<UndoOutlined />}
              disabled={!canDiscard || busy}
              onClick={onDiscard}
              data-testid={buttonTestIds.discard}
            >
              {t('calendar.discard')}
            </Button>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              disabled={!dirty}
              loading={busy}
              onClick={onSave}
              title={t('common.ctrlEnterHint')}
              data-testid={buttonTestIds.save}
            >
              {saveLabel}
            </Button>
          </Space>
        ) : null}
      </div>
      {children}
    </div>
  );
}
