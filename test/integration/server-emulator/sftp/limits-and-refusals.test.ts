/**
 * Refusals told to the client, and the login deadline (issue 14): a session over the per-address
 * or total cap, or from a banned address, is disconnected with a reason naming the limit and its
 * value, which OpenSSH's `sftp -vv` shows ("Received disconnect from …: N: <reason>"); a socket
 * that never logs in is closed after the login time limit, so ten silent ones no longer lock an
 * address out of its session slots.
 */
import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { curlFtps, type FtpsTarget } from '../../../helpers/ftps-peers.ts';
import {
  startFtpsTestEmulator,
  startTestEmulator,
  type TestEmulator,
  type TestEmulatorOptions,
} from '../../../helpers/start-emulator.ts';
import { connectRaw, type RawSession } from './raw-client.ts';

const running: TestEmulator[] = [];
after(async () => {
  for (const emu of running) {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
  }
});

async function emulator(limits: TestEmulatorOptions['limits']): Promise<TestEmulator> {
  const emu = await startTestEmulator({ limits });
  running.push(emu);
  return emu;
}

/** OpenSSH `sftp -vv` logging in with a password (through sshpass): its exit code and stderr. */
async function openSshSftp(
  port: number,
  user: string,
  password: string,
): Promise<{ code: number; stderr: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sia-refusal-'));
  try {
    const child = spawn(
      'sshpass',
      [
        '-e',
        'sftp',
        '-vv',
        '-oBatchMode=no',
        '-oStrictHostKeyChecking=no',
        `-oUserKnownHostsFile=${join(dir, 'known_hosts')}`,
        '-oPubkeyAuthentication=no',
        '-oPreferredAuthentications=password',
        '-oConnectTimeout=10',
        `-P${port}`,
        '-b',
        '-',
        `${user}@127.0.0.1`,
      ],
      { env: { ...process.env, SSHPASS: password }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    child.stdin.end('ls /\n');
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const [code] = (await once(child, 'close')) as [number | null];
    clearTimeout(timer);
    return { code: code ?? -1, stderr };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The reason OpenSSH printed for a DISCONNECT, or undefined. */
function disconnectReason(stderr: string): { code: number; reason: string } | undefined {
  const m = /Received disconnect from 127\.0\.0\.1 port \d+:(\d+): (.*)/.exec(stderr);
  return m ? { code: Number(m[1]), reason: (m[2] ?? '').trim() } : undefined;
}

/** A wrong-password attempt with ssh2's client; resolves when it has failed. */
function failLogin(port: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const c = new ssh2.Client();
    c.on('error', () => {
      c.end();
      resolve();
    });
    c.on('ready', () => {
      c.end();
      resolve();
    });
    c.connect({
      host: '127.0.0.1',
      port,
      username: 'classic',
      password: 'wrong',
      readyTimeout: 10_000,
    });
  });
}

const classic = { username: 'classic', password: 'demo' };

describe(
  'refusals told to the client, and the login deadline (issue 14)',
  { timeout: 120_000 },
  () => {
    it('a session over the per-address cap: OpenSSH shows the limit and its value', async () => {
      const emu = await emulator({ maxSessionsPerAddress: 2 });
      const held: RawSession[] = [
        await connectRaw(emu.port, classic),
        await connectRaw(emu.port, classic),
      ];
      try {
        const r = await openSshSftp(emu.port, 'classic', 'demo');
        assert.notEqual(r.code, 0);
        assert.deepEqual(
          disconnectReason(r.stderr),
          {
            code: 12,
            reason:
              'too many sessions from your address: the limit is 2 at once; close one and try again',
          },
          r.stderr,
        );
      } finally {
        for (const s of held) await s.end();
      }
      // The slots are free again: the same client now logs in.
      const ok = await openSshSftp(emu.port, 'classic', 'demo');
      assert.equal(ok.code, 0, ok.stderr);
    });

    it('a session over the total cap: OpenSSH shows the server limit', async () => {
      const emu = await emulator({ maxConnections: 1 });
      const held = await connectRaw(emu.port, classic);
      try {
        const r = await openSshSftp(emu.port, 'classic', 'demo');
        assert.notEqual(r.code, 0);
        assert.deepEqual(
          disconnectReason(r.stderr),
          {
            code: 12,
            reason: 'the server is at its limit of 1 connections at once; try again later',
          },
          r.stderr,
        );
      } finally {
        await held.end();
      }
    });

    it('a banned address: OpenSSH shows the ban, its length and the failures that caused it', async () => {
      const emu = await emulator({
        maxFailedLogins: 2,
        banMs: 15 * 60_000,
        failWindowMs: 5 * 60_000,
      });
      await failLogin(emu.port);
      await failLogin(emu.port);
      const r = await openSshSftp(emu.port, 'classic', 'demo');
      assert.notEqual(r.code, 0);
      const d = disconnectReason(r.stderr);
      assert.equal(d?.code, 1, r.stderr);
      assert.match(
        d?.reason ?? '',
        /^your address is banned for 15 min after 2 failed logins within 5 min; try again in 1[45] min$/,
      );
    });

    it('ten silent sockets are closed after the login deadline, then a real login succeeds', async () => {
      const emu = await emulator({ loginTimeoutMs: 1000, maxSessionsPerAddress: 10 });
      const sockets: Socket[] = [];
      const received: string[] = [];
      // Ten send their SSH greeting and then nothing (each holds a session slot); an eleventh sends
      // nothing at all.
      for (let i = 0; i < 11; i++) {
        const s = connect(emu.port, '127.0.0.1');
        await once(s, 'connect');
        if (i < 10) s.write('SSH-2.0-silent_1.0\r\n');
        let got = '';
        s.on('data', (d: Buffer) => (got += d.toString('latin1')));
        s.on('close', () => received.push(got));
        s.on('error', () => undefined);
        sockets.push(s);
      }
      // While they hang, the address is at its cap: a real login is refused.
      await new Promise((r) => setTimeout(r, 200));
      await assert.rejects(connectRaw(emu.port, classic));
      const closed = Promise.all(
        sockets.map((s) => (s.closed ? Promise.resolve() : once(s, 'close').then(() => undefined))),
      );
      const t0 = Date.now();
      await closed;
      const waited = Date.now() - t0;
      assert.ok(waited < 5000, `the silent sockets were closed only after ${waited} ms`);
      // The greeted ones were told why.
      assert.equal(
        received.filter((g) => g.includes('no login within 1 s (the login time limit)')).length,
        10,
      );
      const s = await connectRaw(emu.port, classic);
      await s.end();
    });

    describe('FTPS', () => {
      const target = (port: number, implicit: boolean): FtpsTarget => ({
        port,
        implicit,
        user: 'classic',
        password: 'demo',
      });
      const holdControl = async (port: number) => {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        s.resume(); // read the 220 greeting, so the server's close is seen
        await once(s, 'connect');
        return s;
      };

      it('a connection over the per-address cap gets 421 naming the limit, on both listeners', async () => {
        const emu = await startFtpsTestEmulator({ limits: { maxSessionsPerAddress: 1 } });
        running.push(emu);
        const held = await holdControl(emu.ftps.explicitPort);
        try {
          await new Promise((r) => setTimeout(r, 100));
          for (const implicit of [false, true]) {
            const port = implicit ? emu.ftps.implicitPort : emu.ftps.explicitPort;
            const r = await curlFtps(target(port, implicit), '/', [], { timeoutMs: 20_000 });
            assert.notEqual(r.code, 0);
            assert.match(
              r.stderr,
              /< 421 too many sessions from your address: the limit is 1 at once; close one and try again/,
              `${implicit ? 'ftps' : 'ftpes'}: ${r.stderr}`,
            );
          }
        } finally {
          held.destroy();
        }
      });

      it('a banned address gets 421 naming the ban before it can try a password', async () => {
        const emu = await startFtpsTestEmulator({ limits: { maxFailedLogins: 1 } });
        running.push(emu);
        const bad = await curlFtps({ ...target(emu.ftps.explicitPort, false), password: 'x' }, '/');
        assert.notEqual(bad.code, 0);
        const r = await curlFtps(target(emu.ftps.explicitPort, false), '/');
        assert.match(
          r.stderr,
          /< 421 your address is banned for 15 min after 1 failed logins/,
          r.stderr,
        );
      });

      it('silent control connections are closed after the login deadline, then a login succeeds', async () => {
        const emu = await startFtpsTestEmulator({
          limits: { loginTimeoutMs: 1000, maxSessionsPerAddress: 3 },
        });
        running.push(emu);
        const silent = await Promise.all([1, 2, 3].map(() => holdControl(emu.ftps.explicitPort)));
        await new Promise((r) => setTimeout(r, 100));
        const refused = await curlFtps(target(emu.ftps.explicitPort, false), '/');
        assert.match(refused.stderr, /< 421 too many sessions/, refused.stderr);
        // Closed by the deadline (1 s), not by the 10-minute idle limit: bounded wait.
        const closedAll = Promise.all(
          silent.map((s) =>
            s.closed ? Promise.resolve() : once(s, 'close').then(() => undefined),
          ),
        );
        let timer: NodeJS.Timeout | undefined;
        const tooLate = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('still open 6 s after connecting')), 6000);
        });
        await Promise.race([closedAll, tooLate]).finally(() => clearTimeout(timer));
        const ok = await curlFtps(target(emu.ftps.explicitPort, false), '/');
        assert.equal(ok.code, 0, ok.stderr);
      });
    });
  },
);
