import type { DeskApi } from '../../../shared/contract/api';

declare global {
  interface Window {
    /** Present in Electron: exposed by the preload with contextBridge. */
    desk?: DeskApi;
  }
}

export {};
