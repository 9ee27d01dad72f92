/**
 * The Electron shell's two ways out of the handlers: pushes to every window
 * (`webContents.send`) and desktop notifications ("Import done", issue 4 §6). A factory over
 * Electron's `Notification` and window list, tested with fakes of both.
 */
import type { Emit } from '../host/host-deps.ts';

/** The part of Electron's `Notification` class used here. */
export type NotificationApi = {
  isSupported(): boolean;
  new (options: { title: string; body: string }): { show(): void };
};

/** The part of a `BrowserWindow` used here. */
export type WindowLike = { webContents: { send(channel: string, payload: unknown): void } };

export type ShellOutputs = { emit: Emit; notify: (title: string, body: string) => void };

/** Notification text is one short line each: the OS clips long ones anyway. */
const maxTitle = 80;
const maxBody = 300;

export function createShellOutputs(parts: {
  Notification: NotificationApi;
  windows: () => readonly WindowLike[];
}): ShellOutputs {
  return {
    emit: (event, payload) => {
      for (const win of parts.windows()) win.webContents.send(event, payload);
    },
    notify: (title, body) => {
      if (!parts.Notification.isSupported()) return;
      new parts.Notification({
        title: oneLine(title, maxTitle),
        body: oneLine(body, maxBody),
      }).show();
    },
  };
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
