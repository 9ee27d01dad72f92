/**
 * Each workspace's own processing cycle (contract §9: a contact-lists CSV moves "within the cycle
 * (default 5 min)" while SPOTIO keeps its hour): a short `interval` on one workspace runs its
 * cycles alone, the others wait for theirs, `processNow` (SIGUSR1, admin) still takes them all;
 * and the command line prints each workspace's interval with the documented precedence.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateRsaKeyPair } from '../../../../engine/transport/sftp/keys.ts';
import { profiles } from '../../../../core/profiles/profiles.ts';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';
import type { WorkspaceConfig } from '../../../../server-emulator/config/workspace.ts';
import { withEmulator } from '../../../helpers/start-emulator.ts';

const bin = resolve(import.meta.dirname, '../../../../bin/sftp-import-emulator.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const publicKey = generateRsaKeyPair({ comment: 'cycles-test' }).publicKey;
const acme: WorkspaceConfig = {
  name: 'acme',
  profile: 'classic',
  users: [{ username: 'acme', password: 'pw', publicKeys: [] }],
  schemas: [leadSchema],
  exportSchedule: 'none',
  pullSources: [],
};
const ocelot = (interval?: string): WorkspaceConfig => ({
  name: 'ocelot',
  profile: 'contact-lists',
  users: [{ username: 'ocelot', publicKeys: [publicKey] }],
  schemas: [],
  exportSchedule: 'none',
  pullSources: [],
  ...(interval ? { interval } : {}),
});

/** Writes a file settled 5 s ago (the scan takes it at once, contract §4). */
async function drop(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  const past = new Date(Date.now() - 5000);
  await utimes(path, past, past);
}

describe('per-workspace processing cycles', { timeout: 120_000 }, () => {
  it('runs a workspace with a short interval on its own, leaving the others to their hour', async () => {
    await withEmulator(
      async (emu) => {
        assert.equal(emu.intervals.get('ocelot'), 300);
        assert.equal(emu.intervals.get('acme'), 3_600_000, 'the global interval (1 h here)');
        const cycles: (string[] | undefined)[] = [];
        emu.events.on('cycle-finished', (c) => cycles.push(c.workspaces));
        const list = join(emu.rootOf('ocelot'), 'list.csv');
        const lead = join(emu.rootOf('acme'), 'Leads', 'Import', 'New', 'leads.csv');
        await drop(list, 'Email\nann@example.com\n');
        await drop(lead, 'Company,Address\nAcme,1 Main St\n');
        // The cycle moves the file, then reports itself finished: wait for both.
        const t0 = Date.now();
        while ((existsSync(list) || cycles.length === 0) && Date.now() - t0 < 20_000) {
          await sleep(50);
        }
        assert.ok(!existsSync(list), 'the contact list moved off the SFTP view by its own cycle');
        assert.ok(existsSync(lead), 'the SPOTIO file waits for its own (hourly) cycle');
        assert.ok(cycles.length > 0, 'the cycle that moved it has finished');
        assert.ok(
          cycles.every((w) => w?.length === 1 && w[0] === 'ocelot'),
          JSON.stringify(cycles),
        );
        // "Process now" (SIGUSR1, the admin button) still processes every workspace.
        const seen = cycles.length;
        const report = await emu.processNow();
        assert.ok(report?.files.some((f) => f.workspace === 'acme' && f.file === 'leads.csv'));
        assert.deepEqual(await readdir(join(emu.rootOf('acme'), 'Leads', 'Import', 'Success')), [
          'leads.csv',
          'leads.csv.result.json',
        ]);
        // ocelot's own 300 ms cycles go on around it, so look for it among those.
        assert.ok(
          cycles.slice(seen).some((w) => w === undefined),
          `the cycle of all names no workspaces: ${JSON.stringify(cycles.slice(seen))}`,
        );
      },
      { processing: true, workspaces: [acme, ocelot('300ms')], intervalMs: 3_600_000 },
    );
  });

  it('without a global interval each workspace follows its profile cadence', async () => {
    await withEmulator(
      (emu) => {
        assert.equal(emu.intervals.get('contact-lists'), 5 * 60_000);
        assert.equal(emu.intervals.get('contact-lists'), profiles['contact-lists'].cadenceMs);
        assert.equal(emu.intervals.get('classic'), 60 * 60_000);
        assert.equal(emu.intervals.get('flexible'), 60 * 60_000);
        assert.equal(emu.intervals.get('space'), profiles.space.cadenceMs);
        return Promise.resolve();
      },
      { processing: true, intervalMs: null },
    );
  });
});

describe('sftp-import-emulator prints each workspace’s interval', { timeout: 90_000 }, () => {
  /** Runs the command until it printed `count` processing lines, then stops it with SIGTERM. */
  async function banner(args: string[], count: number): Promise<string[]> {
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let buf = '';
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    const ready = new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner:\n${lines.join('\n')}`)), 30_000);
      const onData = (d: Buffer): void => {
        buf += d.toString();
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          lines.push(buf.slice(0, i));
          buf = buf.slice(i + 1);
          if (lines.filter((l) => l.startsWith('processing every')).length === count) {
            clearTimeout(timer);
            resolveReady();
          }
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
    });
    try {
      await ready;
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exited, 0);
    return lines.filter((l) => l.startsWith('processing every'));
  }

  it('--demo without --interval: the profiles’ cadences', async () => {
    const data = await mkdtemp(join(tmpdir(), 'sia-emu-cycles-'));
    dirs.push(data);
    const lines = await banner(['--demo', '--port', '0', '--data', data], 3);
    assert.deepEqual(lines, [
      'processing every 1m: space',
      'processing every 5m: contact-lists',
      'processing every 1h: classic, flexible',
    ]);
  });

  it('--interval overrides every workspace that sets none; a workspace’s own interval wins', async () => {
    const data = await mkdtemp(join(tmpdir(), 'sia-emu-cycles-'));
    dirs.push(data);
    const config = join(data, 'config.json');
    await writeFile(config, JSON.stringify({ workspaces: [acme, ocelot('90s')] }));
    const lines = await banner(
      ['--config', config, '--port', '0', '--data', data, '--interval', '2s'],
      2,
    );
    assert.deepEqual(lines, ['processing every 2s: acme', 'processing every 90s: ocelot']);
  });
});
