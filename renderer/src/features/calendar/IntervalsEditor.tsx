import { Button, Input, Tooltip, Typography } from 'antd';
import { CloseOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { WorkingInterval } from '../../../../shared/domain/deadlines/calendar';
import { errorAt, errorsUnder, type FieldErrors } from './fieldErrors';

interface Props {
  value: readonly WorkingInterval[];
  onChange(next: WorkingInterval[]): void;
  readOnly: boolean;
  /** The list's input path, e.g. "week.mon" or "extraDays.0.hours". */
  path: string;
  errors: FieldErrors;
  /** What the intervals belong to, e.g. 周一 (for screen readers). */
  label: string;
  testId: string;
}

const HHMM = /^(\d{2}):(\d{2})$/;

function minutes(text: string): number | null {
  const m = HHMM.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function hhmm(total: number): string {
  const t = Math.max(0, Math.min(24 * 60, total));
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
}

/** A sensible next interval: 09:00-17:30 on an empty day, else one hour after the last, for three hours. */
export function nextInterval(list: readonly WorkingInterval[]): WorkingInterval {
  const last = list[list.length - 1];
  if (!last) return { from: '09:00', to: '17:30' };
  const end = minutes(last.to) ?? 17 * 60 + 30;
  if (end >= 23 * 60) return { from: hhmm(end), to: '24:00' };
  return { from: hhmm(end + 60), to: hhmm(Math.min(end + 240, 24 * 60)) };
}

/** Working minutes of a day's intervals (ill-formed ones count nothing). */
export function intervalMinutes(list: readonly WorkingInterval[]): number {
  return list.reduce((s, i) => {
    const a = minutes(i.from);
    const b = minutes(i.to);
    return a !== null && b !== null && b > a ? s + b - a : s;
  }, 0);
}

/**
 * One day's working intervals (from–to, local wall time, HH:MM), with a
 * button to add one and one to remove each. The desk checks them: a wrong
 * time, an interval ending before it starts or overlapping the previous one
 * comes back as a field error shown under the row and on its inputs.
 */
export function IntervalsEditor({ value, onChange, readOnly, path, errors, label, testId }: Props) {
  const { t } = useTranslation();
  const messages = errorsUnder(errors, path);

  if (readOnly) {
    return (
      <span className="ld-intervals" data-testid={testId}>
        {value.length === 0 ? (
          <Typography.Text type="secondary">{t('calendar.closed')}</Typography.Text>
        ) : (
          value.map((i, n) => (
            <span key={n} className="ld-interval-text" data-testid={`${testId}-interval`}>
              {i.from}–{i.to}
            </span>
          ))
        )}
      </span>
    );
  }

  const put = (n: number, patch: Partial<WorkingInterval>) =>
    onChange(value.map((i, k) => (k === n ? { ...i, ...patch } : i)));

  return (
    <div className="ld-intervals-block">
      <span className="ld-intervals" data-testid={testId}>
        {value.length === 0 ? (
          <Typography.Text type="secondary" className="ld-interval-none">
            {t('calendar.closed')}
          </Typography.Text>
        ) : null}
        {value.map((i, n) => {
          const whole = errorAt(errors, `${path}.${n}`) !== undefined;
          const badFrom = whole || errorAt(errors, `${path}.${n}.from`) !== undefined;
          const badTo = whole || errorAt(errors, `${path}.${n}.to`) !== undefined;
          return (
            <span key={n} className="ld-interval" data-testid={`${testId}-interval`}>
              <Input
                size="small"
                className="ld-time-input"
                value={i.from}
                maxLength={5}
                placeholder="HH:MM"
                status={badFrom ? 'error' : undefined}
                aria-invalid={badFrom}
                aria-label={`${label} ${t('calendar.intervalN', { n: n + 1 })} ${t('calendar.from')}`}
                onChange={(e) => put(n, { from: e.target.value.trim() })}
                data-testid={`${testId}-from-${n}`}
              />
              <span aria-hidden>–</span>
              <Input
                size="small"
                className="ld-time-input"
                value={i.to}
                maxLength={5}
                placeholder="HH:MM"
                status={badTo ? 'error' : undefined}
                aria-invalid={badTo}
                aria-label={`${label} ${t('calendar.intervalN', { n: n + 1 })} ${t('calendar.to')}`}
                onChange={(e) => put(n, { to: e.target.value.trim() })}
                data-testid={`${testId}-to-${n}`}
              />
              <Tooltip title={t('calendar.removeInterval', { from: i.from, to: i.to })}>
                <Button
                  size="small"
                  type="text"
                  icon={<CloseOutlined />}
                  aria-label={`${label} ${t('calendar.removeInterval', { from: i.from, to: i.to })}`}
                  onClick={() => onChange(value.filter((_, k) => k !== n))}
                  data-testid={`${testId}-remove-${n}`}
                />
              </Tooltip>
            </span>
          );
        })}
        <Tooltip title={t('calendar.addInterval')}>
          <Button
            size="small"
            type="dashed"
            icon={<PlusOutlined />}
            aria-label={`${label} ${t('calendar.addInterval')}`}
            onClick={() => onChange([...value, nextInterval(value)])}
            data-testid={`${testId}-add`}
          />
        </Tooltip>
      </span>
      {messages.length > 0 ? (
        <div className="ld-field-errors" role="alert" data-testid={`${testId}-error`}>
          {messages.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
