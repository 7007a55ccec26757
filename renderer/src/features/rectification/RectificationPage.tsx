/**
 * Rectification tracking (整改, issue 14 item 7; route #/rectification):
 * every item with its state (open, overdue, done), owner, due date and
 * whether complaints of its kind fell since it was opened; one item's detail
 * (#/rectification/<id>); and the open form, prefilled when reached from a
 * report or a case (#/rectification/new?failurePoint=billing). Supervisors
 * and admins open, complete and reopen; owners record progress.
 */
import { useCallback, useEffect, useState } from 'react';
import { Button, Segmented, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { RectState, RectView } from '../../../../shared/contract/methods/rectification';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import type { RectScopeDim } from '../../../../shared/domain/rectification/payloads';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { useLabels } from '../../lib/labels';
import { showError } from '../../lib/notify';
import { useNav } from '../../stores/nav';
import { canOverride, useSession } from '../../stores/session';
import { useFailurePoints } from '../handling/CaseTagsCard';
import { EffectCell } from './EffectCell';
import { OpenRectDialog } from './OpenRectDialog';
import { RectDetail } from './RectDetail';
import { STATE_COLORS, scopeText, useRectChanges } from './rectShared';

type Filter = RectState | 'all';

export function RectificationPage({
  id,
  prefill,
}: {
  id?: string | undefined;
  prefill?: { dim: RectScopeDim; value: string } | undefined;
}) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const labels = useLabels();
  const points = useFailurePoints();
  const me = useSession((s) => s.staff);
  const go = useNav((s) => s.go);
  const [filter, setFilter] = useState<Filter>('all');
  const [items, setItems] = useState<RectView[] | null>(null);
  const [effectAvailable, setEffectAvailable] = useState(true);
  const [staff, setStaff] = useState<StaffSummary[]>([]);

  const load = useCallback(() => {
    void callDesk('rectification.list', {}).then((r) => {
      if (!r.ok) return showError(r.error);
      setItems(r.value.items);
      setEffectAvailable(r.value.effectAvailable);
    });
  }, []);
  useEffect(load, [load]);
  useRectChanges(load);
  useEffect(() => {
    let live = true;
    void callDesk('staff.list', {}).then((r) => live && r.ok && setStaff(r.value));
    return () => {
      live = false;
    };
  }, []);

  const shown = (items ?? []).filter((x) => filter === 'all' || x.state === filter);
  const selected = id ? (items ?? []).find((x) => x.id === id) : undefined;
  const count = (s: RectState) => (items ?? []).filter((x) => x.state === s).length;

  return (
    <div className="ld-work-page" data-testid="rect-page">
      <div className="ld-work-head">
        {id ? (
          <Button
            icon={<ArrowLeftOutlined />}
            onClick={() => go({ name: 'rectification' })}
            data-testid="rect-back"
          >
            {t('rect.back')}
          </Button>
        ) : null}
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('rect.title')}
        </Typography.Title>
        <span style={{ flex: 1 }} />
        {canOverride(me) ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => go({ name: 'rectification', prefill: { dim: 'category', value: '' } })}
            data-testid="rect-new"
          >
            {t('rect.newItem')}
          </Button>
        ) : null}
      </div>
      {id ? (
        selected ? (
          <RectDetail item={selected} me={me} effectAvailable={effectAvailable} />
        ) : items !== null ? (
          <Typography.Text type="secondary">{t('rect.notFound')}</Typography.Text>
        ) : null
      ) : (
        <Space orientation="vertical" size={8} style={{ width: '100%' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('rect.intro')}
          </Typography.Text>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={(['all', 'open', 'overdue', 'done'] as const).map((s) => ({
              value: s,
              label: s === 'all' ? t('rect.states.all') : `${t(`rect.states.${s}`)} ${count(s)}`,
            }))}
            data-testid="rect-filter"
          />
          <Table<RectView>
            size="small"
            rowKey="id"
            loading={items === null}
            dataSource={shown}
            pagination={false}
            locale={{ emptyText: t('rect.empty') }}
            onRow={(r) => ({
              onClick: () => go({ name: 'rectification', id: r.id }),
              style: { cursor: 'pointer' },
              'data-testid': 'rect-row',
            })}
            columns={[
              {
                key: 'state',
                title: t('rect.state'),
                width: 84,
                render: (_, r) => <Tag color={STATE_COLORS[r.state]}>{t(`rect.states.${r.state}`)}</Tag>,
              },
              {
                key: 'scope',
                title: t('rect.scope'),
                width: 200,
                render: (_, r) => scopeText(t, labels, points, locale, r.scope),
              },
              {
                key: 'defect',
                title: t('rect.defect'),
                ellipsis: true,
                render: (_, r) => (
                  <>
                    <div>{r.defect}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.measure}
                    </Typography.Text>
                  </>
                ),
              },
              { key: 'owner', title: t('rect.owner'), width: 100, render: (_, r) => r.ownerName },
              { key: 'due', title: t('rect.dueAt'), width: 140, render: (_, r) => formatDateTime(r.dueAt) },
              {
                key: 'effect',
                title: t('rect.effect'),
                width: 230,
                render: (_, r) => <EffectCell effect={r.effect} available={effectAvailable} />,
              },
            ]}
          />
        </Space>
      )}
      {prefill && canOverride(me) ? (
        <OpenRectDialog
          prefill={prefill}
          staff={staff}
          onClose={() => go({ name: 'rectification' })}
          onOpened={(item) => {
            load();
            go({ name: 'rectification', id: item.id });
          }}
        />
      ) : null}
    </div>
  );
}
