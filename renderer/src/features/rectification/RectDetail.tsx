/**
 * One rectification item: what it is for, the defect and the measure, owner
 * and due date, its effect so far, its history (opened, progress,
 * completions, reopenings), and the acts the signed-in person may do: the
 * owner or a supervisor records progress; a supervisor completes (with the
 * evidence) and reopens (with the reason).
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Space, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RectView } from '../../../../shared/contract/methods/rectification';
import type { StaffSummary } from '../../../../shared/contract/methods/staff';
import { RECT_LIMITS } from '../../../../shared/domain/rectification/payloads';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { useLabels } from '../../lib/labels';
import { canOverride } from '../../stores/session';
import { settle } from '../handling/followUpShared';
import { useFailurePoints } from '../handling/CaseTagsCard';
import { JudgmentModal, Label } from '../judgment/JudgmentModal';
import { EffectCell } from './EffectCell';
import { STATE_COLORS, scopeText } from './rectShared';

type Act = 'complete' | 'reopen' | null;

const PRE = { whiteSpace: 'pre-wrap' } as const;

function ActDialog({ item, act, onClose }: { item: RectView; act: 'complete' | 'reopen'; onClose(): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const ready = text.trim() !== '';
  async function confirm() {
    if (!ready || busy) return;
    setBusy(true);
    const r =
      act === 'complete'
        ? await callDesk('rectification.complete', { id: item.id, evidence: text.trim() })
        : await callDesk('rectification.reopen', { id: item.id, reason: text.trim() });
    setBusy(false);
    if (settle(r, null, [], t(act === 'complete' ? 'rect.completed' : 'rect.reopened'))) onClose();
  }
  return (
    <JudgmentModal
      title={t(act === 'complete' ? 'rect.completeTitle' : 'rect.reopenTitle')}
      ok={t(act === 'complete' ? 'rect.complete' : 'rect.reopen').replace('…', '')}
      ready={ready}
      busy={busy}
      testId={`rect-${act}-dialog`}
      dirty={text.trim() !== ''}
      waiting={t(act === 'complete' ? 'judgment.wait.evidence' : 'judgment.wait.reason')}
      onOk={() => void confirm()}
      onClose={onClose}
    >
      <Label id="rect-act-label">{t(act === 'complete' ? 'rect.evidence' : 'rect.reason')}</Label>
      <Input.TextArea
        aria-labelledby="rect-act-label"
        autoFocus
        value={text}
        maxLength={RECT_LIMITS.note}
        placeholder={act === 'complete' ? t('rect.evidenceHint') : undefined}
        autoSize={{ minRows: 3, maxRows: 6 }}
        onChange={(e) => setText(e.target.value)}
        data-testid={`rect-${act}-text`}
      />
    </JudgmentModal>
  );
}

export function RectDetail({
  item,
  me,
  effectAvailable,
}: {
  item: RectView;
  me: StaffSummary | null;
  effectAvailable: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const labels = useLabels();
  const points = useFailurePoints();
  const [act, setAct] = useState<Act>(null);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const supervising = canOverride(me);
  const mayProgress = supervising || me?.id === item.owner;

  async function progress() {
    if (busy || note.trim() === '') return;
    setBusy(true);
    const r = await callDesk('rectification.progress', { id: item.id, note: note.trim() });
    setBusy(false);
    if (settle(r, null, [], t('rect.progressed'))) setNote('');
  }

  const history = [
    {
      at: item.openedAt,
      color: 'blue',
      text: t('rect.openedBy', { name: item.openedByName, at: formatDateTime(item.openedAt) }),
    },
    ...item.progress.map((n) => ({
      at: n.at,
      color: 'gray',
      text: t('rect.progressBy', { name: n.byName, at: formatDateTime(n.at), text: n.text }),
    })),
    ...item.completions.map((n) => ({
      at: n.at,
      color: 'green',
      text: t('rect.completedBy', { name: n.byName, at: formatDateTime(n.at), text: n.text }),
    })),
    ...item.reopens.map((n) => ({
      at: n.at,
      color: 'red',
      text: t('rect.reopenedBy', { name: n.byName, at: formatDateTime(n.at), text: n.text }),
    })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  return (
    <Card
      size="small"
      data-testid="rect-detail"
      title={
        <Space>
          <Tag color={STATE_COLORS[item.state]} data-testid="rect-state">
            {t(`rect.states.${item.state}`)}
          </Tag>
          <span>{scopeText(t, labels, points, locale, item.scope)}</span>
        </Space>
      }
      extra={
        supervising ? (
          item.state === 'done' ? (
            <Button size="small" onClick={() => setAct('reopen')} data-testid="rect-reopen">
              {t('rect.reopen')}
            </Button>
          ) : (
            <Button
              size="small"
              type="primary"
              onClick={() => setAct('complete')}
              data-testid="rect-complete"
            >
              {t('rect.complete')}
            </Button>
          )
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={2}
        items={[
          {
            key: 'defect',
            label: t('rect.defect'),
            span: 2,
            children: <span style={PRE}>{item.defect}</span>,
          },
          {
            key: 'measure',
            label: t('rect.measure'),
            span: 2,
            children: <span style={PRE}>{item.measure}</span>,
          },
          { key: 'owner', label: t('rect.owner'), children: item.ownerName },
          { key: 'due', label: t('rect.dueAt'), children: formatDateTime(item.dueAt) },
          {
            key: 'effect',
            label: t('rect.effect'),
            span: 2,
            children: <EffectCell effect={item.effect} available={effectAvailable} detailed />,
          },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 12 }}>
        {t('rect.history')}
      </Typography.Title>
      <Timeline
        items={history.map((h) => ({ color: h.color, content: <span style={PRE}>{h.text}</span> }))}
        data-testid="rect-history"
      />
      {mayProgress && item.state !== 'done' ? (
        <Space.Compact style={{ width: '100%' }}>
          <Input
            value={note}
            maxLength={RECT_LIMITS.note}
            placeholder={t('rect.progressNote')}
            aria-label={t('rect.progressNote')}
            onChange={(e) => setNote(e.target.value)}
            onPressEnter={() => void progress()}
            data-testid="rect-progress-text"
          />
          <Button
            loading={busy}
            disabled={note.trim() === ''}
            onClick={() => void progress()}
            data-testid="rect-progress"
          >
            {t('rect.progress')}
          </Button>
        </Space.Compact>
      ) : null}
      {item.state === 'overdue' ? (
        <Alert type="error" showIcon style={{ marginTop: 8 }} title={t('rect.states.overdue')} />
      ) : null}
      {act ? <ActDialog item={item} act={act} onClose={() => setAct(null)} /> : null}
    </Card>
  );
}
