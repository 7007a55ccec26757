/**
 * One place that shows desk errors and confirmations. The antd App context
 * (message / notification bound to the current theme and locale) is handed in
 * by <NotifyBridge/>; stores and event handlers call these functions.
 * Only the desk's localized `error.message` is shown, never the raw code.
 */
import type { App } from 'antd';
import type { ApiError } from '../../../shared/contract/result';
import { i18next } from '../i18n';

type AppApi = ReturnType<typeof App.useApp>;
type MessageInstance = AppApi['message'];
type NotificationInstance = AppApi['notification'];

let messageApi: MessageInstance | null = null;
let notificationApi: NotificationInstance | null = null;

export function bindNotify(m: MessageInstance, n: NotificationInstance): void {
  messageApi = m;
  notificationApi = n;
}

export function showError(error: Pick<ApiError, 'message' | 'fields'>): void {
  const hasFields = error.fields && Object.keys(error.fields).length > 0;
  if (notificationApi) {
    notificationApi.error({
      title: i18next.t('errors.title'),
      description: hasFields ? `${error.message} ${i18next.t('errors.fieldsBelow')}` : error.message,
      placement: 'topRight',
      duration: 6,
      props: { 'data-testid': 'desk-error' },
    });
  } else {
    console.error(error.message);
  }
}

export function showSuccess(text: string): void {
  void messageApi?.success(text);
}

export function showInfo(text: string): void {
  void messageApi?.info(text);
}
