/**
 * The Electron shell's outputs with fakes of Electron's `Notification` and windows, wired into
 * the real handlers as electron/main.ts wires them: an upload to the in-process emulator is
 * followed to its verdict, which reaches the window as `outcome:update` and the desktop as one
 * notification with the outcome's words, and neither carries the site's password.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemorySecretStore } from '../../../engine/secret-store.ts';
import type { HostHandlers } from '../../../host/create-handlers.ts';
import { openHost } from '../../../host/open-host.ts';
import { createLocalFiles } from '../../../host/local-files.ts';
import type {
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../../../core/ipc/contract.ts';
import { dispatchInvoke } from '../../../core/ipc/dispatch.ts';
import type { IpcResult } from '../../../core/ipc/result.ts';
import { leadSchema } from '../../../core/schema/demo-schemas.ts';
import { createShellOutputs, type NotificationApi } from '../../../electron/shell-outputs.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';

/** A stand-in for Electron's `Notification`: records what was built and shown. */
function fakeNotification(supported = true, onShow: () => void = () => undefined) {
  const shown: { title: string; body: string }[] = [];
  const built: { title: string; body: string }[] = [];
  const Fake = class {
    static isSupported(): boolean {
      return supported;
    }
    constructor(readonly options: { title: string; body: string }) {
      built.push(options);
    }
    show(): void {
      onShow();
      shown.push(this.options);
    }
  } satisfies NotificationApi;
  return { Notification: Fake, shown, built };
}

/** A stand-in for a BrowserWindow: records every `webContents.send`. */
function fakeWindow() {
  const sent: { channel: string; payload: unknown }[] = [];
  const listeners: ((channel: string, payload: unknown) => void)[] = [];
  return {
    sent,
    listeners,
    win: {
      webContents: {
        send: (channel: string, payload: unknown) => {
          sent.push({ channel, payload });
          for (const l of listeners) l(channel, payload);
        },
      },
    },
  };
}

describe('createShellOutputs', () => {
  it('sends each push to every window', () => {
    const a = fakeWindow();
    const b = fakeWindow();
    const out = createShellOutputs({
      Notification: fakeNotification().Notification,
      windows: () => [a.win, b.win],
    });
    const payload = { promptId: 'p', decision: 'accept' as const };
    out.emit('hostkey:prompt-closed', payload);
    assert.deepEqual(a.sent, [{ channel: 'hostkey:prompt-closed', payload }]);
    assert.deepEqual(b.sent, a.sent);
  });

  it('shows a notification on one line each, and none where the OS has no notifications', () => {
    const on = fakeNotification();
    createShellOutputs({ Notification: on.Notification, windows: () => [] }).notify(
      'Import done',
      'leads.csv:\nimported   2 rows',
    );
    assert.deepEqual(on.shown, [{ title: 'Import done', body: 'leads.csv: imported 2 rows' }]);
    const off = fakeNotification(false);
    createShellOutputs({ Notification: off.Notification, windows: () => [] }).notify('a', 'b');
    assert.deepEqual(off.built, []);
  });
});

