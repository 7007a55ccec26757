/** One library item shown to read: its title, category, text or entry parts, who changed it last. */
import type { ReactNode } from 'react';
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LibraryItemView } from '../../../../shared/contract/methods/library';
import { formatDateTime } from '../../lib/format';
import { useLabels } from '../../lib/labels';

const KIND_COLOR = { answer: 'blue', plan: 'purple', entry: 'gold' } as const;

/** The item's texts, paragraphs kept. */
export function ItemBody({ item }: { item: LibraryItemView }) {
  const { t } = useTranslation();
  const para = (text: string) => (
    <Typography.Paragraph className="ld-library-text" style={{ marginBottom: 8 }}>
      {text}
    </Typography.Paragraph>
  );
  if (item.kind !== 'entry') return para(item.text);
  const part = (label: string, text: string) =>
    text.trim() === '' ? null : (
      <div key={label}>
        <Typography.Text strong>{label}</Typography.Text>
        {para(text)}
      </div>
    );
  return (
    <>
      {part(t('library.background'), item.background)}
      {part(t('library.details'), item.details)}
      {part(t('library.result'), item.result)}
      {part(t('library.discussion'), item.discussion)}
    </>
  );
}

/** The title line: kind, title, category path; `extra` on the right. */
export function ItemHeader({
  item,
  extra,
  note,
}: {
  item: LibraryItemView;
  extra?: ReactNode;
  note?: ReactNode;
}) {
  const { t } = useTranslation();
  const labels = useLabels();
  const kind = {
    answer: t('library.kindAnswer'),
    plan: t('library.kindPlan'),
    entry: t('library.kindEntry'),
  }[item.kind];
  return (
    <div className="ld-library-head">
      <Space size={6} wrap style={{ minWidth: 0 }}>
        <Tag color={KIND_COLOR[item.kind]} style={{ marginInlineEnd: 0 }}>
          {kind}
        </Tag>
        <Typography.Text strong data-testid="library-item-title-text">
          {item.title}
        </Typography.Text>
        <Typography.Text type="secondary">{labels.categoryPath(item.category)}</Typography.Text>
        {note}
        {item.retired ? <Tag>{t('library.retired')}</Tag> : null}
      </Space>
      {extra ? <span className="ld-library-actions">{extra}</span> : null}
    </div>
  );
}

/** Who changed the item last, and the case an entry came from. */
export function ItemFooter({ item }: { item: LibraryItemView }) {
  const { t } = useTranslation();
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {item.caseNumber ? `${t('library.fromCase', { number: item.caseNumber })} · ` : ''}
      {t('library.updated', { name: item.updatedByName ?? '—', at: formatDateTime(item.updatedAt) })}
    </Typography.Text>
  );
}
