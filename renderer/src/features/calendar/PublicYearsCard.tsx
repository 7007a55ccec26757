import { useState } from 'react';
import { Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { CalendarOutlined, ImportOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CalendarView, PublicYearView } from '../../../../shared/contract/methods/settings';
import { formatDateTime } from '../../lib/format';
import { ImportYearDialog } from './ImportYearDialog';

interface Props {
  view: CalendarView;
  canEdit: boolean;
}

/** The years whose official schedule is known (bundled seed or imported), and the import. */
export function PublicYearsCard({ view, canEdit }: Props) {
  const { t } = useTranslation();
  const [importing, setImporting] = useState(false);
  const { firstYear, lastYear } = view.coverage;
  const years = [...view.publicYears].sort((a, b) => b.year - a.year);

  return (
    <Card
      size="small"
      title={
        <Space>
          <CalendarOutlined />
          {t('calendar.yearsSection')}
        </Space>
      }
      extra={
        canEdit ? (
          <Button
            size="small"
            icon={<ImportOutlined />}
            onClick={() => setImporting(true)}
            data-testid="cal-import"
          >
            {t('calendar.import')}
          </Button>
        ) : null
      }
      data-testid="cal-years"
    >
      <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="cal-covered">
        {firstYear !== null && lastYear !== null
          ? t('calendar.covered', { first: firstYear, last: lastYear })
          : t('calendar.coveredNone')}
      </Typography.Paragraph>
      <Table<PublicYearView>
        size="small"
        rowKey="year"
        pagination={false}
        dataSource={years}
        scroll={{ y: 196 }}
        onRow={(y) => ({ 'data-testid': 'cal-year-row', 'data-year': y.year }) as object}
        columns={[
          { title: t('calendar.year'), dataIndex: 'year', width: 64 },
          {
            title: t('calendar.daysOff'),
            key: 'off',
            width: 72,
            render: (_: unknown, y) => t('calendar.days', { n: y.daysOff.length }),
          },
          {
            title: t('calendar.makeUp'),
            key: 'makeup',
            width: 82,
            render: (_: unknown, y) => t('calendar.days', { n: y.makeUpWorkdays.length }),
          },
          {
            title: t('calendar.origin'),
            dataIndex: 'origin',
            width: 72,
            render: (origin: PublicYearView['origin'], y) =>
              origin === 'imported' ? (
                <Tooltip
                  title={
                    y.setBy
                      ? t('calendar.setBy', { name: y.setBy.name ?? '', at: formatDateTime(y.setBy.at) })
                      : ''
                  }
                >
                  <Tag color="blue" data-testid="cal-year-origin">
                    {t('calendar.originImported')}
                  </Tag>
                </Tooltip>
              ) : (
                <Tag data-testid="cal-year-origin">{t('calendar.originSeed')}</Tag>
              ),
          },
          {
            title: t('calendar.source'),
            dataIndex: 'source',
            ellipsis: { showTitle: true },
          },
        ]}
      />
      <ImportYearDialog open={importing} onClose={() => setImporting(false)} />
    </Card>
  );
}
