/**
 * The emulator's admin endpoint (contract §10): HTTP on 127.0.0.1, a small server-rendered page
 * for QA (no script; forms POST and redirect back) and JSON under `/api`. Everything shown in
 * HTML is escaped. Every request needs the token printed in the admin URL (`?token=` or
 * `Authorization: Bearer`), a `Host` of this loopback port (DNS rebinding), and a POST from a
 * foreign `Origin` or `Sec-Fetch-Site: cross-site`/`same-site` is refused (CSRF). node.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { safeEqual } from '../auth/auth.ts';
import type { Processor } from '../processing/processor.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';
import { pinCount, recordsPage, territoriesGeoJson, workspaceSummaries } from './admin-queries.ts';
import { renderAdminPage, withToken } from './admin-page.ts';

export type AdminServerOptions = {
  host: string;
  port: number;
  processor: Processor;
  workspaces: WorkspaceRuntime[];
  dataDir: string;
  /** Where a workspace's users connect (`sftp://…`, and `ftps://`/`ftpes://` for SPOTIO). */
  addressesOf?: (workspace: string) => readonly string[];
  /** The secret every request must carry (random per start; printed in the admin URL). */
  token: string;
};

/** Host names a request may name: this loopback listener only (no DNS rebinding). */
const loopbackNames = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Why a request is refused before routing, or undefined when it may go on: a foreign `Host`,
 * a cross-site state change (any method but GET/HEAD), or a missing or wrong token. Pure.
 */
export function refusalOf(
  req: { method: string; headers: IncomingMessage['headers']; url: URL },
  port: number,
  token: string,
): Reply | undefined {
  const allowed = loopbackNames.map((h) => `${h}:${port}`);
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowed.includes(host)) {
    return {
      status: 421,
      json: {
        error: `The admin endpoint answers only to http://127.0.0.1:${port}/ (Host "${host}" refused); open the admin URL the emulator printed.`,
      },
    };
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    const origin = req.headers.origin;
    const site = req.headers['sec-fetch-site'];
    const foreignOrigin =
      origin !== undefined && !allowed.map((a) => `http://${a}`).includes(origin.toLowerCase());
    const foreignSite = site !== undefined && site !== 'same-origin' && site !== 'none';
    if (foreignOrigin || foreignSite) {
      return {
        status: 403,
        json: {
          error: `Refused: a request from another site (${foreignOrigin ? `Origin ${origin ?? ''}` : `Sec-Fetch-Site ${String(site)}`}) may not change anything here; use the admin page itself.`,
        },
      };
    }
  }
  const auth = req.headers.authorization ?? '';
  const given = auth.startsWith('Bearer ')
    ? auth.slice('Bearer '.length)
    : (req.url.searchParams.get('token') ?? '');
  if (!safeEqual(given, token)) {
    return {
      status: 401,
      json: {
        error:
          'The admin endpoint needs its token: open the admin URL the emulator printed (http://127.0.0.1:PORT/?token=…), or send Authorization: Bearer <token>.',
      },
    };
  }
  return undefined;
}

type Reply = { status: number; json?: unknown; html?: string; redirect?: string };

function send(res: ServerResponse, r: Reply): void {
  if (r.redirect !== undefined) {
    res.writeHead(303, {
      location: r.redirect,
      'content-length': '0',
      'referrer-policy': 'no-referrer',
    });
    res.end();
    return;
  }
  const body = r.html ?? JSON.stringify(r.json ?? null, null, 2);
  res.writeHead(r.status, {
    // The token is in the page's URL: never pass it on in a Referer.
    'referrer-policy': 'no-referrer',
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
  if (opts.token.length < 16) throw new Error('the admin token must be at least 16 characters');
  const routes = apiRoutes(processor, workspaces);

  async function route(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://admin.local');
    const method = req.method ?? 'GET';
    const refused = refusalOf({ method, headers: req.headers, url }, port, opts.token);
    if (refused) return refused;
    if (method === 'GET' && url.pathname === '/') {
      return {
        status: 200,
        html: renderAdminPage(
          processor,
          workspaces,
          url.searchParams.get('message'),
          opts.addressesOf,
          opts.token,
        ),
      };
    }
    const fromForm = (req.headers['content-type'] ?? '').startsWith(
      'application/x-www-form-urlencoded',
    );
    const done = (json: unknown): Reply =>
      fromForm ? { status: 303, redirect: withToken('/', opts.token) } : { status: 200, json };
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
