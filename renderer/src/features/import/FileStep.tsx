/**
 * The first step: choose the log (a button the keyboard reaches first, or a
 * file dropped on the area). Only the types the desk reads are offered; the
 * core refuses anything else too, naming the file.
 */
import { useRef, useState } from 'react';
import { Button, Typography } from 'antd';
import { FileExcelOutlined, InboxOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export const IMPORT_EXTENSIONS = ['.xlsx', '.xls', '.csv', '.txt'] as const;

export function hasImportExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return IMPORT_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

export function FileStep({ busy, onFile }: { busy: boolean; onFile: (file: File) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  return (
    <div
      className={`ld-import-drop${over ? ' ld-import-drop-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f && !busy) onFile(f);
      }}
      data-testid="import-drop"
    >
      <InboxOutlined className="ld-import-drop-icon" />
      <Typography.Paragraph strong style={{ marginBottom: 4 }}>
        {t('importLog.dropHint')}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('importLog.types')}</Typography.Paragraph>
      <Button
        type="primary"
        icon={<FileExcelOutlined />}
        loading={busy}
        autoFocus
        onClick={() => input.current?.click()}
        data-testid="import-choose"
      >
        {t('importLog.choose')}
      </Button>
      <input
        ref={input}
        type="file"
        accept={IMPORT_EXTENSIONS.join(',')}
        hidden
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = ''; // the same file chosen again is a new choice
          if (f) onFile(f);
        }}
        data-testid="import-file"
      />
      <Typography.Paragraph type="secondary" className="ld-import-drop-note">
        {t('importLog.fileNote')}
      </Typography.Paragraph>
    </div>
  );
}
