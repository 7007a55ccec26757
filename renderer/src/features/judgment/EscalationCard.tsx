/**
 * Issue 12: a case's escalation in the case view (docs/escalation-and-malice.md).
 * The card shows the level, each step (from → to, root cause, reason, who,
 * when) with its review, and offers:
 * - "Escalate…": a dialog walking the decision path (can the employee solve
 *   it? can it be solved on site?), then the level (only those above the
 *   current one the signed-in role may reach, `nextLevels`), the root cause
 *   and the reason. Choosing 'skill' shows "Not escalated: coach instead"
 *   and no escalate button;
 * - "Review" on an unreviewed step, for supervisors and admins.
 * The core refuses whatever the screen would not offer, with the same words.
 */
import { useState } from 'react';
import { Alert, Button, Card, Input, Radio, Space, Tag, Tooltip, Typography } from 'antd';
import { RiseOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { isOwnEscalation, nextLevels, type CaseLevel } from '../../../../shared/domain/cases/escalation';
import {
  JUDGMENT_TEXT,
  ROOT_CAUSES,
  type EscalationLevel,
  type RootCause,
} from '../../../../shared/domain/cases/payloads';
import { formatDateTime } from '../../lib/format';
import { canOverride } from '../../stores/session';
import { settle } from '../handling/followUpShared';
import { useOpenCase } from '../handling/openCase';
import { JudgmentModal, Label } from './JudgmentModal';

/** The level tag of a case (list and header); nothing at the counter. */
export function LevelBadge({ level }: { level: CaseLevel | undefined }) {
  const { t } = useTranslation();
  if (level === undefined || level === 'counter') return null;
  return (
    <Tag color={level === 'supervisor' ? 'gold' : 'volcano'} icon={<RiseOutlined />} data-testid="case-level">
      {t('escalation.badge', { level: t(`escalation.level.${level}`) })}
    </Tag>
  );
}

type Answer = 'yes' | 'no' | null;

function EscalateDialog({ detail, me, onClose }: { detail: CaseDetail; me: StaffSummary; onClose(): void }) {
  const { t } = useTranslation();
  const [q1, setQ1] = useState<Answer>(null);
  const [q2, setQ2] = useState<Answer>(null);
  const levels = nextLevels(detail.escalation?.level ?? 'counter', me.role);
  const [level, setLevel] = useState<EscalationLevel | null>(levels[0] ?? null);
  const [cause, setCause] = useState<RootCause | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const walked = q1 === 'no' && q2 === 'no';
  const coach = cause === 'skill';
  const ready = walked && !coach && level !== null && cause !== null && reason.trim() !== '';

  async function confirm() {
    if (!ready || busy || level === null || cause === null) return;
    setBusy(true);
    const r = await useOpenCase.getState().write('case.escalate', {
      caseId: detail.id,
      level,
      canEmployeeSolve: false,
      canSolveOnSite: false,
      rootCause: cause,
      reason: reason.trim(),
    });
    setBusy(false);
    if (settle(r, null, [], t('escalation.done', { level: t(`escalation.level.${level}`) }))) onClose();
  }

  const yesNo = (value: Answer, set: (a: Answer) => void, testId: string, label: string) => (
    <div style={{ marginBottom: 10 }}>
      <Label id={`${testId}-label`}>{label}</Label>
      <Radio.Group
        aria-labelledby={`${testId}-label`}
        value={value}
        onChange={(e) => set(e.target.value as Answer)}
        options={[
          { value: 'yes', label: t('escalation.yes') },
          { value: 'no', label: t('escalation.no') },
        ]}
        data-testid={testId}
      />
    </div>
  );

  return (
    <JudgmentModal
      title={t('escalation.dialogTitle')}
      ok={t('escalation.submit')}
      ready={ready}
      busy={busy}
      testId="escalate-dialog"
      dirty={reason.trim() !== ''}
      // Nothing to say when an alert already says it: solve it here, no level left, coach instead.
      waiting={
        q1 === null || (q1 === 'no' && q2 === null)
          ? t('judgment.wait.questions')
          : !walked || levels.length === 0 || coach
            ? null
            : cause === null
              ? t('judgment.wait.cause')
              : t('judgment.wait.reason')
      }
      okTestId="escalate-ok"
      onOk={() => void confirm()}
      onClose={onClose}
      afterOpen={() => document.querySelector<HTMLInputElement>('[data-testid="escalate-q1"] input')?.focus()}
    >
      {yesNo(q1, setQ1, 'escalate-q1', t('escalation.q1'))}
      {q1 === 'no' ? yesNo(q2, setQ2, 'escalate-q2', t('escalation.q2')) : null}
      {q1 === 'yes' || q2 === 'yes' ? (
        <Alert type="info" showIcon title={t('escalation.solveHere')} data-testid="escalate-solve-here" />
      ) : null}
      {walked ? (
        <>
          {levels.length === 0 ? (
            <Alert type="warning" showIcon title={t('escalation.noLevels')} />
          ) : (
            <div style={{ marginBottom: 10 }}>
              <Label id="ld-escalate-level-label">{t('escalation.levelLabel')}</Label>
              <Radio.Group
                aria-labelledby="ld-escalate-level-label"
                value={level}
                onChange={(e) => setLevel(e.target.value as EscalationLevel)}
                options={levels.map((l) => ({ value: l, label: t(`escalation.level.${l}`) }))}
                data-testid="escalate-level"
              />
            </div>
          )}
          <div style={{ marginBottom: 10 }}>
            <Label id="ld-escalate-cause-label">{t('escalation.rootCauseLabel')}</Label>
            <Radio.Group
              aria-labelledby="ld-escalate-cause-label"
              value={cause}
              onChange={(e) => setCause(e.target.value as RootCause)}
              options={ROOT_CAUSES.map((c) => ({ value: c, label: t(`escalation.rootCause.${c}`) }))}
              data-testid="escalate-cause"
            />
          </div>
          {coach ? (
            <Alert
              type="warning"
              showIcon
              title={t('escalation.coachInstead')}
              description={t('escalation.coachBody')}
              data-testid="escalate-coach"
            />
          ) : (
            <>
              <Label htmlFor="ld-escalate-reason">{t('escalation.reasonLabel')}</Label>
              <Input.TextArea
                id="ld-escalate-reason"
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={JUDGMENT_TEXT.reason}
                autoSize={{ minRows: 2, maxRows: 5 }}
                data-testid="escalate-reason"
              />
            </>
          )}
        </>
      ) : null}
    </JudgmentModal>
  );
}

function ReviewDialog({
  caseId,
  escalationId,
  onClose,
}: {
  caseId: string;
  escalationId: string;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [justified, setJustified] = useState<boolean | null>(null);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const ready = justified !== null && comment.trim() !== '';
  async function confirm() {
    if (!ready || busy || justified === null) return;
    setBusy(true);
    const r = await useOpenCase
      .getState()
      .write('case.reviewEscalation', { caseId, escalationId, justified, comment: comment.trim() });
    setBusy(false);
    if (settle(r, null, [], t('escalation.reviewed'))) onClose();
  }
  return (
    <JudgmentModal
      title={t('escalation.reviewTitle')}
      ok={t('escalation.review')}
      ready={ready}
      busy={busy}
      testId="review-dialog"
      dirty={comment.trim() !== ''}
      waiting={justified === null ? t('judgment.wait.review') : t('judgment.wait.comment')}
      okTestId="review-ok"
      onOk={() => void confirm()}
      onClose={onClose}
    >
      <Radio.Group
        value={justified}
        onChange={(e) => setJustified(e.target.value as boolean)}
        options={[
          { value: true, label: t('escalation.justified') },
          { value: false, label: t('escalation.notJustified') },
        ]}
        style={{ marginBottom: 10 }}
        data-testid="review-justified"
      />
      <Label htmlFor="ld-review-comment">{t('escalation.comment')}</Label>
      <Input.TextArea
        id="ld-review-comment"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        maxLength={JUDGMENT_TEXT.reason}
        autoSize={{ minRows: 2, maxRows: 5 }}
        data-testid="review-comment"
      />
    </JudgmentModal>
  );
}

/** True when `me` may escalate the case at all (counter, supervisor, admin; the case open). */
export function canEscalate(detail: CaseDetail, me: StaffSummary | null): me is StaffSummary {
  return me !== null && detail.status !== 'closed' && me.role !== 'lead' && me.role !== 'qc';
}

/**
 * "Escalate…" and its dialog: on the escalation card, and beside step 5's
 * read-only escalated box (./CaseFactField.tsx). Nothing for a role that may not escalate.
 */
export function EscalateButton({
  detail,
  me,
  testId,
  link,
}: {
  detail: CaseDetail;
  me: StaffSummary | null;
  testId: string;
  /** A link-style button (inside a form) rather than a small one (a card's corner). */
  link?: boolean;
}) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState(false);
  if (!canEscalate(detail, me)) return null;
  // Review #11: no level above the case's that this role may reach (already at head office, or
  // a clerk's case already with the supervisor): the button stays, disabled, and says why.
  const level = detail.escalation?.level ?? 'counter';
  if (nextLevels(level, me.role).length === 0) {
    const why =
      level === 'head_office'
        ? t('judgmentCues.escalateTop', { level: t(`escalation.level.${level}`) })
        : t('judgmentCues.escalateCap', { level: t(`escalation.level.${level}`) });
    return (
      <Tooltip title={why}>
        <span data-testid={`${testId}-none`} data-why={why}>
          <Button
            size="small"
            type={link ? 'link' : 'default'}
            icon={<RiseOutlined />}
            disabled
            data-testid={testId}
          >
            {t('escalation.escalate')}
          </Button>
        </span>
      </Tooltip>
    );
  }
  return (
    <>
      <Button
        size="small"
        type={link ? 'link' : 'default'}
        icon={<RiseOutlined />}
        onClick={() => setDialog(true)}
        data-testid={testId}
      >
        {t('escalation.escalate')}
      </Button>
      {dialog ? <EscalateDialog detail={detail} me={me} onClose={() => setDialog(false)} /> : null}
    </>
  );
}

/** The escalation card of the case view's side column. */
export function EscalationCard({ detail, me }: { detail: CaseDetail; me: StaffSummary | null }) {
  const { t } = useTranslation();
  const [reviewing, setReviewing] = useState<string | null>(null);
  const e = detail.escalation;
  return (
    <Card
      size="small"
      title={t('escalation.title')}
      data-testid="escalation-card"
      extra={<EscalateButton detail={detail} me={me} testId="case-escalate" />}
    >
      {e === null ? (
        <Typography.Text type="secondary">{t('escalation.atCounter')}</Typography.Text>
      ) : (
        <Space orientation="vertical" size={6} style={{ width: '100%' }}>
          <LevelBadge level={e.level} />
          <Typography.Text type="secondary">
            {t('escalation.ownerStays', { name: detail.ownerName })}
          </Typography.Text>
          {e.steps.map((s) => (
            <div key={s.eventId} data-testid="escalation-step">
              <div>
                {t('escalation.step', {
                  from: t(`escalation.level.${s.from}`),
                  to: t(`escalation.level.${s.level}`),
                  cause: t(`escalation.rootCause.${s.rootCause}`),
                })}
              </div>
              <Typography.Text type="secondary">
                {t('escalation.by', { name: s.byName, at: formatDateTime(s.at) })}
              </Typography.Text>
              <div>{s.reason}</div>
              {s.review ? (
                <Tag color={s.review.justified ? 'green' : 'red'} data-testid="escalation-review">
                  {s.review.justified ? t('escalation.justified') : t('escalation.notJustified')}:{' '}
                  {s.review.comment}
                </Tag>
              ) : me !== null && canOverride(me) && !isOwnEscalation(s, { actor: me.id, role: me.role }) ? (
                <Button
                  size="small"
                  onClick={() => setReviewing(s.eventId)}
                  data-testid="escalation-review-open"
                >
                  {t('escalation.review')}
                </Button>
              ) : (
                <Tag data-testid="escalation-awaiting">
                  {canOverride(me) ? t('escalation.awaitingOther') : t('escalation.awaiting')}
                </Tag>
              )}
            </div>
          ))}
        </Space>
      )}
      {reviewing ? (
        <ReviewDialog caseId={detail.id} escalationId={reviewing} onClose={() => setReviewing(null)} />
      ) : null}
    </Card>
  );
}
