/**
 * Keys on the long work-order forms: a plain Enter in a one-line box does not
 * submit the whole order half-typed (the browser's implicit submission);
 * Ctrl+Enter does (lib/keys.ts `onCtrlEnter`). Enter still picks from an open
 * list (the select or the catalogue handles it first).
 */
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';

export function enterDoesNotSubmit(e: ReactKeyboardEvent<Element>): void {
  if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
  if (e.target instanceof HTMLInputElement) e.preventDefault();
}
