/**
 * The front desk's part of the release (出厂, issue 11): the seven checks,
 * each recorded once with who and when (`order.deskCheck`), and the parts
 * used on each item against what the customer approved
 * (`order.reconcileParts`, with whether they match, worked out here the way
 * the gate judges it). The release itself is not here: the gate checklist's
 * button is the order view's one way to release (its dialog asks the
 * warranty and next service); once released this says when and on what
 * terms. Mounted by the order view.
 */
import { useState } from 'react';
import { Alert, Button, Card, InputNumber, Space, Table, Tag } from 'antd';
import { CheckCircleFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { OrderDetail } from '../../../../shared/contract/methods/orders';
import { DESK_CHECK_LABELS } from '../../../../shared/domain/orders/describe';
import { DESK_CHECKS, type DeskCheck } from '../../../../shared/domain/orders/payloads';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { showError, showSuccess } from '../../lib/notify';
import { useLocale } from '../../i18n';
import { partsMatch, partsRowsKey, usedPartRows, type UsedPartRow } from './partsReconcile';
import { useStaffNames } from './orderParts';
import './orderForms.css';

export interface ReleaseDeskChecksProps {
  order: OrderDetail;
  /** Something was recorded: the order as it is now. */
  onDone: (order: OrderDetail) => void;
}

export function ReleaseDeskChecks({ order, onDone }: ReleaseDeskChecksProps) {
  const { t } = useTranslation();
  return (
    <Card title={t('orderForms.releaseTitle')} size="small" data-testid="release-desk-checks">
      <DeskChecksList order={order} onDone={onDone} />
      {/* Fresh rows only when what they are made of changes (an item agreed, a substitution),
          not on every event of the order: the clerk's typed quantities stay. */}
      <PartsReconciliation key={partsRowsKey(order)} order={order} onDone={onDone} />
      <ReleaseNote order={order} />
    </Card>
  );
}

function DeskChecksList({ order, onDone }: ReleaseDeskChecksProps) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const names = useStaffNames();
  const [busy, setBusy] = useState<DeskCheck | null>(null);
  const done = new Map(order.deskChecks.map((d) => [d.check, d]));

  async function record(check: DeskCheck) {
    setBusy(check);
    const r = await callDesk('order.deskCheck', { orderId: order.id, check, note: '' });
    setBusy(null);
    if (!r.ok) {
      showError(r.error);
      return;
    }
    showSuccess(t('orderForms.checkDone', { check: DESK_CHECK_LABELS[check][locale] }));
    onDone(r.value);
  }

  return (
    <div className="ld-desk-checks" data-testid="desk-checks">
      <div className="ld-order-section-title">
        {t('orderForms.deskChecksTitle', { done: done.size, all: DESK_CHECKS.length })}
      </div>
      {DESK_CHECKS.map((check, i) => {
        const d = done.get(check);
        return (
          <div key={check} className="ld-desk-check" data-testid={`desk-check-${check}`}>
            <span className="ld-desk-check-n">{i + 1}.</span>{' '}
            <span className="ld-grow">{DESK_CHECK_LABELS[check][locale]}</span>
            {d ? (
              <span className="ld-desk-check-done" data-testid={`desk-check-done-${check}`}>
                <CheckCircleFilled style={{ color: '#16a34a' }} />{' '}
                {t('orderForms.checkBy', { name: names.get(d.actor) ?? d.actor, at: formatDateTime(d.at) })}
              </span>
            ) : (
              <Button
                size="small"
                loading={busy === check}
                disabled={busy !== null || order.released !== null}
                onClick={() => void record(check)}
                data-testid={`desk-check-record-${check}`}
              >
                {t('orderForms.checkRecord')}
              </Button>
            )}
          </div>
        );
      })}
    </div>
  );
}

