/**
 * One place that shows desk errors and confirmations. The antd App context
 * (message / notification bound to the current theme and locale) is handed in
 * by <NotifyBridge/>; stores and event handlers call these functions.
 * Only the desk's localized `error.message` is shown, never the raw code.
 *
 * Error toasts are for what has no field to sit under (forms show theirs
 * under the field, or as an alert inside the form). They never pile up: the
 * same error shown again replaces the one on screen (one key per message),
 * and clearErrors() closes them all once they no longer apply (a successful
 * sign-in or submit, a change of screen; see App.tsx).
 */
import type { App } from 'antd';
import type { ApiError } from '../../../shared/contract/result';
import { i18next } from '../i18n';

type AppApi = ReturnType<typeof App.useApp>;
type MessageInstance = AppApi['message'];
type NotificationInstance = AppApi['notification'];

let messageApi: MessageInstance | null = null;
let notificationApi: NotificationInstance | null = null;
/** Keys of the error toasts on screen now. */
const openErrors = new Set<string>();

export function bindNotify(m: MessageInstance, n: NotificationInstance): void {
  messageApi = m;
  notificationApi = n;
}

export function showError(error: Pick<ApiError, 'message' | 'fields'>): void {
  const hasFields = error.fields && Object.keys(error.fields).length > 0;
  const description = hasFields ? `${error.message} ${i18next.t('errors.fieldsBelow')}` : error.message;
  if (!notificationApi) {
    console.error(error.message);
    return;
  }
  const key = `desk-error:${description}`;
  openErrors.add(key);
  notificationApi.error({
    key,
    title: i18next.t('errors.title'),
    description,
    placement: 'topRight',
    duration: 6,
    onClose: () => openErrors.delete(key),
    props: { 'data-testid': 'desk-error' },
  });
}

/** Closes every error toast still on screen: what it reported no longer applies. */
export function clearErrors(): void {
  for (const key of openErrors) notificationApi?.destroy(key);
  openErrors.clear();
}

export function showSuccess(text: string): void {
  void messageApi?.success(text);
}

export function showInfo(text: string): void {
  void messageApi?.info(text);
}
