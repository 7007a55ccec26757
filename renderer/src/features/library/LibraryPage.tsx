/**
 * 案例库与应答口径 (route #/library): supervisors keep each category's standard
 * answers (应答口径) and prepared plans (预案) and the library entries written
 * from closed hard cases; anyone signed in may read. Filtered by category (a
 * category's list also shows its parents' and children's items) and by words.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, Input, Modal, Space, Tabs, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LibraryItemView } from '../../../../shared/contract/methods/library';
import type { LibraryKind } from '../../../../shared/domain/library/payloads';
import { CategoryPicker } from '../../lib/CategoryPicker';
import { callDesk } from '../../lib/desk';
import { showError, showSuccess } from '../../lib/notify';
import { useSession } from '../../stores/session';
import { EntryDialog, TextItemDialog } from './ItemDialogs';
import { ItemBody, ItemFooter, ItemHeader } from './ItemView';
import { mayWriteLibrary, useLibraryChanged } from './libraryShared';
import './library.css';

const PAGE = 20;

type Editing = { kind: LibraryKind; item: LibraryItemView | null } | null;

export function LibraryPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const canWrite = mayWriteLibrary(role);
  const [kind, setKind] = useState<LibraryKind>('answer');
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [text, setText] = useState('');
  const [items, setItems] = useState<LibraryItemView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);

  const load = useCallback(
    async (from?: string) => {
      setLoading(true);
      const r = await callDesk('library.search', {
        kind,
        limit: PAGE,
        ...(category ? { category } : {}),
        ...(text.trim() ? { text: text.trim() } : {}),
        ...(from ? { cursor: from } : {}),
      });
      setLoading(false);
      if (!r.ok) {
        showError(r.error);
        return;
      }
      setItems((before) => (from ? [...before, ...r.value.items] : r.value.items));
      setCursor(r.value.nextCursor);
    },
    [kind, category, text],
  );

  useEffect(() => {
    const timer = setTimeout(() => void load(), 200);
    return () => clearTimeout(timer);
  }, [load]);
  useLibraryChanged(useCallback(() => void load(), [load]));

  function retire(item: LibraryItemView) {
    Modal.confirm({
      title: t('library.retireTitle'),
      content: t('library.retireBody'),
      okText: t('library.retire'),
      okButtonProps: { danger: true },
      cancelText: t('library.cancel'),
      onOk: async () => {
        const r = await callDesk('library.retire', { itemId: item.id });
        if (!r.ok) showError(r.error);
        else showSuccess(t('library.retiredDone'));
      },
    });
  }

  const newLabel = {
    answer: t('library.newAnswer'),
    plan: t('library.newPlan'),
    entry: t('library.newEntry'),
  }[kind];

  return (
    <div className="ld-library-page" data-testid="library-page">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('library.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('library.intro')}
        </Typography.Paragraph>
        {canWrite ? null : <Alert type="info" showIcon title={t('library.readOnly')} />}
        <Tabs
          activeKey={kind}
          onChange={(k) => setKind(k as LibraryKind)}
          items={[
            { key: 'answer', label: <span data-testid="library-tab-answer">{t('library.tabAnswers')}</span> },
            { key: 'plan', label: <span data-testid="library-tab-plan">{t('library.tabPlans')}</span> },
            { key: 'entry', label: <span data-testid="library-tab-entry">{t('library.tabEntries')}</span> },
          ]}
        />
        <div className="ld-library-filters">
          <CategoryPicker
            allowClear
            placeholder={t('library.allCategories')}
            aria-label={t('library.category')}
            value={category}
            onChange={(v) => setCategory(v ?? undefined)}
            style={{ width: 260 }}
            data-testid="library-filter-category"
          />
          <Input.Search
            allowClear
            placeholder={t('library.search')}
            aria-label={t('library.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            style={{ width: 280 }}
            data-testid="library-filter-text"
          />
          <span style={{ flex: 1 }} />
          {canWrite ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setEditing({ kind, item: null })}
              data-testid="library-new"
            >
              {newLabel}
            </Button>
          ) : null}
        </div>
      </Card>

      <Space orientation="vertical" size={8} style={{ width: '100%' }} data-testid="library-list">
        {items.length === 0 && !loading ? <Empty description={t('library.empty')} /> : null}
        {items.map((item) => (
          <Card key={item.id} size="small" data-testid="library-item">
            <ItemHeader
              item={item}
              extra={
                canWrite ? (
                  <Space size={4}>
                    <Button size="small" onClick={() => setEditing({ kind: item.kind, item })}>
                      {t('library.edit')}
                    </Button>
                    <Button size="small" danger onClick={() => retire(item)}>
                      {t('library.retire')}
                    </Button>
                  </Space>
                ) : null
              }
            />
            <div style={{ marginTop: 8 }}>
              <ItemBody item={item} />
            </div>
            <ItemFooter item={item} />
          </Card>
        ))}
        {cursor ? (
          <Button loading={loading} onClick={() => void load(cursor)} block>
            {t('library.more')}
          </Button>
        ) : null}
      </Space>

      {editing && editing.kind !== 'entry' ? (
        <TextItemDialog
          kind={editing.kind}
          item={editing.item}
          category={category}
          open
          onClose={() => setEditing(null)}
        />
      ) : null}
      {editing && editing.kind === 'entry' ? (
        <EntryDialog
          item={editing.item}
          draft={
            category
              ? { caseId: null, theme: '', category, background: '', details: '', result: '', discussion: '' }
              : undefined
          }
          open
          onClose={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}
