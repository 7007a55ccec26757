/**
 * Drafts for the screens (stores/drafts.ts): a text box whose text is kept
 * per clerk until it is recorded, and the notice that says so when the clerk
 * leaves it with text in it ("草稿已保留：…" / "Draft kept: …").
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { i18next } from '../i18n';
import { dropDraft, getDraft, hasDraft, saveDraft } from '../stores/drafts';
import { showInfo } from './notify';

/** Says the draft under `key` was kept (called when its form is left). */
export function noticeDraftKept(key: string, what: string): void {
  if (hasDraft(key)) showInfo(i18next.t('drafts.kept', { what }));
}

/** Forms on screen per draft key: a form unmounted and mounted again at once (StrictMode, a re-key) is not left. */
const onScreen = new Map<string, number>();

/** On unmount (the clerk went elsewhere): the notice, while a draft is kept under `key`. */
export function useDraftKeptNotice(key: string, what: string): void {
  const latest = useRef(what);
  useEffect(() => {
    latest.current = what;
  }, [what]);
  useEffect(() => {
    onScreen.set(key, (onScreen.get(key) ?? 0) + 1);
    return () => {
      onScreen.set(key, (onScreen.get(key) ?? 1) - 1);
      setTimeout(() => {
        if ((onScreen.get(key) ?? 0) === 0) noticeDraftKept(key, latest.current);
      }, 0);
    };
  }, [key]);
}

/** The text kept under `key` ('' when none). */
export function draftText(key: string): string {
  const body = getDraft(key);
  return typeof body === 'string' ? body : '';
}

/**
 * Text kept under `key` as it is typed: `[text, setText, done]`; call `done`
 * once the text is recorded (it clears the box and drops the draft).
 */
export function useTextDraft(key: string): [string, (text: string) => void, () => void] {
  const [text, setTextState] = useState(() => draftText(key));
  const setText = useCallback(
    (next: string) => {
      setTextState(next);
      saveDraft(key, next);
    },
    [key],
  );
  const done = useCallback(() => {
    setTextState('');
    dropDraft(key);
  }, [key]);
  return [text, setText, done];
}
