#!/usr/bin/env node
// `npm start`: opens the desktop app. First it makes sure Electron's binary is there, without the
// stack trace `require('electron')` prints when it is not (Electron 45 fetches its ~100 MB binary
// on first use, from GitHub): when it is missing it is fetched once, quietly, unless
// ELECTRON_SKIP_BINARY_DOWNLOAD is set; when it still is not there, a short message says why and
// that `npm run web` runs the same app in a browser (exit 1). Then it builds (scripts/build.mjs;
// `--no-build` skips that) and runs Electron on the repo, passing its exit code on.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The executable's path inside Electron's dist folder, as electron/install.js names it. */
function platformPath() {
  switch (process.platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/**
 * Where Electron's binary is, as node_modules/electron/index.js finds it, but never downloading:
 * `{ ok: true, path }`, or `{ ok: false, why: 'not-installed' | 'missing', pkgDir? }`.
 */
export function findElectron(env = process.env) {
  let pkgDir;
  try {
    pkgDir = dirname(createRequire(join(repo, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { ok: false, why: 'not-installed' };
  }
  let rel;
  try {
    rel = readFileSync(join(pkgDir, 'path.txt'), 'utf8');
  } catch {
    rel = undefined;
  }
  const path = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, rel || platformPath())
    : join(pkgDir, 'dist', rel || platformPath());
  return existsSync(path) ? { ok: true, path, pkgDir } : { ok: false, why: 'missing', pkgDir };
}

/** Runs Electron's own installer with its output kept; `{ ok }` or `{ ok: false, reason }`. */
function fetchElectron(pkgDir) {
  const r = spawnSync(process.execPath, [join(pkgDir, 'install.js')], {
    cwd: pkgDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60_000,
  });
  if (r.status === 0) return { ok: true };
  if (r.error) return { ok: false, reason: r.error.message };
  // Its first error line ("TypeError: fetch failed", "HTTPError: 404 …"), not the stack.
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim());
  const reason = lines.find((l) => /error/i.test(l) && !l.startsWith('at ')) ?? lines.find(Boolean);
  return { ok: false, reason: (reason ?? `exit code ${r.status}`).slice(0, 200) };
}

/** Electron's binary, fetched if need be; `{ ok: true, path }` or `{ ok: false, message }`. */
export function electronOrWhy(env = process.env, say = (t) => console.log(t)) {
  const found = findElectron(env);
  if (found.ok) return found;
  if (found.why === 'not-installed') {
    return { ok: false, message: 'The electron package is not installed (run `npm install`).' };
  }
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return {
      ok: false,
      message:
        "Electron's binary is missing, and ELECTRON_SKIP_BINARY_DOWNLOAD is set, so it was not fetched.",
    };
  }
  say("Electron's binary is missing; fetching it once (about 100 MB from GitHub)…");
  const fetched = fetchElectron(found.pkgDir);
  const again = findElectron(env);
  if (fetched.ok && again.ok) return again;
  return {
    ok: false,
    message: `Electron's binary is missing and could not be fetched (${fetched.reason ?? 'no binary after the download'}).`,
  };
}

/** The message for a missing Electron: what happened, and the same app in a browser. */
export function noElectronMessage(why) {
  return [
    `Cannot open the desktop app: ${why}`,
    '',
    'Run the same app in your browser instead:',
    '  npm run web',
    '',
    'Or fetch Electron when you are online, then try again:',
    '  node node_modules/electron/install.js && npm start',
  ].join('\n');
}

async function main(argv) {
  const electron = electronOrWhy();
  if (!electron.ok) {
    console.error(noElectronMessage(electron.message));
    return 1;
  }
  if (!argv.includes('--no-build')) {
    const built = spawnSync(process.execPath, [join(repo, 'scripts', 'build.mjs')], {
      cwd: repo,
      stdio: 'inherit',
    });
    if (built.status !== 0) return built.status ?? 1;
  }
  const child = spawn(electron.path, ['.'], { cwd: repo, stdio: 'inherit', windowsHide: false });
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  return new Promise((resolve) => {
    child.on('error', (e) => {
      console.error(noElectronMessage(`Electron could not be started (${e.message}).`));
      resolve(1);
    });
    child.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
