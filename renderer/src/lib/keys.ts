/**
 * The keyboard: what counts as typing, the one Ctrl+Enter helper every form
 * uses, and the shortcut map (shown with `?`, the same table as
 * docs/keyboard.md; test/unit/keyboardMap.test.ts keeps them together).
 */
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { UiResources } from '../i18n/zh-CN';

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

/**
 * True for a text box that Esc may leave (the global shortcuts work again):
 * a plain input or text area, not a select or picker, whose Esc closes its list.
 */
export function leavesFieldOnEscape(target: EventTarget | null): target is HTMLElement {
  if (!(target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement)) return false;
  return target.getAttribute('role') !== 'combobox' && !target.closest('.ant-picker');
}

/** True while an antd modal/drawer is open: global shortcuts stay quiet then. */
export function isDialogOpen(): boolean {
  return Array.from(document.querySelectorAll('[role="dialog"]')).some(
    (el) => el.getClientRects().length > 0,
  );
}

/** Ctrl+Enter (Cmd+Enter on a Mac), not while an input method is composing. */
export function isCtrlEnter(e: ReactKeyboardEvent<Element>): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.nativeEvent.isComposing;
}

/**
 * The one Ctrl+Enter helper, for a form's (or anything around it) onKeyDown:
 * `onKeyDown={(e) => onCtrlEnter(e, () => form.submit())}` submits on
 * Ctrl+Enter from any field inside, a select or picker included. The
 * innermost handler wins: a dialog opened from a page (React events bubble
 * through portals) does not also submit the page around it.
 */
export function onCtrlEnter(e: ReactKeyboardEvent<Element>, submit: () => void): void {
  if (!isCtrlEnter(e)) return;
  e.preventDefault();
  e.stopPropagation();
  submit();
}

/**
 * For Input.Password's `visibilityToggle`: the show-PIN eye is a mouse
 * convenience, so Tab goes from the PIN to the next field, never to the eye
 * (and Enter in the field submits rather than revealing the secret).
 */
export const EYE_NOT_IN_TAB_ORDER = { tabIndex: -1 } as const;

/** Focus target for the `/` shortcut (the case list's search box). */
export const SEARCH_INPUT_ID = 'ld-case-search';

/** Focus target of the library panel's search box (Alt+L on the handling view). */
export const LIBRARY_SEARCH_ID = 'ld-library-search';

/** Alt+L (Option+L on a Mac, whatever character it types): the handling view's library panel. */
export function isLibraryKey(e: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'code'>): boolean {
  return e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyL';
}

/** The scrolling main area of the signed-in screens. */
export const MAIN_ID = 'ld-main';

/** Where a shortcut works; the map groups by it. */
export type ShortcutScope = 'global' | 'forms' | 'lists' | 'picker';

export interface Shortcut {
  /** i18n key `keys.do.<id>` describes it. */
  id: keyof UiResources['keys']['do'];
  /** As printed on the keys (the same text in both languages and in docs/keyboard.md). */
  keys: string;
  scope: ShortcutScope;
}

/** Every shortcut the desk has, in the order the map shows them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { id: 'newCase', keys: 'N', scope: 'global' },
  { id: 'myWork', keys: 'W', scope: 'global' },
  { id: 'board', keys: 'B', scope: 'global' },
  { id: 'orders', keys: 'O', scope: 'global' },
  { id: 'search', keys: '/', scope: 'global' },
  { id: 'help', keys: '?', scope: 'global' },
  { id: 'submit', keys: 'Ctrl+Enter', scope: 'forms' },
  { id: 'dialogEnter', keys: 'Enter', scope: 'forms' },
  { id: 'close', keys: 'Esc', scope: 'forms' },
  { id: 'nextField', keys: 'Tab / Shift+Tab', scope: 'forms' },
  { id: 'library', keys: 'Alt+L', scope: 'forms' },
  { id: 'rows', keys: '↑ / ↓', scope: 'lists' },
  { id: 'pages', keys: 'PageUp / PageDown / Home / End', scope: 'lists' },
  { id: 'open', keys: 'Enter', scope: 'lists' },
  { id: 'intoList', keys: '↓', scope: 'lists' },
  { id: 'pickerSearch', keys: 'zzyw', scope: 'picker' },
  { id: 'pickerChoose', keys: '↑ / ↓ + Enter', scope: 'picker' },
];

export const SHORTCUT_SCOPES: readonly ShortcutScope[] = ['global', 'forms', 'lists', 'picker'];
