import { Button, DatePicker, Input, Tooltip, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BranchCalendar } from '../../../../shared/domain/settings/payloads';
import { errorAt, errorsUnder, type FieldErrors } from './fieldErrors';
import { IntervalsEditor } from './IntervalsEditor';

interface Props {
  draft: BranchCalendar;
  onChange(next: BranchCalendar): void;
  readOnly: boolean;
  errors: FieldErrors;
}

const REASON_MAX = 200;

function DateCell({
  value,
  onChange,
  readOnly,
  error,
  label,
  testId,
}: {
  value: string;
  onChange(v: string): void;
  readOnly: boolean;
  error: string | undefined;
  label: string;
  testId: string;
}) {
  if (readOnly) return <span data-testid={testId}>{value}</span>;
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? dayjs(value) : dayjs(null);
  return (
    <DatePicker
      size="small"
      format="YYYY-MM-DD"
      value={d.isValid() ? d : null}
      allowClear={false}
      status={error ? 'error' : undefined}
      aria-invalid={error !== undefined}
      aria-label={label}
      onChange={(v) => onChange(v ? v.format('YYYY-MM-DD') : '')}
      style={{ width: 130 }}
      data-testid={testId}
    />
  );
}

/** An override's reason: text when read-only, else a bounded input. */
function ReasonCell({
  value,
  onChange,
  readOnly,
  error,
  placeholder,
  testId,
}: {
  value: string;
  onChange(v: string): void;
  readOnly: boolean;
  error: string | undefined;
  placeholder: string;
  testId: string;
}) {
  const { t } = useTranslation();
  if (readOnly) return <span className="ld-override-reason">{value}</span>;
  return (
    <Input
      size="small"
      value={value}
      maxLength={REASON_MAX}
      placeholder={placeholder}
      status={error ? 'error' : undefined}
      aria-invalid={error !== undefined}
      aria-label={t('calendar.reason')}
      onChange={(e) => onChange(e.target.value)}
      data-testid={testId}
    />
  );
}

function RemoveButton({ date, onRemove, testId }: { date: string; onRemove(): void; testId: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('calendar.remove')}>
      <Button
        size="small"
        type="text"
        danger
        icon={<DeleteOutlined />}
        aria-label={`${t('calendar.remove')} ${date}`}
        onClick={onRemove}
        data-testid={testId}
      />
    </Tooltip>
  );
}

/** One list of overrides: heading with its add button, a note when empty, the rows, then the list's errors. */
function OverrideSection({
  name,
  addTestId,
  title,
  addLabel,
  noneLabel,
  onAdd,
  readOnly,
  empty,
  errors,
  children,
}: {
  /** Ids and test ids derive from it: cal-<name>, cal-<name>-title, cal-<name>-error. */
  name: string;
  addTestId: string;
  title: string;
  addLabel: string;
  noneLabel: string;
  onAdd(): void;
  readOnly: boolean;
  empty: boolean;
  errors: readonly string[];
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`cal-${name}-title`} data-testid={`cal-${name}`}>
      <div className="ld-cal-subhead">
        <span id={`cal-${name}-title`}>{title}</span>
        {readOnly ? null : (
          <Button size="small" icon={<PlusOutlined />} onClick={onAdd} data-testid={addTestId}>
            {addLabel}
          </Button>
        )}
      </div>
      {empty ? (
        <Typography.Text type="secondary" className="ld-cal-none">
          {noneLabel}
        </Typography.Text>
      ) : null}
      {children}
      {errors.length > 0 ? (
        <div className="ld-field-errors" role="alert" data-testid={`cal-${name}-error`}>
          {errors.map((m) => (
            <div key={m}>{m}</div>
          ))}
        </div>
      ) : null}
    </section>
  );
}

