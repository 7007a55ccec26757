/**
 * 写入案例库 on a closed case's view (supervisors and administrators): opens
 * the library entry dialog prefilled from the case (theme, category, the
 * account as background, facts and actions as details, the step-6 summary as
 * result), which the supervisor edits before saving. Mounted with one line in
 * the case view's header; shows nothing for an open case or a counter.
 */
import { useState } from 'react';
import { Button } from 'antd';
import { BookOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import { useSession } from '../../stores/session';
import { EntryDialog } from './ItemDialogs';
import { entryFromCase, mayWriteLibrary } from './libraryShared';

export function AddToLibraryButton({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const [open, setOpen] = useState(false);
  if (detail.status !== 'closed' || !mayWriteLibrary(role)) return null;
  return (
    <>
      <Button icon={<BookOutlined />} onClick={() => setOpen(true)} data-testid="case-add-to-library">
        {t('library.addFromCase')}
      </Button>
      {open ? (
        <EntryDialog
          item={null}
          draft={entryFromCase(detail)}
          title={t('library.addFromCaseTitle', { number: detail.number })}
          open
          onClose={() => setOpen(false)}
        />
      ) : null}
    </>
  );
}
