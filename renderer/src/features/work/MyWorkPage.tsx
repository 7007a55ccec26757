import { Alert, Button, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNav } from '../../stores/nav';
import { useSession } from '../../stores/session';
import { LevelCaseTable } from './LevelCaseTable';
import { OrderCallbackTable } from './OrderCallbackTable';
import { WorkTable } from './WorkTable';
import { useLocale } from '../../i18n';
import { countText, useWork } from './workStore';
import { ReloadButton, ShowingFirst, usePolledLoad } from './workParts';
import './work.css';

/**
 * `#/work`: 我的待办 / My work. The signed-in staff member's open deadlines
 * (their cases' deadlines, actions, contacts and callbacks) by due time,
 * read again every minute and when cases change; below them, when there are
 * any, the follow-up calls of the work orders they received (issue 11),
 * each opening its order where the call is recorded; for a supervisor, the
 * open cases escalated to their level (issue 12, 在我这一级), each opening its
 * case (its first-contact owner keeps the case's deadlines in their own list).
 */
export function MyWorkPage() {
  const { t } = useTranslation();
  const name = useSession((s) => s.staff?.name ?? '');
  const mine = useWork((s) => s.mine);
  const error = useWork((s) => s.error);
  const locale = useLocale((s) => s.locale);

  usePolledLoad('loadMine');

  const overdue = mine?.items.filter((w) => w.state === 'overdue').length ?? 0;
  const soon = mine?.items.filter((w) => w.state === 'due_soon').length ?? 0;
  const calls = mine?.orderCallbacks ?? null;
  const hasCalls = calls !== null && calls.count > 0;
  const atLevel = mine?.atMyLevel ?? null;
  const hasLevel = atLevel !== null && atLevel.count > 0;

  return (
    <div className="ld-work-page" data-testid="my-work-page">
      <div className="ld-work-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('work.mineTitle')}
        </Typography.Title>
        <Typography.Text type="secondary">{name}</Typography.Text>
        {mine ? (
          <span className="ld-work-counts" data-testid="my-work-counts" aria-live="polite">
            <span className="ld-work-count ld-work-count-overdue" data-testid="my-work-overdue">
              {t('work.countOverdue', { n: overdue })}
            </span>
            <span className="ld-work-count ld-work-count-due_soon" data-testid="my-work-due-soon">
              {t('work.countDueSoon', { n: soon })}
            </span>
            <span className="ld-work-count" data-testid="my-work-total">
              {t('work.countOpen', { n: countText(mine.count, mine.capped, locale) })}
            </span>
            {mine.paused > 0 ? (
              <span className="ld-work-count" data-testid="my-work-paused">
                {t('work.countPaused', { n: mine.paused })}
              </span>
            ) : null}
            {hasCalls ? (
              <span
                className={`ld-work-count${calls.items.some((o) => o.state === 'overdue') ? ' ld-work-count-overdue' : ''}`}
                data-testid="my-work-order-callbacks"
              >
                {t('orderFollowUp.mineCount', { n: countText(calls.count, calls.capped, locale) })}
              </span>
            ) : null}
            {hasLevel ? (
              <span className="ld-work-count ld-work-count-due_soon" data-testid="my-work-at-level">
                {t('work.atMyLevelCount', { n: countText(atLevel.count, atLevel.capped, locale) })}
              </span>
            ) : null}
          </span>
        ) : null}
        <span style={{ flex: 1 }} />
        {/* Issue 14: rectification items, where an owner records progress. */}
        <Button
          onClick={() => useNav.getState().go({ name: 'rectification' })}
          data-testid="my-work-rectification"
        >
          {t('rect.nav')}
        </Button>
        <ReloadButton onClick={() => void useWork.getState().loadMine()} testId="my-work-reload" />
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('work.mineIntro')}
      </Typography.Text>
      {error ? <Alert type="error" showIcon title={error.message} /> : null}
      {!mine ? (
        <Spin />
      ) : (
        <>
          <WorkTable
            items={mine.items}
            showOwner={false}
            testId="my-work-table"
            scrollY={hasCalls || hasLevel ? 290 : 560}
            emptyText={t('work.mineEmpty')}
          />
          <ShowingFirst list={mine} />
          {hasLevel ? (
            <section className="ld-work-section" data-testid="my-at-level">
              <div>
                <Typography.Text strong>{t('work.atMyLevelTitle')}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 12 }}>
                  {t('work.atMyLevelIntro')}
                </Typography.Text>
              </div>
              <LevelCaseTable items={atLevel.items} testId="my-at-level-table" scrollY={150} />
              <ShowingFirst list={atLevel} />
            </section>
          ) : null}
          {hasCalls ? (
            <section className="ld-work-section" data-testid="my-order-callbacks">
              <div>
                <Typography.Text strong>{t('orderFollowUp.mineTitle')}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 12 }}>
                  {t('orderFollowUp.mineIntro')}
                </Typography.Text>
              </div>
              <OrderCallbackTable
                items={calls.items}
                showOwner={false}
                testId="my-order-callbacks-table"
                scrollY={150}
              />
              <ShowingFirst list={calls} />
            </section>
          ) : null}
        </>
      )}
    </div>
  );
}
