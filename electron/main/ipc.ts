/**
 * The validated IPC surface of the shell: exactly the channels in IPC_CHANNELS.
 *
 * Every message is checked before it reaches the desk core:
 *   - the sender frame must show the app itself (app://loopdesk), never a
 *     foreign page or a sub-frame from elsewhere;
 *   - the method must be a known METHODS name;
 *   - the call context must be well-formed.
 * The core then validates the input with the method's strict zod schema.
 */
import {
  BrowserWindow,
  dialog,
  ipcMain,
  type IpcMainEvent,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import type { DeskEvent } from '../../shared/contract/api';
import type { DeskCore } from '../desk';
import { IPC_CHANNELS } from './channels';
import { handleEvidenceAdd, handleEvidenceSave } from './evidenceIpc';
import { handleJobFileSave } from './jobFileIpc';
import { handleImportStage } from './importIpc';
import { APP_ORIGIN, handleDeskCall, isTrustedSenderUrl } from './policy';

function senderUrl(event: IpcMainEvent | IpcMainInvokeEvent): string | undefined {
  // senderFrame is null when the frame was destroyed or navigated away.
  return event.senderFrame?.url;
}

/** Asks where to save a file, over the window that asked (null: cancelled). */
function saveDialogFor(event: IpcMainInvokeEvent): (name: string) => Promise<string | null> {
  return async (name) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const options = { defaultPath: name };
    const r = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return r.canceled || !r.filePath ? null : r.filePath;
  };
}

/**
 * Register the desk's IPC handlers. Returns a function that removes them and
 * stops every event forwarding.
 */
export function registerDeskIpc(
  desk: Pick<DeskCore, 'call' | 'subscribe' | 'evidence' | 'exports' | 'imports'>,
  appOrigin: string = APP_ORIGIN,
): () => void {
  const forwarding = new Map<number, () => void>();

  const stopForwarding = (id: number): void => {
    const off = forwarding.get(id);
    if (off) {
      off();
      forwarding.delete(id);
    }
  };

  ipcMain.handle(IPC_CHANNELS.call, (event, ...args: unknown[]) =>
    handleDeskCall(desk, senderUrl(event), args, appOrigin),
  );

  ipcMain.handle(IPC_CHANNELS.evidenceAdd, (event, ...args: unknown[]) =>
    handleEvidenceAdd(desk, senderUrl(event), args, appOrigin),
  );
  ipcMain.handle(IPC_CHANNELS.evidenceSave, (event, ...args: unknown[]) =>
    handleEvidenceSave(desk, senderUrl(event), args, saveDialogFor(event), appOrigin),
  );
  ipcMain.handle(IPC_CHANNELS.jobFileSave, (event, ...args: unknown[]) =>
    handleJobFileSave(desk, senderUrl(event), args, saveDialogFor(event), appOrigin),
  );

  ipcMain.handle(IPC_CHANNELS.importStage, (event, ...args: unknown[]) =>
    handleImportStage(desk, senderUrl(event), args, appOrigin),
  );

  ipcMain.on(IPC_CHANNELS.subscribe, (event) => {
    if (!isTrustedSenderUrl(senderUrl(event), appOrigin)) return;
    const contents: WebContents = event.sender;
    if (forwarding.has(contents.id)) return;
    const id = contents.id;
    const off = desk.subscribe((e: DeskEvent) => {
      if (!contents.isDestroyed()) contents.send(IPC_CHANNELS.event, e);
    });
    forwarding.set(id, off);
    contents.once('destroyed', () => stopForwarding(id));
  });

  ipcMain.on(IPC_CHANNELS.unsubscribe, (event) => {
    if (!isTrustedSenderUrl(senderUrl(event), appOrigin)) return;
    stopForwarding(event.sender.id);
  });

  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.call);
    ipcMain.removeHandler(IPC_CHANNELS.evidenceAdd);
    ipcMain.removeHandler(IPC_CHANNELS.evidenceSave);
    ipcMain.removeHandler(IPC_CHANNELS.jobFileSave);
    ipcMain.removeHandler(IPC_CHANNELS.importStage);
    ipcMain.removeAllListeners(IPC_CHANNELS.subscribe);
    ipcMain.removeAllListeners(IPC_CHANNELS.unsubscribe);
    for (const id of [...forwarding.keys()]) stopForwarding(id);
  };
}
