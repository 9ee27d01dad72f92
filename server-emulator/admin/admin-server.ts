/**
 * The emulator's admin endpoint (contract §10): HTTP on 127.0.0.1, a small server-rendered page
 * for QA (no script; forms POST and redirect back) and JSON under `/api`. Everything shown in
 * HTML is escaped. node.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Processor } from '../processing/processor.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';
import { pinCount, recordsPage, territoriesGeoJson, workspaceSummaries } from './admin-queries.ts';
import { renderAdminPage } from './admin-page.ts';

export type AdminServerOptions = {
  host: string;
  port: number;
  processor: Processor;
  workspaces: WorkspaceRuntime[];
  dataDir: string;
  /** Where a workspace's users connect (`sftp://…`, and `ftps://`/`ftpes://` for SPOTIO). */
  addressesOf?: (workspace: string) => readonly string[];
};

type Reply = { status: number; json?: unknown; html?: string; redirect?: string };

function send(res: ServerResponse, r: Reply): void {
  if (r.redirect !== undefined) {
    res.writeHead(303, { location: r.redirect, 'content-length': '0' });
    res.end();
    return;
  }
  const body = r.html ?? JSON.stringify(r.json ?? null, null, 2);
  res.writeHead(r.status, {
    'content-type':
      r.html !== undefined ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  });
  res.end(body);
}

function intParam(v: string | null | undefined, dflt: number, max: number): number {
  const n = v === null || v === undefined ? dflt : Number(v);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : dflt;
}

type Ctx = {
  url: URL;
  w: WorkspaceRuntime | undefined;
  params: string[];
  done: (json: unknown) => Reply;
};
type Route = { method: 'GET' | 'POST'; path: RegExp; handle: (c: Ctx) => Promise<Reply> | Reply };

/** The JSON API's routes; `:ws` routes are only reached for a configured workspace. */
function apiRoutes(processor: Processor, workspaces: readonly WorkspaceRuntime[]): Route[] {
  const ok = (json: unknown): Reply => ({ status: 200, json });
  const q = (c: Ctx, k: string) => c.url.searchParams.get(k) ?? undefined;
  const ws = (c: Ctx) => c.w!.name;
  return [
    {
      method: 'GET',
      path: /^\/api\/workspaces$/,
      handle: () => ok(workspaceSummaries(processor.db, workspaces)),
    },
    {
      method: 'GET',
      path: /^\/api\/log$/,
      handle: (c) =>
        ok(
          processor.journal.readLog(
            intParam(q(c, 'limit'), 200, 10_000),
            intParam(q(c, 'offset'), 0, 1e9),
          ),
        ),
    },
    {
      method: 'POST',
      path: /^\/api\/process$/,
      handle: async (c) => c.done(await processor.runCycle(undefined, { force: true })),
    },
    {
      method: 'GET',
      path: /^\/api\/workspaces\/([^/]+)\/records$/,
      handle: (c) => {
        const page = recordsPage(
          processor.db,
          ws(c),
          q(c, 'object'),
          intParam(q(c, 'limit'), 100, 1000),
          intParam(q(c, 'offset'), 0, 1e12),
        );
        return ok({ ...page, pins: pinCount(processor.db, ws(c)) });
      },
    },
    {
      method: 'GET',
      path: /^\/api\/workspaces\/([^/]+)\/territories$/,
      handle: (c) => ok(territoriesGeoJson(processor.db, ws(c))),
    },
    {
      method: 'GET',
      path: /^\/api\/workspaces\/([^/]+)\/files$/,
      handle: (c) =>
        ok({
          spaceFiles: processor.files.spaceFiles(ws(c)),
          contactLists: processor.files.contactLists(ws(c)),
        }),
    },
    {
      method: 'POST',
      path: /^\/api\/workspaces\/([^/]+)\/process$/,
      handle: async (c) => c.done(await processor.runCycle(undefined, { force: true })),
    },
    {
      method: 'POST',
      path: /^\/api\/workspaces\/([^/]+)\/export$/,
      handle: async (c) => c.done({ files: await processor.exportNow(ws(c), q(c, 'object')) }),
    },
    {
      method: 'POST',
      path: /^\/api\/workspaces\/([^/]+)\/contact-lists\/(\d+)\/use$/,
      handle: (c) => {
        const id = Number(c.params[1]);
        if (!processor.useContactListFile(ws(c), id)) {
          return { status: 404, json: { error: `No contact-list file #${id} in "${ws(c)}".` } };
        }
        return c.done({ used: id });
      },
    },
    {
      method: 'POST',
      path: /^\/api\/workspaces\/([^/]+)\/pull\/test$/,
      handle: async (c) =>
        c.done({ results: await processor.testPullSource(ws(c), q(c, 'source')) }),
    },
  ];
}

/** Starts the admin endpoint; `port` 0 picks a free one (returned). */
export async function startAdminServer(
  opts: AdminServerOptions,
): Promise<{ port: number; close(): Promise<void> }> {
  const { processor, workspaces } = opts;
  const routes = apiRoutes(processor, workspaces);

  async function route(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://admin.local');
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname === '/') {
      return {
        status: 200,
        html: renderAdminPage(
          processor,
          workspaces,
          url.searchParams.get('message'),
          opts.addressesOf,
        ),
      };
    }
    const fromForm = (req.headers['content-type'] ?? '').startsWith(
      'application/x-www-form-urlencoded',
    );
    const done = (json: unknown): Reply =>
      fromForm ? { status: 303, redirect: '/' } : { status: 200, json };
    for (const r of routes) {
      const m = r.path.exec(url.pathname);
      if (!m) continue;
      if (r.method !== method) {
        return { status: 405, json: { error: `Use ${r.method} for ${url.pathname}.` } };
      }
      const params = m.slice(1).map((p) => decodeURIComponent(p));
      const w = params[0] === undefined ? undefined : workspaces.find((x) => x.name === params[0]);
      if (params[0] !== undefined && !w) {
        return {
          status: 404,
          json: {
            error: `No workspace named "${params[0]}". Known: ${workspaces.map((x) => x.name).join(', ')}.`,
          },
        };
      }
      return r.handle({ url, w, params, done });
    }
    return {
      status: 404,
      json: { error: 'Not found. The page is at / and the JSON API under /api.' },
    };
  }

  const server = createServer((req, res) => {
    // Drain any body (forms are empty; the API takes its parameters in the query string).
    req.resume();
    req.on('end', () => {
      route(req).then(
        (r) => send(res, r),
        (e: unknown) => send(res, { status: 500, json: { error: (e as Error).message } }),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
