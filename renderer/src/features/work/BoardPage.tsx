import { useState } from 'react';
import { Alert, Button, Result, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkBoard } from '../../../../shared/contract/methods/work';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { OrderCallbackTable } from './OrderCallbackTable';
import { WorkTable } from './WorkTable';
import { EscalationReviewTable } from '../judgment/EscalationReviewTable';
import { LevelCaseTable } from './LevelCaseTable';
import { useLocale } from '../../i18n';
import { canSeeBoard, countText, useWork } from './workStore';
import { ReloadButton, ShowingFirst, usePolledLoad } from './workParts';
import './work.css';

/** The case lists; work orders' follow-up calls (`orderCallbacksDue`, issue 11) have rows of their own. */
type LevelKey = 'atMyLevel' | 'escalatedAbove';
type ListKey = Exclude<
  keyof WorkBoard,
  'callbackCoverage' | 'orderCallbacksDue' | 'escalationsToReview' | LevelKey
>;
/**
 * A tile: a case list, the work orders' follow-up calls (维修回访) beside the case callbacks,
 * then issue 12's escalations awaiting a supervisor's review (待审升级), the open cases at the
 * supervisor's level (在我这一级) and those escalated above it (上级跟进).
 */
type TileKey = ListKey | 'orderCallbacksDue' | 'escalationsToReview' | LevelKey;

/**
 * The board's case lists, in the order a supervisor reads them. The work orders' follow-up
 * calls come right after the case callbacks (TILES): one callback queue, two row shapes.
 */
export const BOARD_LISTS: readonly ListKey[] = [
  'overdue',
  'dueSoon',
  'lateEntry',
  'contactsExhausted',
  'callbacksDue',
  'unreachable',
  'paused',
];

const TILES: readonly TileKey[] = [
  ...BOARD_LISTS.flatMap((k): TileKey[] => (k === 'callbacksDue' ? [k, 'orderCallbacksDue'] : [k])),
  'escalationsToReview',
  'atMyLevel',
  'escalatedAbove',
];

/** Lists whose non-zero count is bad news (shown red); the others orange or plain. */
const TONE: Record<ListKey, 'red' | 'orange' | 'plain'> = {
  overdue: 'red',
  dueSoon: 'orange',
  lateEntry: 'orange',
  contactsExhausted: 'red',
  callbacksDue: 'plain',
  unreachable: 'red',
  paused: 'plain',
};

/**
 * `#/board`: the supervisor's board. Counts of every list at a glance (each a
 * button choosing the list shown below) and callback coverage; the chosen
 * list's deadlines with who is responsible, each opening its case.
 */
export function BoardPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const go = useNav((s) => s.go);
  if (!canSeeBoard(role)) {
    return (
      <Result
        status="403"
        title={<span data-testid="board-forbidden">{t('work.boardForbidden')}</span>}
        extra={
          <Button type="primary" autoFocus onClick={() => go({ name: 'work' })}>
            {t('work.mineTitle')}
          </Button>
        }
      />
    );
  }
  return <Board />;
}

function Board() {
  const { t } = useTranslation();
  const board = useWork((s) => s.board);
  const error = useWork((s) => s.error);
  const locale = useLocale((s) => s.locale);
  const [shown, setShown] = useState<TileKey>('overdue');

  usePolledLoad('loadBoard');

  if (!board) {
    return (
      <div className="ld-work-page" data-testid="board-page">
        {error ? <Alert type="error" showIcon title={error.message} /> : <Spin />}
      </div>
    );
  }

  const cov = board.callbackCoverage;
  const pct = cov.due === 0 ? null : Math.round((cov.done / cov.due) * 100);
  const list = board[shown];
  const orderCallbacks = board.orderCallbacksDue;
  // Counted with those not yet due: red only when one is late (the rows come earliest due first).
  const tone = (key: TileKey, n: number) =>
    n === 0
      ? 'plain'
      : key === 'orderCallbacksDue'
        ? orderCallbacks.items.some((o) => o.state === 'overdue')
          ? 'red'
          : 'plain'
        : key === 'escalationsToReview' || key === 'atMyLevel'
          ? 'orange'
          : key === 'escalatedAbove'
            ? 'plain'
            : TONE[key];
  const label = (key: TileKey) =>
    key === 'orderCallbacksDue' ? t('orderFollowUp.tab') : t(`work.board.${key}`);

  return (
    <div className="ld-work-page" data-testid="board-page">
      <div className="ld-work-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('work.boardTitle')}
        </Typography.Title>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('work.boardIntro')}
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <Button onClick={() => useNav.getState().go({ name: 'library' })} data-testid="board-library">
          {t('library.nav')}
        </Button>
        <Button
          onClick={() => useNav.getState().go({ name: 'rectification' })}
          data-testid="board-rectification"
        >
          {t('rect.nav')}
        </Button>
        <ReloadButton onClick={() => void useWork.getState().loadBoard()} testId="board-reload" />
      </div>
      <div className="ld-board-tiles" role="tablist" aria-label={t('work.boardTitle')}>
        {TILES.map((key) => {
          const n = board[key].count;
          return (
            <button
              key={key}
              type="button"
              role="tab"
              aria-selected={shown === key}
              className={`ld-board-tile ld-board-tone-${tone(key, n)}${shown === key ? ' ld-board-tile-on' : ''}`}
              onClick={() => setShown(key)}
              data-testid={`board-tile-${key}`}
            >
              <span className="ld-board-count" data-testid="board-count">
                {countText(n, board[key].capped, locale)}
              </span>
              <span className="ld-board-label">{label(key)}</span>
            </button>
          );
        })}
        <div className="ld-board-tile ld-board-coverage" data-testid="board-coverage">
          <span className="ld-board-count">{pct === null ? '—' : `${pct}%`}</span>
          <span className="ld-board-label">
            {t('work.coverage', { done: cov.done, due: cov.due, days: cov.days })}
          </span>
        </div>
      </div>
      <div className="ld-board-list" role="tabpanel" data-testid={`board-list-${shown}`}>
        <div>
          <Typography.Text strong>{label(shown)}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 12 }}>
            {shown === 'orderCallbacksDue' ? t('orderFollowUp.help') : t(`work.boardHelp.${shown}`)}
          </Typography.Text>
        </div>
        {shown === 'orderCallbacksDue' ? (
          <OrderCallbackTable
            items={orderCallbacks.items}
            showOwner
            testId="board-order-callbacks"
            scrollY={400}
          />
        ) : shown === 'escalationsToReview' ? (
          <EscalationReviewTable items={board.escalationsToReview.items} scrollY={400} />
        ) : shown === 'atMyLevel' || shown === 'escalatedAbove' ? (
          <LevelCaseTable items={board[shown].items} testId={`board-level-${shown}`} scrollY={400} />
        ) : (
          <WorkTable items={board[shown].items} showOwner testId="board-table" scrollY={400} />
        )}
        <ShowingFirst list={list} />
      </div>
    </div>
  );
}
