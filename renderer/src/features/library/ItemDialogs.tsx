/**
 * The case library's write dialogs: a standard answer or a prepared plan
 * (category, title, text; a warning when the text says 赔偿) and a library
 * entry (theme, category, background, details, result, discussion), each
 * new or edited. The desk's field errors show under their fields.
 */
import { useState } from 'react';
import { Alert, Col, Form, Input, Modal, Row } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LibraryItemView } from '../../../../shared/contract/methods/library';
import { LIBRARY_LIMITS } from '../../../../shared/domain/library/payloads';
import { CategoryPicker } from '../../lib/CategoryPicker';
import { callDesk } from '../../lib/desk';
import { applyFieldErrors } from '../../lib/formErrors';
import { onCtrlEnter } from '../../lib/keys';
import { showError, showSuccess } from '../../lib/notify';
import { saysIndemnity, type EntryDraft } from './libraryShared';

interface TextValues {
  category: string;
  title: string;
  text: string;
}

/** A new or edited standard answer (`answer`) or prepared plan (`plan`). */
export function TextItemDialog({
  kind,
  item,
  category,
  open,
  onClose,
}: {
  kind: 'answer' | 'plan';
  /** The item edited; null for a new one. */
  item: LibraryItemView | null;
  /** A new item's category. */
  category?: string | undefined;
  open: boolean;
  onClose: (saved: LibraryItemView | null) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<TextValues>();
  const [busy, setBusy] = useState(false);
  const body = Form.useWatch('text', form);
  const title = Form.useWatch('title', form);

  async function save(v: TextValues) {
    setBusy(true);
    const r =
      kind === 'answer'
        ? await callDesk('library.setAnswer', { ...v, ...(item ? { answerId: item.id } : {}) })
        : await callDesk('library.setPlan', { ...v, ...(item ? { planId: item.id } : {}) });
    setBusy(false);
    if (!r.ok) {
      const rest = applyFieldErrors(form, r.error.fields, ['category', 'title', 'text']);
      if (rest.length > 0 || !r.error.fields) showError(r.error);
      return;
    }
    showSuccess(t('library.saved'));
    onClose(r.value);
  }

  return (
    <Modal
      open={open}
      title={item ? t('library.edit') : kind === 'answer' ? t('library.newAnswer') : t('library.newPlan')}
      okText={t('library.save')}
      cancelText={t('library.cancel')}
      okButtonProps={{ loading: busy, ...{ 'data-testid': 'library-item-save' } }}
      onOk={() => form.submit()}
      onCancel={() => onClose(null)}
      destroyOnHidden
      width={640}
      wrapProps={{ 'data-testid': 'library-item-dialog' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          category: item?.category ?? category,
          title: item?.title ?? '',
          text: item?.text ?? '',
        }}
        onFinish={(v) => void save(v)}
        onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
      >
        <Form.Item name="category" label={t('library.category')} rules={[{ required: true }]}>
          <CategoryPicker data-testid="library-item-category" />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('library.titleLabel')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input maxLength={LIBRARY_LIMITS.title} data-testid="library-item-title" />
        </Form.Item>
        <Form.Item name="text" label={t('library.text')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea
            autoSize={{ minRows: 5, maxRows: 14 }}
            maxLength={LIBRARY_LIMITS.text}
            data-testid="library-item-text"
          />
        </Form.Item>
        {saysIndemnity(body) || saysIndemnity(title) ? (
          <Alert
            type="warning"
            showIcon
            title={t('library.indemnityWarning')}
            data-testid="library-indemnity"
          />
        ) : null}
      </Form>
    </Modal>
  );
}

type EntryValues = Omit<EntryDraft, 'caseId'>;

/** A new library entry (from a closed case when `draft.caseId` is set) or an edited one. */
export function EntryDialog({
  item,
  draft,
  title,
  open,
  onClose,
}: {
  item: LibraryItemView | null;
  draft?: EntryDraft | undefined;
  title?: string | undefined;
  open: boolean;
  onClose: (saved: LibraryItemView | null) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<EntryValues>();
  const [busy, setBusy] = useState(false);
  const start: EntryValues = item
    ? {
        theme: item.title,
        category: item.category,
        background: item.background,
        details: item.details,
        result: item.result,
        discussion: item.discussion,
      }
    : {
        theme: draft?.theme ?? '',
        category: draft?.category ?? '',
        background: draft?.background ?? '',
        details: draft?.details ?? '',
        result: draft?.result ?? '',
        discussion: draft?.discussion ?? '',
      };
  const caseId = item ? item.caseId : (draft?.caseId ?? null);

  async function save(v: EntryValues) {
    setBusy(true);
    const r = await callDesk('library.writeEntry', { ...v, caseId, ...(item ? { entryId: item.id } : {}) });
    setBusy(false);
    if (!r.ok) {
      const rest = applyFieldErrors(form, r.error.fields, Object.keys(start));
      if (rest.length > 0 || !r.error.fields) showError(r.error);
      return;
    }
    showSuccess(t('library.saved'));
    onClose(r.value);
  }

  const long = (name: keyof EntryValues, label: string) => (
    <Form.Item name={name} label={label}>
      <Input.TextArea
        autoSize={{ minRows: 4, maxRows: 6 }}
        maxLength={LIBRARY_LIMITS.part}
        data-testid={`library-entry-${name}`}
      />
    </Form.Item>
  );

  return (
    <Modal
      open={open}
      title={title ?? (item ? t('library.edit') : t('library.newEntry'))}
      okText={t('library.save')}
      cancelText={t('library.cancel')}
      okButtonProps={{ loading: busy, ...{ 'data-testid': 'library-entry-save' } }}
      onOk={() => form.submit()}
      onCancel={() => onClose(null)}
      destroyOnHidden
      width={960}
      wrapProps={{ 'data-testid': 'library-entry-dialog' }}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={start}
        onFinish={(v) => void save(v)}
        onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}
      >
        {/* Two columns, so the whole entry fits a 1366x768 screen with its buttons. */}
        <Row gutter={12}>
          <Col span={14}>
            <Form.Item name="theme" label={t('library.theme')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={LIBRARY_LIMITS.title} data-testid="library-entry-theme" />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="category" label={t('library.category')} rules={[{ required: true }]}>
              <CategoryPicker data-testid="library-entry-category" />
            </Form.Item>
          </Col>
          <Col span={12}>{long('background', t('library.background'))}</Col>
          <Col span={12}>{long('details', t('library.details'))}</Col>
          <Col span={12}>{long('result', t('library.result'))}</Col>
          <Col span={12}>{long('discussion', t('library.discussion'))}</Col>
        </Row>
      </Form>
    </Modal>
  );
}
