/**
 * `npm start` (scripts/start.mjs, issue 13): where Electron's binary is missing or cannot be
 * fetched, a short message says so and names `npm run web`, with no stack trace and exit 1;
 * where it is there, Electron runs on the repo and its exit code is passed on. Runs the script
 * in a child process; ELECTRON_OVERRIDE_DIST_PATH points Electron at a folder of the test's, and
 * a fetch goes to a closed port on 127.0.0.1 (ELECTRON_MIRROR), so nothing leaves the machine.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(import.meta.dirname, '../../..');
const script = join(repo, 'scripts/start.mjs');

/** The environment without any Electron or npm-config Electron setting of the caller's. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/electron/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [script, ...args], {
    cwd: repo,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function assertShortMessage(
  r: { code: number | null; out: string; err: string },
  why: RegExp,
): void {
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.err, /^Cannot open the desktop app: /);
  assert.match(r.err, why);
  assert.match(r.err, /^ {2}npm run web$/m);
  assert.doesNotMatch(r.out + r.err, /^\s+at /m, 'a stack trace');
  assert.ok(r.err.split('\n').length < 12, r.err);
}

describe('npm start without an Electron binary', { timeout: 60_000 }, () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sia-start-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('with ELECTRON_SKIP_BINARY_DOWNLOAD: says it is missing and not fetched, and names npm run web', async () => {
    const empty = join(dir, 'empty-1');
    mkdirSync(empty);
    const r = await run(
      [],
      cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: empty, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }),
    );
    assertShortMessage(r, /missing, and ELECTRON_SKIP_BINARY_DOWNLOAD is set/);
  });

  it('when the fetch fails: says it could not be fetched and why, in one line, no stack', async () => {
    const empty = join(dir, 'empty-2');
    mkdirSync(empty);
    const port = await closedPort();
    const r = await run(
      [],
      cleanEnv({
        ELECTRON_OVERRIDE_DIST_PATH: empty,
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
        electron_config_cache: join(dir, 'cache'),
      }),
    );
    assert.match(r.out, /fetching it once/);
    assertShortMessage(r, /missing and could not be fetched \(.*fetch failed.*\)/);
  });

  it(
    'with the binary there: runs it on the repo and passes its exit code on',
    { skip: process.platform === 'win32' ? 'a POSIX shell script plays Electron' : false },
    async () => {
      const fake = join(dir, 'fake');
      mkdirSync(fake);
      const seen = join(dir, 'seen.txt');
      writeFileSync(
        join(fake, 'electron'),
        `#!/bin/sh\nprintf '%s|%s' "$PWD" "$*" > '${seen}'\nexit 7\n`,
      );
      chmodSync(join(fake, 'electron'), 0o755);
      const r = await run(['--no-build'], cleanEnv({ ELECTRON_OVERRIDE_DIST_PATH: fake }));
      assert.equal(r.code, 7, r.out + r.err);
      assert.equal(readFileSync(seen, 'utf8'), `${repo}|.`);
    },
  );
});
