/**
 * The shortcut map: `?` from any signed-in screen (not while typing) or the
 * header's button. The same table as docs/keyboard.md (SHORTCUTS in lib/keys.ts).
 */
import { Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SHORTCUTS, SHORTCUT_SCOPES } from '../lib/keys';

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={open}
      title={t('keys.title')}
      onCancel={onClose}
      footer={null}
      width={720}
      destroyOnHidden
      wrapProps={{ 'data-testid': 'shortcut-help' }}
    >
      <table className="ld-shortcut-table">
        <thead>
          <tr>
            <th scope="col">{t('keys.colKeys')}</th>
            <th scope="col">{t('keys.colAction')}</th>
          </tr>
        </thead>
        {SHORTCUT_SCOPES.map((scope) => (
          <tbody key={scope}>
            <tr>
              <th colSpan={2} scope="rowgroup" className="ld-shortcut-scope">
                {t(`keys.scope.${scope}`)}
              </th>
            </tr>
            {SHORTCUTS.filter((s) => s.scope === scope).map((s) => (
              <tr key={s.id} data-testid={`shortcut-${s.id}`}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{t(`keys.do.${s.id}`)}</td>
              </tr>
            ))}
          </tbody>
        ))}
      </table>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('keys.typingNote')}
      </Typography.Paragraph>
    </Modal>
  );
}
