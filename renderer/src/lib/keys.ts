/** True when a key press is meant for a text field, not for a global shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return target.getAttribute('role') === 'combobox';
}

/** True while an antd modal/drawer is open: global shortcuts stay quiet then. */
export function isDialogOpen(): boolean {
  return Array.from(document.querySelectorAll('[role="dialog"]')).some(
    (el) => el.getClientRects().length > 0,
  );
}

/** Focus target for the `/` shortcut (the case list's search box). */
export const SEARCH_INPUT_ID = 'ld-case-search';

/** The scrolling main area of the signed-in screens. */
export const MAIN_ID = 'ld-main';