function PartsReconciliation({ order, onDone }: ReleaseDeskChecksProps) {
  const { t } = useTranslation();
  const [rows, setRows] = useState<UsedPartRow[]>(() => usedPartRows(order));
  const [busy, setBusy] = useState(false);
  const matches = partsMatch(order, rows);
  const rec = order.partsReconciled;
  const stale = order.gate.missing.some((g) => g.code === 'parts_not_reconciled');

  async function submit() {
    setBusy(true);
    const r = await callDesk('order.reconcileParts', {
      orderId: order.id,
      used: rows
        .filter((row) => row.used > 0)
        .map((row) => ({ itemId: row.itemId, name: row.name, qty: row.used, unitFen: row.unitFen })),
      matches,
      note: '',
    });
    setBusy(false);
    if (!r.ok) {
      showError(r.error);
      return;
    }
    showSuccess(t(matches ? 'orderForms.partsMatched' : 'orderForms.partsMismatched'));
    onDone(r.value);
  }

  return (
    <div className="ld-parts-reconcile" data-testid="parts-reconcile">
      <div className="ld-order-section-title">{t('orderForms.partsTitle')}</div>
      <Table<UsedPartRow>
        size="small"
        pagination={false}
        rowKey="key"
        dataSource={rows}
        locale={{ emptyText: t('orderForms.partsNone') }}
        columns={[
          { key: 'item', title: t('orderForms.itemTitle'), dataIndex: 'itemTitle', width: '30%' },
          {
            key: 'name',
            title: t('orderForms.partName'),
            render: (_v, row) => (
              <span>
                {row.name} {row.substitute ? <Tag color="gold">{t('orderForms.substitute')}</Tag> : null}
              </span>
            ),
          },
          { key: 'approved', title: t('orderForms.partsApproved'), dataIndex: 'approved', width: 110 },
          {
            key: 'used',
            title: t('orderForms.partsUsed'),
            width: 130,
            render: (_v, row) => (
              <InputNumber<number>
                size="small"
                min={0}
                max={10_000}
                precision={0}
                value={row.used}
                disabled={busy || order.released !== null}
                aria-label={`${row.itemTitle} ${row.name} ${t('orderForms.partsUsed')}`}
                onChange={(v) =>
                  setRows((all) => all.map((x) => (x.key === row.key ? { ...x, used: v ?? 0 } : x)))
                }
                data-testid={`parts-used-${row.key}`}
              />
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 8 }} wrap>
        <Tag color={matches ? 'green' : 'red'} data-testid="parts-match">
          {matches ? t('orderForms.partsMatch') : t('orderForms.partsNoMatch')}
        </Tag>
        {rec ? (
          <span className="ld-muted" data-testid="parts-last">
            {t(stale ? 'orderForms.partsStale' : 'orderForms.partsLast', {
              at: formatDateTime(rec.at),
              result: rec.matches ? t('orderForms.partsMatch') : t('orderForms.partsNoMatch'),
            })}
          </span>
        ) : null}
        <Button
          onClick={() => void submit()}
          loading={busy}
          disabled={order.released !== null}
          data-testid="parts-reconcile-submit"
        >
          {t('orderForms.partsSubmit')}
        </Button>
      </Space>
    </div>
  );
}

/**
 * Released: when and on what terms (the release slip is printed from the
 * front-desk panel's own button, beside the work-order slip); before, where
 * the release is.
 */
function ReleaseNote({ order }: { order: OrderDetail }) {
  const { t } = useTranslation();
  if (!order.released) {
    return (
      <p className="ld-muted" style={{ marginTop: 12, marginBottom: 0 }} data-testid="release-here">
        {t('orders.view2.releaseHere')}
      </p>
    );
  }
  return (
    <Alert
      type="success"
      showIcon
      style={{ marginTop: 12 }}
      data-testid="release-done"
      title={t('orderForms.releasedAtText', { at: formatDateTime(order.released.at) })}
      description={t('orderForms.releasedTerms', {
        months: order.released.warrantyMonths,
        next: order.released.nextService || '—',
      })}
    />
  );
}
