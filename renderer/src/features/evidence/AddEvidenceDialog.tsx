/**
 * The small form of "add evidence" (issue 12): the file (chosen here, or
 * dropped on the card), what it is evidence of, and a note. Enter submits.
 * The desk's refusals show under their fields (file, kind, note); nothing is
 * kept when it refuses.
 */
import { useRef, useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Space, Typography } from 'antd';
import { PaperClipOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EvidenceView } from '../../../../shared/contract/methods/evidence';
import { EVIDENCE_KINDS, EVIDENCE_NOTE_MAX } from '../../../../shared/domain/cases/evidence';
import { addEvidenceFile, type EvidenceAdded } from '../../bridge/evidenceFiles';
import { useLocale } from '../../i18n';
import { useSession } from '../../stores/session';
import { formatSize, guessKind } from './format';

interface Props {
  caseId: string;
  open: boolean;
  /** A file dropped on the card, to start with. */
  initialFile: File | null;
  onClose(): void;
  onAdded(r: EvidenceAdded): void;
}

export function AddEvidenceDialog({ caseId, open, initialFile, onClose, onAdded }: Props) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  const token = useSession((s) => s.token);
  const input = useRef<HTMLInputElement>(null);
  // Mounted for each opening (the card renders it only while open): starts from the dropped file.
  const [file, setFile] = useState<File | null>(initialFile);
  const [kind, setKind] = useState<EvidenceView['kind']>(initialFile ? guessKind(initialFile) : 'photo');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  function choose(f: File | null) {
    setFile(f);
    setFields({});
    setMessage(null);
    if (f) setKind(guessKind(f));
  }

  async function submit() {
    if (busy) return;
    if (!file) {
      setFields({ file: t('evidence.fileRequired') });
      return;
    }
    setBusy(true);
    const r = await addEvidenceFile({ caseId, kind, note: note.trim(), file }, token, locale);
    setBusy(false);
    if (!r.ok) {
      const f = { ...(r.error.fields ?? {}) };
      if (f.name) f.file = f.name;
      if (!f.file && r.error.code === 'too_large') f.file = r.error.message;
      setFields(f);
      setMessage(f.file || f.kind || f.note ? null : r.error.message);
      return;
    }
    onAdded(r.value);
  }

  const fileError = fields.file ?? null;
  return (
    <Modal
      open={open}
      title={t('evidence.addTitle')}
      okText={t('evidence.addOk')}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={busy}
      destroyOnHidden
      width={480}
      okButtonProps={{ ...{ 'data-testid': 'evidence-submit' } }}
    >
      <Form
        layout="vertical"
        onFinish={() => void submit()}
        data-testid="evidence-form"
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !(e.target instanceof HTMLTextAreaElement)) {
            e.preventDefault();
            void submit();
          }
        }}
      >
        <Form.Item
          label={t('evidence.file')}
          validateStatus={fileError ? 'error' : undefined}
          help={fileError ?? t('evidence.fileHelp')}
        >
          <Space wrap>
            <Button
              icon={<PaperClipOutlined />}
              onClick={() => input.current?.click()}
              data-testid="evidence-choose"
            >
              {file ? t('evidence.chooseOther') : t('evidence.choose')}
            </Button>
            {file ? (
              <Typography.Text data-testid="evidence-chosen" ellipsis style={{ maxWidth: 260 }}>
                {file.name} · {formatSize(file.size)}
              </Typography.Text>
            ) : null}
          </Space>
          <input
            ref={input}
            type="file"
            style={{ display: 'none' }}
            accept="image/jpeg,image/png,image/webp,image/heic,image/heif,application/pdf,audio/*,.heic,.heif,.amr,.m4a,.3gp,.3ga,.3g2"
            data-testid="evidence-file"
            onChange={(e) => choose(e.target.files?.[0] ?? null)}
          />
        </Form.Item>
        <Form.Item
          label={t('evidence.kind')}
          validateStatus={fields.kind ? 'error' : undefined}
          help={fields.kind}
        >
          <Select
            value={kind}
            onChange={setKind}
            data-testid="evidence-kind"
            options={EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`evidence.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('evidence.note')}
          validateStatus={fields.note ? 'error' : undefined}
          help={fields.note}
        >
          <Input
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={EVIDENCE_NOTE_MAX}
            placeholder={t('evidence.notePlaceholder')}
            data-testid="evidence-note"
          />
        </Form.Item>
        {message ? <Alert type="error" showIcon title={message} data-testid="evidence-error" /> : null}
      </Form>
    </Modal>
  );
}
