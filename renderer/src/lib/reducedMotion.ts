/**
 * Whether the clerk's system asks for reduced motion (Windows "Show
 * animations" off, macOS "Reduce motion"): the app then turns antd's
 * animations off, so dialogs, lists and messages appear at once instead of
 * zooming and sliding in. It follows the setting while the app runs.
 */
import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function media(): MediaQueryList | null {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function'
    ? window.matchMedia(QUERY)
    : null;
}

function subscribe(onChange: () => void): () => void {
  const m = media();
  if (!m) return () => {};
  m.addEventListener('change', onChange);
  return () => m.removeEventListener('change', onChange);
}

function snapshot(): boolean {
  return media()?.matches ?? false;
}

export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, snapshot, () => false);
}
