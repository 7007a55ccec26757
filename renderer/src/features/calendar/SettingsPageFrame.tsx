import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SetBy } from '../../../../shared/contract/methods/settings';
import { formatDateTime } from '../../lib/format';
import { focusFirstInvalid } from './fieldErrors';

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
 * heading with who set it last, the page's actions (administrators only), and
 * Ctrl+Enter to save when there is something to save.
 */
export function SettingsPageFrame({
  page,
  testId,
  title,
  setBy,
  setByTestId,
  note,
  canEdit,
  dirty,
  onSave,
  actions,
  children,
}: {
  page: RefObject<HTMLDivElement | null>;
  testId: string;
  title: string;
  setBy: z.infer<typeof SetBy>;
  setByTestId: string;
  /** After who set it: what a reader or an editor can do here. */
  note: string;
  canEdit: boolean;
  dirty: boolean;
  onSave(): void;
  actions: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div
      ref={page}
      className="ld-settings-page ld-settings-wide"
      data-testid={testId}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canEdit && dirty) {
          e.preventDefault();
          onSave();
        }
      }}
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
        {canEdit ? <Space>{actions}</Space> : null}
      </div>
      {children}
    </div>
  );
}
