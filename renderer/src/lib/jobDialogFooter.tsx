/**
 * The footer of a job dialog (./useJobDialog.ts): Cancel while the job is
 * active; otherwise Close, then Download once it is done or Start. Texts come
 * from `<ns>.cancel|cancelling|close|download|start`, test ids are
 * `<testId>-cancel|close|download|start`.
 */
import type { ReactNode } from 'react';
import { Button } from 'antd';
import { DownloadOutlined, StopOutlined } from '@ant-design/icons';
import type { TFunction } from 'i18next';
import type { JobDialog } from './useJobDialog';

export interface JobFooterOptions {
  dialog: JobDialog;
  t: TFunction;
  ns: 'exports' | 'reports';
  testId: string;
  startIcon: ReactNode;
  onStart: () => void;
  onClose: () => void;
}

export function jobDialogFooter(o: JobFooterOptions): ReactNode[] {
  const { dialog, t, ns, testId } = o;
  const { job, active } = dialog;
  if (active && job) {
    return [
      <Button
        key="cancel"
        danger
        icon={<StopOutlined />}
        disabled={job.cancelRequested}
        onClick={() => void dialog.cancel()}
        data-testid={`${testId}-cancel`}
      >
        {job.cancelRequested ? t(`${ns}.cancelling`) : t(`${ns}.cancel`)}
      </Button>,
    ];
  }
  return [
    <Button key="close" onClick={o.onClose} data-testid={`${testId}-close`}>
      {t(`${ns}.close`)}
    </Button>,
    job?.state === 'done' ? (
      <Button
        key="download"
        type="primary"
        icon={<DownloadOutlined />}
        onClick={() => void dialog.download()}
        data-testid={`${testId}-download`}
      >
        {t(`${ns}.download`)}
      </Button>
    ) : (
      <Button
        key="start"
        type="primary"
        icon={o.startIcon}
        loading={dialog.starting}
        onClick={o.onStart}
        data-testid={`${testId}-start`}
      >
        {t(`${ns}.start`)}
      </Button>
    ),
  ];
}