/** The branch's own dates: days it is closed (with a reason) and extra working days (hours and reason). */
export function OverridesEditor({ draft, onChange, readOnly, errors }: Props) {
  const { t } = useTranslation();
  const today = dayjs().format('YYYY-MM-DD');

  const closureErrors = errorsUnder(errors, 'closures');
  // An extra day's hours show their own errors (IntervalsEditor).
  const extraErrors = errorsUnder(
    Object.fromEntries(Object.entries(errors).filter(([p]) => !/^extraDays\.\d+\.hours/.test(p))),
    'extraDays',
  );

  return (
    <div className="ld-overrides">
      <OverrideSection
        name="closures"
        addTestId="cal-closure-add"
        title={t('calendar.closures')}
        addLabel={t('calendar.addClosure')}
        noneLabel={t('calendar.noClosures')}
        onAdd={() => onChange({ ...draft, closures: [...draft.closures, { date: today, reason: '' }] })}
        readOnly={readOnly}
        empty={draft.closures.length === 0}
        errors={closureErrors}
      >
        {draft.closures.map((c, i) => {
          const put = (patch: Partial<(typeof draft.closures)[number]>) =>
            onChange({
              ...draft,
              closures: draft.closures.map((x, k) => (k === i ? { ...x, ...patch } : x)),
            });
          return (
            <div key={i} className="ld-override-row" data-testid="cal-closure">
              <DateCell
                value={c.date}
                onChange={(date) => put({ date })}
                readOnly={readOnly}
                error={errorAt(errors, `closures.${i}.date`)}
                label={t('calendar.closureDate', { n: i + 1 })}
                testId={`cal-closure-date-${i}`}
              />
              <ReasonCell
                value={c.reason}
                onChange={(reason) => put({ reason })}
                readOnly={readOnly}
                error={errorAt(errors, `closures.${i}.reason`)}
                placeholder={t('calendar.closureReasonPlaceholder')}
                testId={`cal-closure-reason-${i}`}
              />
              {readOnly ? null : (
                <RemoveButton
                  date={c.date}
                  onRemove={() => onChange({ ...draft, closures: draft.closures.filter((_, k) => k !== i) })}
                  testId={`cal-closure-remove-${i}`}
                />
              )}
            </div>
          );
        })}
      </OverrideSection>

      <OverrideSection
        name="extra"
        addTestId="cal-extra-add"
        title={t('calendar.extraDays')}
        addLabel={t('calendar.addExtraDay')}
        noneLabel={t('calendar.noExtraDays')}
        onAdd={() =>
          onChange({
            ...draft,
            extraDays: [
              ...draft.extraDays,
              {
                date: today,
                hours: draft.week[draft.makeUpHoursOf].map((h) => ({ ...h })),
                reason: '',
              },
            ],
          })
        }
        readOnly={readOnly}
        empty={draft.extraDays.length === 0}
        errors={extraErrors}
      >
        {draft.extraDays.map((x, i) => {
          const put = (patch: Partial<(typeof draft.extraDays)[number]>) =>
            onChange({
              ...draft,
              extraDays: draft.extraDays.map((y, k) => (k === i ? { ...y, ...patch } : y)),
            });
          return (
            <div key={i} className="ld-override-row ld-override-extra" data-testid="cal-extra-day">
              <DateCell
                value={x.date}
                onChange={(date) => put({ date })}
                readOnly={readOnly}
                error={errorAt(errors, `extraDays.${i}.date`)}
                label={t('calendar.extraDate', { n: i + 1 })}
                testId={`cal-extra-date-${i}`}
              />
              <IntervalsEditor
                value={x.hours}
                onChange={(hours) => put({ hours })}
                readOnly={readOnly}
                path={`extraDays.${i}.hours`}
                errors={errors}
                label={x.date}
                testId={`cal-extra-hours-${i}`}
              />
              <ReasonCell
                value={x.reason}
                onChange={(reason) => put({ reason })}
                readOnly={readOnly}
                error={errorAt(errors, `extraDays.${i}.reason`)}
                placeholder={t('calendar.extraReasonPlaceholder')}
                testId={`cal-extra-reason-${i}`}
              />
              {readOnly ? null : (
                <RemoveButton
                  date={x.date}
                  onRemove={() =>
                    onChange({ ...draft, extraDays: draft.extraDays.filter((_, k) => k !== i) })
                  }
                  testId={`cal-extra-remove-${i}`}
                />
              )}
            </div>
          );
        })}
      </OverrideSection>
    </div>
  );
}
