/**
 * `npm run web`: the whole app in a plain browser, no Electron. Builds the renderer when
 * dist/renderer is missing or older than its sources, starts the web host on 127.0.0.1 with a
 * fresh token, and prints the address to open. Flags: `--data DIR` (settings, ledger, keys;
 * default the OS's app data folder), `--port N` (0 = any free port), `--no-build`.
 * node (entry point).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './app-data-dir.ts';
import { createToken } from './auth.ts';
import type { HostHandlers } from './create-handlers.ts';
import { openHost } from './open-host.ts';
import { startWebHost } from './web-host.ts';

const repo = fileURLToPath(new URL('../', import.meta.url));
const browserSafeCore = [
  'profiles',
  'schema',
  'csv',
  'kml',
  'naming',
  'report',
  'ipc',
  'util',
  'model',
];
const usage = 'usage: npm run web -- [--data DIR] [--port N] [--no-build]';
/** What the token is, honestly: reusable until this host stops, not single use (docs/security.md). */
const tokenNotice =
  '(keep this address private: its token lets any tab on this computer use the app until you stop this command; it is not single use. The page hides it from the address bar once opened. Ctrl+C stops)';

async function main(): Promise<number> {
  let flags;
  try {
    flags = parseArgs({
      options: {
        data: { type: 'string' },
        port: { type: 'string', default: '0' },
        'no-build': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return 2;
  }
  if (flags.help) {
    console.log(usage);
    return 0;
  }
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535 (got "${flags.port}").\n${usage}`);
    return 2;
  }
  const dataDir = resolve(flags.data ?? defaultDataDir());
  const staticDir = join(repo, 'dist', 'renderer');
  if (!flags['no-build'] && isStale(staticDir)) {
    console.log('building the renderer (dist/renderer is missing or older than its sources)…');
    const built = spawnSync(process.execPath, [join(repo, 'scripts', 'build.mjs'), 'renderer'], {
      cwd: repo,
      stdio: 'inherit',
    });
    if (built.status !== 0) {
      console.error('The renderer did not build; fix the errors above and run again.');
      return 1;
    }
  }

  let host: HostHandlers | undefined;
  const web = await startWebHost({
    port,
    staticDir,
    token: createToken(),
    stagingDir: mkdtempSync(join(tmpdir(), 'sia-staging-')),
    handlers: ({ emit, localFiles }) => {
      host = openHost({
        dataDir,
        localFiles,
        warn: (w) => console.warn(`warning: ${w}`),
        emit,
        app: {
          name: 'SFTP Import Assistant',
          version: appVersion(),
          platform: process.platform,
          transport: 'web',
        },
      });
      return host.handlers;
    },
  });
  console.log(`data folder ${dataDir}`);
  console.log(`open ${web.url}`);
  console.log(tokenNotice);

  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await host?.shutdown();
  await web.close();
  return 0;
}

/** Whether dist/renderer/index.html is missing or older than any renderer or std core source. */
function isStale(staticDir: string): boolean {
  let built: number;
  try {
    built = statSync(join(staticDir, 'index.html')).mtimeMs;
  } catch {
    return true;
  }
  // The renderer and the browser-safe parts of core it bundles (tsconfig.web.json's list).
  const sources = ['renderer', ...browserSafeCore.map((d) => `core/${d}`)].map((d) =>
    join(repo, d),
  );
  return sources.some((dir) => newestMtime(dir) > built);
}

function newestMtime(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function appVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

process.exitCode = await main();
