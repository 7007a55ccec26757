/**
 * The answers and case library panel beside the handling view (issue 12
 * item 6): a counter reads the standard answers (应答口径) and prepared plans
 * (预案) of the case's category and its parents, the library entries of that
 * category, or searches all of them. A card at the top of the case view's
 * side column, so it never covers the step form; opened and hidden with its
 * button or Alt+L (docs/keyboard.md), which works while typing in a step
 * field and puts the cursor in its search box. Stays open from case to case.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Collapse, Empty, Input, Tag, Tooltip, Typography } from 'antd';
import { BookOutlined, UpOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { LibraryForCategory, LibraryItemView } from '../../../../shared/contract/methods/library';
import { callDesk } from '../../lib/desk';
import { useLabels } from '../../lib/labels';
import { isDialogOpen, isLibraryKey, LIBRARY_SEARCH_ID } from '../../lib/keys';
import { ItemBody, ItemFooter } from './ItemView';
import { useLibraryChanged } from './libraryShared';
import './library.css';

const OPEN_KEY = 'loopdesk.libraryPanel';

function initiallyOpen(): boolean {
  try {
    return window.localStorage.getItem(OPEN_KEY) === 'open';
  } catch {
    return false;
  }
}

function ItemList({
  items,
  category,
  testId,
}: {
  items: LibraryItemView[];
  category: string;
  testId: string;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <Collapse
      size="small"
      data-testid={testId}
      items={items.map((item) => ({
        key: item.id,
        label: (
          <span data-testid="library-panel-item">
            <Typography.Text strong>{item.title}</Typography.Text>
            {item.category !== category ? (
              <Tag style={{ marginInlineStart: 6 }} title={labels.categoryPath(item.category)}>
                {t('library.inherited')}
              </Tag>
            ) : null}
          </span>
        ),
        children: (
          <div data-testid="library-panel-body">
            <ItemBody item={item} />
            <ItemFooter item={item} />
          </div>
        ),
      }))}
    />
  );
}

export function LibraryPanel({ category }: { category: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const [open, setOpenState] = useState(initiallyOpen);
  const [text, setText] = useState('');
  const [applies, setApplies] = useState<LibraryForCategory | null>(null);
  const [entries, setEntries] = useState<LibraryItemView[]>([]);
  const [found, setFound] = useState<LibraryItemView[] | null>(null);

  const setOpen = useCallback((next: boolean) => {
    setOpenState(next);
    try {
      window.localStorage.setItem(OPEN_KEY, next ? 'open' : 'closed');
    } catch {
      // private mode: the panel simply starts closed next time
    }
    if (next) requestAnimationFrame(() => document.getElementById(LIBRARY_SEARCH_ID)?.focus());
  }, []);

  // Alt+L anywhere on the handling view, also while typing in a step field.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!isLibraryKey(e) || e.defaultPrevented || isDialogOpen()) return;
      e.preventDefault();
      setOpen(!open);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, setOpen]);

  const load = useCallback(async () => {
    const words = text.trim();
    if (words !== '') {
      const r = await callDesk('library.search', { text: words, limit: 20 });
      if (r.ok) setFound(r.value.items);
      return;
    }
    setFound(null);
    const [a, e] = await Promise.all([
      callDesk('library.forCategory', { category }),
      callDesk('library.search', { category, kind: 'entry', limit: 10 }),
    ]);
    if (a.ok) setApplies(a.value);
    if (e.ok) setEntries(e.value.items);
  }, [text, category]);

  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => void load(), 200);
    return () => clearTimeout(timer);
  }, [open, load]);
  useLibraryChanged(
    useCallback(() => {
      if (open) void load();
    }, [open, load]),
  );

  if (!open) {
    return (
      <Tooltip title="Alt+L">
        <Button
          block
          icon={<BookOutlined />}
          onClick={() => setOpen(true)}
          aria-keyshortcuts="Alt+L"
          data-testid="library-panel-open"
        >
          {t('library.panelOpen')}
        </Button>
      </Tooltip>
    );
  }

  const section = (title: string, items: LibraryItemView[], testId: string) =>
    items.length === 0 ? null : (
      <div style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">{title}</Typography.Text>
        <ItemList items={items} category={category} testId={testId} />
      </div>
    );

  return (
    <Card
      size="small"
      className="ld-library-panel"
      data-testid="library-panel"
      title={
        <span>
          <BookOutlined /> {t('library.panelTitle')}
        </span>
      }
      extra={
        <Tooltip title="Alt+L">
          <Button
            size="small"
            type="text"
            icon={<UpOutlined />}
            onClick={() => setOpen(false)}
            aria-keyshortcuts="Alt+L"
            data-testid="library-panel-close"
          >
            {t('library.panelClose')}
          </Button>
        </Tooltip>
      }
    >
      <Input.Search
        id={LIBRARY_SEARCH_ID}
        allowClear
        size="small"
        placeholder={t('library.panelSearch')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        data-testid="library-panel-search"
      />
      <div className="ld-library-panel-list">
        {found !== null ? (
          found.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('library.empty')} />
          ) : (
            section(t('library.panelResults'), found, 'library-panel-results')
          )
        ) : (
          <>
            <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6, fontSize: 12 }}>
              {t('library.panelForCategory', { category: labels.categoryPath(category) })}
            </Typography.Text>
            {applies && applies.answers.length === 0 && applies.plans.length === 0 ? (
              <Typography.Paragraph type="secondary" style={{ margin: '6px 0 0' }}>
                {t('library.panelNothing')}
              </Typography.Paragraph>
            ) : null}
            {section(t('library.panelAnswers'), applies?.answers ?? [], 'library-panel-answers')}
            {section(t('library.panelPlans'), applies?.plans ?? [], 'library-panel-plans')}
            {section(t('library.panelEntries'), entries, 'library-panel-entries')}
          </>
        )}
      </div>
    </Card>
  );
}
