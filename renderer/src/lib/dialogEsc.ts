import type { KeyboardEvent } from 'react';

/**
 * Esc in a dialog's Select or AutoComplete (antd 6 quirk): once the field's
 * list has been open, the list's layer can stay on antd's Esc stack after it
 * closed, so the dialog is no longer the top layer and Esc does nothing.
 * Spread on the field (`<Select {...escClosesDialog(onClose)} />`): with
 * its list open, Esc closes the list as before (the list stops the key);
 * with it closed, Esc closes the dialog, once (the key goes no further).
 */
export function escClosesDialog(close: () => void): { onKeyDown(e: KeyboardEvent<HTMLElement>): void } {
  return {
    onKeyDown(e) {
      if (e.key !== 'Escape' || e.nativeEvent.isComposing || e.isPropagationStopped()) return;
      e.stopPropagation();
      close();
    },
  };
}
