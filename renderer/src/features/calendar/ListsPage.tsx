import { useEffect, useState } from 'react';
import { Button, Card, Input, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  ANALYSIS_LIST_NAMES,
  type AnalysisListName,
  type AnalysisLists,
  type ListItem,
} from '../../../../shared/domain/settings/lists';
import { callDesk } from '../../lib/desk';
import { showError, showSuccess } from '../../lib/notify';
import { useAnalysisLists } from '../../stores/analysisLists';
import { useSession } from '../../stores/session';
import { canEditSettings } from './settingsStore';
import { SettingsPageFrame, useRefusalFocus } from './SettingsPageFrame';
import './calendar.css';

const NAME_KEYS = {
  regions: 'regions',
  customerLevels: 'customerLevels',
  failurePoints: 'failurePoints',
} as const;

/**
 * `#/settings/lists` (issue 14 item 1): the organisation's regions, customer
 * levels and service failure points, each item a code and its names in both
 * languages. Anyone reads them; an administrator edits and saves them as one
 * change (Ctrl+Enter); a refused item is marked on its field.
 */
export function ListsPage() {
  const { t } = useTranslation();
  const role = useSession((s) => s.staff?.role);
  const view = useAnalysisLists((s) => s.view);
  const canEdit = canEditSettings(role);
  const [draft, setDraft] = useState<AnalysisLists | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const { page, refused } = useRefusalFocus();
  useEffect(() => {
    void useAnalysisLists.getState().load(true);
  }, []);
  if (!view) return null;
  const lists = draft ?? view.lists;

  const change = (name: AnalysisListName, items: ListItem[]) => setDraft({ ...lists, [name]: items });
  async function save() {
    if (!draft) return;
    setBusy(true);
    const r = await callDesk('settings.lists.set', { lists: draft });
    setBusy(false);
    if (!r.ok) {
      setErrors(r.error.fields ?? {});
      showError(r.error);
      refused();
      return;
    }
    useAnalysisLists.getState().set(r.value);
    setDraft(null);
    setErrors({});
    showSuccess(t('attributes.saved'));
  }

  const cell = (name: AnalysisListName, index: number, key: keyof ListItem) => {
    const path = `lists.${name}.${index}.${key}`;
    return (
      <Input
        size="small"
        value={lists[name][index]?.[key] ?? ''}
        disabled={!canEdit}
        status={errors[path] ? 'error' : undefined}
        aria-invalid={errors[path] ? true : undefined}
        aria-label={`${t(key === 'value' ? 'attributes.code' : key === 'en' ? 'attributes.nameEn' : 'attributes.nameZh')} ${index + 1}`}
        title={errors[path]}
        onChange={(e) =>
          change(
            name,
            lists[name].map((item, i) => (i === index ? { ...item, [key]: e.target.value } : item)),
          )
        }
        data-testid={`lists-${name}-${index}-${key}`}
      />
    );
  };

  return (
    <SettingsPageFrame
      page={page}
      testId="lists-page"
      buttonTestIds={{ discard: 'lists-discard', save: 'lists-save' }}
      title={t('attributes.listsTitle')}
      setBy={view.setBy}
      setByTestId="lists-set-by"
      note={canEdit ? t('attributes.listsNote') : t('attributes.readOnly')}
      canEdit={canEdit}
      dirty={draft !== null}
      busy={busy}
      canDiscard={draft !== null}
      onDiscard={() => {
        setDraft(null);
        setErrors({});
      }}
      onSave={() => void save()}
      saveLabel={t('attributes.save')}
      actions={null}
    >
      <div className="ld-lists-grid">
        {ANALYSIS_LIST_NAMES.map((name) => (
          <Card
            key={name}
            size="small"
            title={t(`attributes.${NAME_KEYS[name]}`)}
            data-testid={`lists-${name}`}
            extra={
              canEdit ? (
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => change(name, [...lists[name], { value: '', 'zh-CN': '', en: '' }])}
                  data-testid={`lists-${name}-add`}
                >
                  {t('attributes.add')}
                </Button>
              ) : null
            }
          >
            <Table<ListItem & { index: number }>
              size="small"
              pagination={false}
              rowKey="index"
              dataSource={lists[name].map((item, index) => ({ ...item, index }))}
              columns={[
                {
                  title: t('attributes.code'),
                  width: '28%',
                  render: (_v, r) => cell(name, r.index, 'value'),
                },
                { title: t('attributes.nameZh'), render: (_v, r) => cell(name, r.index, 'zh-CN') },
                { title: t('attributes.nameEn'), render: (_v, r) => cell(name, r.index, 'en') },
                ...(canEdit
                  ? [
                      {
                        title: '',
                        width: 36,
                        render: (_v: unknown, r: { index: number }) => (
                          <Button
                            size="small"
                            type="text"
                            icon={<DeleteOutlined />}
                            aria-label={t('attributes.remove')}
                            onClick={() =>
                              change(
                                name,
                                lists[name].filter((_x, i) => i !== r.index),
                              )
                            }
                          />
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        ))}
      </div>
      {Object.keys(errors).length > 0 ? (
        <Space orientation="vertical" size={0} style={{ marginTop: 8 }} data-testid="lists-errors">
          {Object.entries(errors).map(([k, v]) => (
            <Typography.Text key={k} type="danger" style={{ fontSize: 12 }}>
              {v}
            </Typography.Text>
          ))}
        </Space>
      ) : null}
    </SettingsPageFrame>
  );
}
