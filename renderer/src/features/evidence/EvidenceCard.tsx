/**
 * The case's evidence (issue 12 item 1): each file with its kind, name, size,
 * who added it and when, and whether it is still waiting to go up to head
 * office or not yet downloaded to this desk; open (download) each; add one
 * through the small form or by dropping a file on the card (browser mode
 * and Electron alike).
 */
import { useEffect, useState } from 'react';
import { Button, Card, List, Space, Tag, Typography } from 'antd';
import {
  AudioOutlined,
  DownloadOutlined,
  FileImageOutlined,
  FileProtectOutlined,
  FileTextOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/contract/methods/cases';
import type { EvidenceView } from '../../../../shared/contract/methods/evidence';
import { downloadEvidence } from '../../bridge/evidenceFiles';
import { useLocale } from '../../i18n';
import { callDesk } from '../../lib/desk';
import { formatDateTime } from '../../lib/format';
import { showError, showSuccess } from '../../lib/notify';
import { useSession } from '../../stores/session';
import { AddEvidenceDialog } from './AddEvidenceDialog';
import { formatSize } from './format';

const KIND_ICONS: Record<EvidenceView['kind'], React.ReactNode> = {
  photo: <FileImageOutlined />,
  recording: <AudioOutlined />,
  statement: <FileProtectOutlined />,
  document: <FileTextOutlined />,
};

function StateTag({ e }: { e: EvidenceView }) {
  const { t } = useTranslation();
  if (e.pendingUpload) return <Tag color="orange">{t('evidence.state.pending')}</Tag>;
  if (e.file === 'missing') return <Tag>{t('evidence.state.missing')}</Tag>;
  return <Tag color="green">{t('evidence.state.synced')}</Tag>;
}

export function EvidenceCard({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const token = useSession((s) => s.token);
  const [items, setItems] = useState<EvidenceView[]>([]);
  const [dialog, setDialog] = useState<{ file: File | null } | null>(null);
  const [dragging, setDragging] = useState(false);
  const [opening, setOpening] = useState<string | null>(null);

  /** Bumped to read the list again (after an add or an open). */
  const [reads, setReads] = useState(0);
  const load = () => setReads((n) => n + 1);

  useEffect(() => {
    let live = true;
    void callDesk('case.evidence.list', { caseId: detail.id }).then((r) => {
      if (live && r.ok) setItems(r.value.items);
    });
    return () => {
      live = false;
    };
  }, [detail.id, detail.updatedAt, reads]);

  async function open(e: EvidenceView) {
    setOpening(e.sha256);
    const r = await downloadEvidence(detail.id, e, token, locale);
    setOpening(null);
    if (!r.ok) showError(r.error);
    load();
  }

  return (
    <Card
      size="small"
      title={t('evidence.title')}
      data-testid="evidence-card"
      className={dragging ? 'ld-evidence-drop' : undefined}
      style={dragging ? { outline: '2px dashed #1677ff', outlineOffset: 2 } : undefined}
      extra={
        <Button
          size="small"
          icon={<PlusOutlined />}
          onClick={() => setDialog({ file: null })}
          data-testid="evidence-add"
        >
          {t('evidence.add')}
        </Button>
      }
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const file = e.dataTransfer.files[0];
        if (file) setDialog({ file });
      }}
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary" data-testid="evidence-empty">
          {t('evidence.empty')}
        </Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(e) => (
            <List.Item
              key={e.sha256}
              data-testid="evidence-item"
              actions={[
                <Button
                  key="open"
                  size="small"
                  type="link"
                  icon={<DownloadOutlined />}
                  loading={opening === e.sha256}
                  onClick={() => void open(e)}
                  aria-label={t('evidence.open', { name: e.name })}
                  data-testid="evidence-open"
                />,
              ]}
            >
              <Space orientation="vertical" size={0} style={{ minWidth: 0 }}>
                <Typography.Text ellipsis style={{ maxWidth: 230 }} title={e.name}>
                  <span aria-hidden>{KIND_ICONS[e.kind]} </span>
                  {e.name}
                </Typography.Text>
                <span className="ld-muted" style={{ fontSize: 12 }}>
                  {t(`evidence.kinds.${e.kind}`)} · {formatSize(e.size)} · {e.actorName} ·{' '}
                  {formatDateTime(e.addedAt)} <StateTag e={e} />
                </span>
                {e.note ? <span className="ld-muted">{e.note}</span> : null}
              </Space>
            </List.Item>
          )}
        />
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('evidence.dropHint')}
      </Typography.Text>
      {dialog ? (
        <AddEvidenceDialog
          caseId={detail.id}
          open
          initialFile={dialog.file}
          onClose={() => setDialog(null)}
          onAdded={(r) => {
            setDialog(null);
            showSuccess(
              r.added
                ? t('evidence.added', { name: r.evidence.name })
                : t('evidence.already', { name: r.evidence.name }),
            );
            load();
          }}
        />
      ) : null}
    </Card>
  );
}
