/**
 * `#/import`: bringing a hand-kept complaint log in (issue 13 item 2;
 * docs/import.md "On the desk"), supervisors and administrators only. Four
 * steps: the file (staged with the desk, then read and checked as a preview
 * job with progress and cancel), the columns' mapping, the unknown values,
 * and the preview with the import itself (a job writing the cases, which
 * remembers the mapping for the branch's next log). Any change of mapping
 * reads the file again before the import is offered.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Result, Space, Steps, Typography } from 'antd';
import {
  CheckOutlined,
  FileTextOutlined,
  ImportOutlined,
  LeftOutlined,
  ReloadOutlined,
  RightOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type {
  ImportMapping,
  ImportPreviewView,
  StagedImportFile,
} from '../../../../shared/contract/methods/import';
import type { ApiError } from '../../../../shared/contract/result';
import type { ImportField } from '../../../../shared/domain/import/fields';
import { callDesk, stageImport } from '../../lib/desk';
import { useCases } from '../../stores/cases';
import { useNav } from '../../stores/nav';
import { canOverride, useSession } from '../../stores/session';
import { FileStep, hasImportExtension } from './FileStep';
import { JobProgress } from './JobProgress';
import { MappingStep } from './MappingStep';
import {
  EMPTY_DRAFT,
  mappingUpdate,
  shownUnknowns,
  unknownKey,
  withDefault,
  withHeader,
  withValue,
  type MappingDraft,
  type UnknownValue,
} from './mappingDraft';
import { ImportOutcome, PreviewStep } from './PreviewStep';
import { UnknownValuesStep } from './UnknownValuesStep';
import { useImportJob } from './useImportJob';
import './import.css';

const FILE = 0;
const MAPPING = 1;
const UNKNOWNS = 2;
const PREVIEW = 3;

export function ImportPage() {
  const { t } = useTranslation();
  const staff = useSession((s) => s.staff);
  const go = useNav((s) => s.go);
  if (!canOverride(staff)) {
    return (
      <Result
        status="403"
        title={<span data-testid="import-forbidden">{t('importLog.forbidden')}</span>}
        extra={
          <Button type="primary" autoFocus onClick={() => go({ name: 'list' })}>
            {t('common.back')}
          </Button>
        }
      />
    );
  }
  return <ImportWizard />;
}

function ImportWizard() {
  const { t } = useTranslation();
  const go = useNav((s) => s.go);
  const [step, setStep] = useState(FILE);
  const [staged, setStaged] = useState<StagedImportFile | null>(null);
  const [staging, setStaging] = useState(false);
  const [fileError, setFileError] = useState<ApiError | null>(null);
  const [draft, setDraft] = useState<MappingDraft>(EMPTY_DRAFT);
  /** The sheet the shown preview read (a sheet chosen but refused leaves it as it was). */
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [preview, setPreview] = useState<ImportPreviewView | null>(null);
  /** Every unknown value this file's previews have listed (a mapped one leaves the preview, not the screen). */
  const [seen, setSeen] = useState<ReadonlyMap<string, UnknownValue>>(new Map());
  const [remembered, setRemembered] = useState<ImportMapping | null>(null);
  /** A failed check whose message the clerk has closed. */
  const [dismissed, setDismissed] = useState<string | null>(null);
  /** The step to open once the running preview has been read. */
  const pending = useRef<number | null>(null);

  // A preview read: shown, its unknown values kept for the screen, and the step it was run for opened.
  const onPreview = useCallback((p: ImportPreviewView) => {
    setPreview(p);
    setSheet(p.sheet);
    setSeen((prev) => {
      const next = new Map(prev);
      for (const u of p.unknownValues) next.set(unknownKey(u), u);
      return next;
    });
    const then = pending.current;
    pending.current = null;
    // A required field without a column: the columns step, where the clerk chooses it.
    if (then !== null && (p.missingRequired ?? []).length > 0) setStep(MAPPING);
    else if (then !== null) setStep(then === UNKNOWNS && p.unknownValues.length === 0 ? PREVIEW : then);
  }, []);
  const check = useImportJob(onPreview);
  const write = useImportJob();

  // A new step: the keyboard continues from its main button (the one pressed is gone).
  useEffect(() => {
    if (step > FILE) document.querySelector<HTMLElement>('.ld-import-bar .ant-btn-primary')?.focus();
  }, [step]);

  // The branch's remembered mapping: at the start, and again once an import has remembered this run's.
  const imported = write.job?.state === 'done';
  useEffect(() => {
    void callDesk('import.mapping', {}).then((r) => {
      if (r.ok) setRemembered(r.value);
    });
  }, [imported]);

  const runCheck = useCallback(
    (file: StagedImportFile, d: MappingDraft, s: string | undefined, then: number) => {
      pending.current = then;
      setDirty(false);
      write.reset();
      void check.start(() =>
        callDesk('import.preview', { fileId: file.fileId, sheet: s, mapping: mappingUpdate(d) }),
      );
    },
    [check, write],
  );

  async function chooseFile(file: File) {
    setFileError(null);
    if (!hasImportExtension(file.name)) {
      setFileError({ code: 'invalid_input', message: t('importLog.wrongType', { name: file.name }) });
      return;
    }
    setStaging(true);
    const r = await stageImport(file);
    setStaging(false);
    if (!r.ok) {
      setFileError(r.error);
      return;
    }
    setStaged(r.value);
    setDraft(EMPTY_DRAFT);
    setSheet(undefined);
    setPreview(null);
    setSeen(new Map());
    setStep(FILE);
    runCheck(r.value, EMPTY_DRAFT, undefined, MAPPING);
  }

  function edit(next: MappingDraft) {
    setDraft(next);
    setDirty(true);
  }

  function startOver() {
    check.reset();
    write.reset();
    setStaged(null);
    setPreview(null);
    setDraft(EMPTY_DRAFT);
    setSheet(undefined);
    setDirty(false);
    setSeen(new Map());
    setStep(FILE);
  }

  async function startImport() {
    if (!staged) return;
    await write.start(() =>
      callDesk('import.start', {
        fileId: staged.fileId,
        sheet,
        mapping: mappingUpdate(draft),
        remember: true,
      }),
    );
  }

  function toList() {
    void useCases.getState().reload();
    go({ name: 'list' });
  }

  const busy = staging || check.active || write.active;
  /** The import ran to its end (a cancelled or failed one can be started again: rows already written are skipped). */
  const wrote = write.job?.state === 'done';
  const writeEnded = write.job !== null && !write.active;
  const nextStep = step + 1 === UNKNOWNS && preview && seen.size === 0 ? PREVIEW : step + 1;
  const unknownRows = preview ? shownUnknowns(seen, preview, draft) : [];
  const failure = fileError ?? check.failure ?? write.failure;
  /** A required field has no column: nothing past the columns step until a re-check finds one. */
  const unmapped = (preview?.missingRequired ?? []).length > 0;
  const readFailed =
    check.job?.state === 'failed' && check.job.id !== dismissed
      ? { id: check.job.id, ...check.job.error }
      : null;

  return (
    <div className="ld-import-page" data-testid="import-page">
      <div className="ld-import-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('importLog.title')}
        </Typography.Title>
        <Steps
          size="small"
          current={step}
          onChange={(s) => {
            if (!busy && preview && s > FILE) setStep(s);
          }}
          items={[
            { title: t('importLog.stepFile'), disabled: busy },
            { title: t('importLog.stepMapping'), disabled: busy || !preview },
            { title: t('importLog.stepUnknowns'), disabled: busy || !preview || unmapped },
            { title: t('importLog.stepPreview'), disabled: busy || !preview || unmapped },
          ]}
          className="ld-import-steps"
          data-testid="import-steps"
        />
      </div>
      {step > FILE ? (
        <div className="ld-import-bar" data-testid="import-bar">
          <Typography.Text ellipsis className="ld-import-bar-file" data-testid="import-file-name">
            <FileTextOutlined /> {staged?.name}
          </Typography.Text>
          <Space wrap>
            <Button onClick={startOver} disabled={busy} data-testid="import-other">
              {t('importLog.otherFile')}
            </Button>
            {step > MAPPING && !wrote ? (
              <Button
                icon={<LeftOutlined />}
                disabled={busy}
                onClick={() => setStep(step === PREVIEW && seen.size === 0 ? MAPPING : step - 1)}
                data-testid="import-back"
              >
                {t('importLog.back')}
              </Button>
            ) : null}
            {dirty && staged ? (
              <Button
                icon={<ReloadOutlined />}
                disabled={busy}
                onClick={() => runCheck(staged, draft, sheet, step)}
                data-testid="import-recheck"
              >
                {t('importLog.recheck')}
              </Button>
            ) : null}
            {step < PREVIEW ? (
              <Button
                type="primary"
                icon={<RightOutlined />}
                disabled={busy || (unmapped && !dirty)}
                onClick={() =>
                  dirty && staged ? runCheck(staged, draft, sheet, nextStep) : setStep(nextStep)
                }
                data-testid="import-next"
              >
                {dirty ? t('importLog.checkAndNext') : t('importLog.next')}
              </Button>
            ) : wrote ? (
              <Button
                type="primary"
                icon={<CheckOutlined />}
                onClick={toList}
                autoFocus
                data-testid="import-to-list"
              >
                {t('importLog.toList')}
              </Button>
            ) : (
              <Button
                type="primary"
                icon={<ImportOutlined />}
                disabled={busy || dirty || !preview || preview.cases === 0}
                onClick={() => void startImport()}
                data-testid="import-start"
              >
                {t('importLog.start', { n: preview ? Math.max(0, preview.cases - preview.already) : 0 })}
              </Button>
            )}
          </Space>
        </div>
      ) : null}
      {failure ? (
        <Alert type="error" showIcon title={failure.message} closable data-testid="import-error" />
      ) : null}
      {readFailed ? (
        <Alert
          type="error"
          showIcon
          title={preview ? t('importLog.readFailedKept') : t('importLog.readFailed')}
          description={readFailed.message}
          closable={preview !== null}
          onClose={() => setDismissed(readFailed.id)}
          data-testid="import-read-error"
        />
      ) : null}
      {check.job && check.active ? (
        <JobProgress
          job={check.job}
          what="preview"
          onCancel={() => void check.cancel()}
          testId="import-checking"
        />
      ) : null}
      {write.job && write.active ? (
        <JobProgress
          job={write.job}
          what="write"
          onCancel={() => void write.cancel()}
          testId="import-writing"
        />
      ) : null}
      {write.job && writeEnded ? <ImportOutcome job={write.job} /> : null}
      {step === FILE ? <FileStep busy={busy} onFile={(f) => void chooseFile(f)} /> : null}
      {step === MAPPING && preview ? (
        <MappingStep
          preview={preview}
          draft={draft}
          remembered={remembered}
          disabled={busy}
          onHeader={(header: string, field: ImportField | null) => edit(withHeader(draft, header, field))}
          onDefault={(f, v) => edit(withDefault(draft, f, v))}
          onSheet={(s) => {
            if (staged) runCheck(staged, draft, s, MAPPING);
          }}
        />
      ) : null}
      {step === UNKNOWNS && preview ? (
        <UnknownValuesStep
          rows={unknownRows}
          disabled={busy}
          onValue={(f, text, v) => edit(withValue(draft, f, text, v))}
        />
      ) : null}
      {step === PREVIEW && preview ? <PreviewStep preview={preview} imported={wrote} /> : null}
    </div>
  );
}