describe(
  'electron main wiring: an upload’s verdict becomes a desktop notification',
  { timeout: 60_000 },
  () => {
    const password = `P@ss-${randomUUID()}`;
    let emu: TestEmulator;
    let work: string;
    let host: HostHandlers;
    const window = fakeWindow();
    // What the window had been sent when the notification showed.
    let sentBeforeNote: string[] = [];
    const notes = fakeNotification(true, () => {
      sentBeforeNote = window.sent.map(
        (e) => `${e.channel}:${(e.payload as { outcome?: string }).outcome ?? ''}`,
      );
    });

    const call = async <C extends InvokeChannel>(
      channel: C,
      request: InvokeRequest<C>,
    ): Promise<InvokeResponse<C>> => {
      const r = (await dispatchInvoke(host.handlers, channel, request)) as IpcResult<
        InvokeResponse<C>
      >;
      assert.ok(r.ok, `${channel}: ${JSON.stringify(r)}`);
      return r.value;
    };

    before(async () => {
      work = await mkdtemp(join(tmpdir(), 'sia-electron-notify-'));
      const dataDir = join(work, 'data');
      emu = await startTestEmulator({
        processing: true,
        extraWorkspaces: [
          {
            name: 'notify',
            profile: 'classic',
            users: [{ username: 'notify', password, publicKeys: [] }],
            schemas: [leadSchema],
            exportSchedule: 'none',
            pullSources: [],
          },
        ],
      });
      const files = createLocalFiles({ stagingDir: join(work, 'staging') });
      // As electron/main.ts: the shell's emit and notify, over (fake) Electron objects.
      const { emit, notify } = createShellOutputs({
        Notification: notes.Notification,
        windows: () => [window.win],
      });
      host = openHost({
        secrets: createMemorySecretStore(),
        dataDir,
        emit,
        notify,
        localFiles: files,
        warn: (w) => assert.fail(`unexpected store warning: ${w}`),
        stagePath: (path) => files.registerPath(path),
        app: {
          name: 'SFTP Import Assistant',
          version: '0.0.0-test',
          platform: 'linux',
          transport: 'electron',
        },
        watchPollMs: 50,
        watchExpectedWaitMs: 20_000,
      });
      // The page accepts the server's key on first contact.
      window.listeners.push((channel, payload) => {
        if (channel !== 'hostkey:prompt') return;
        const p = payload as EventPayload<'hostkey:prompt'>;
        queueMicrotask(() => host.prompts.answer(p.promptId, 'accept'));
      });
    });

    after(async () => {
      await host?.shutdown();
      await emu?.close();
      if (emu) await rm(emu.dataDir, { recursive: true, force: true });
      await rm(work, { recursive: true, force: true });
    });

    it('notifies once with the file name and the outcome, after the window got the verdict, with no password', async () => {
      const saved = await call('sites:save', {
        site: {
          name: 'Notify',
          profile: 'classic',
          host: '127.0.0.1',
          port: emu.port,
          username: 'notify',
          authMethod: 'password',
          secretMode: 'keychain',
        },
        secret: password,
      });
      const csv = join(work, 'leads.csv');
      await writeFile(csv, 'Company,Address\nAcme,1 Main St\nBeta,2 Side St\n');
      const staged = await call('files:stage-path', { path: csv });
      await call('upload:start', {
        siteId: saved.site.id,
        localRef: staged.localRef,
        kind: 'records',
        remoteName: 'leads.csv',
      });
      // The platform processes a file once it is unchanged between two scans (contract §4).
      for (let i = 0; i < 20 && notes.shown.length === 0; i++) {
        await emu.processNow();
        await new Promise((r) => setTimeout(r, 150));
      }
      assert.equal(notes.shown.length, 1, `notifications: ${JSON.stringify(notes.shown)}`);
      const verdict = window.sent
        .filter((e) => e.channel === 'outcome:update')
        .map((e) => e.payload as EventPayload<'outcome:update'>)
        .find((p) => p.outcome !== 'waiting');
      assert.ok(verdict, 'the window never got the verdict');
      assert.equal(verdict.outcome, 'imported', JSON.stringify(verdict));
      assert.ok(sentBeforeNote.includes('outcome:update:imported'), 'notified before the verdict');
      const [note] = notes.shown;
      assert.equal(note!.title, 'Import done');
      assert.ok(note!.body.startsWith('leads.csv: '), note!.body);
      assert.ok(note!.body.includes(verdict.message), `${note!.body} vs ${verdict.message}`);
      const needle = password.slice('P@ss-'.length);
      assert.ok(!JSON.stringify(notes.built).includes(needle), 'the password is in a notification');
      assert.ok(!JSON.stringify(window.sent).includes(needle), 'the password is in a push');
    });
  },
);
