/**
 * The emulator's admin endpoint (contract §10): HTTP on 127.0.0.1, a small server-rendered page
 * for QA (no script; forms POST and redirect back) and JSON under `/api`. Everything shown in
 * HTML is escaped. node.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Processor } from '../processing/processor.ts';
import type { WorkspaceRuntime } from '../workspace.ts';
import { pinCount, recordsPage, territoriesGeoJson, workspaceSummaries } from './admin-queries.ts';
import { renderAdminPage } from './admin-page.ts';

export type AdminServerOptions = {
  host: string;
  port: number;
  processor: Processor;
  workspaces: WorkspaceRuntime[];
  dataDir: string;
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
    'content-type': r.html !== undefined ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
  });
  res.end(body);
}

function intParam(v: string | null, dflt: number, max: number): number {
  const n = v === null ? dflt : Number(v);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : dflt;
}

/** Starts the admin endpoint; `port` 0 picks a free one (returned). */
export async function startAdminServer(opts: AdminServerOptions): Promise<{ port: number; close(): Promise<void> }> {
  const { processor, workspaces } = opts;
  const known = (ws: string) => workspaces.find((w) => w.name === ws);

  async function route(req: IncomingMessage): Promise<Reply> {
    const url = new URL(req.url ?? '/', 'http://admin.local');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const fromForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
    const done = (json: unknown): Reply => (fromForm ? { status: 303, redirect: '/' } : { status: 200, json });

    if (method === 'GET' && parts.length === 0) {
      return { status: 200, html: renderAdminPage(processor, workspaces, url.searchParams.get('message')) };
    }
    if (parts[0] !== 'api') return { status: 404, json: { error: 'Not found. The JSON API is under /api.' } };
    const [, a, ws, b, c, d] = parts;
    if (method === 'GET' && a === 'workspaces' && ws === undefined) {
      return { status: 200, json: workspaceSummaries(processor.db, workspaces) };
    }
    if (method === 'GET' && a === 'log') {
      return { status: 200, json: processor.journal.readLog(intParam(url.searchParams.get('limit'), 200, 10_000), intParam(url.searchParams.get('offset'), 0, 1e9)) };
    }
    if (method === 'POST' && a === 'process' && ws === undefined) return done(await processor.runCycle());
    if (a !== 'workspaces' || ws === undefined) return { status: 404, json: { error: 'Not found.' } };
    const w = known(ws);
    if (!w) return { status: 404, json: { error: `No workspace named "${ws}". Known: ${workspaces.map((x) => x.name).join(', ')}.` } };
    if (method === 'GET' && b === 'records') {
      const object = url.searchParams.get('object') ?? undefined;
      const page = recordsPage(processor.db, w.name, object, intParam(url.searchParams.get('limit'), 100, 1000), intParam(url.searchParams.get('offset'), 0, 1e12));
      return { status: 200, json: { ...page, pins: pinCount(processor.db, w.name) } };
    }
    if (method === 'GET' && b === 'territories') return { status: 200, json: territoriesGeoJson(processor.db, w.name) };
    if (method === 'GET' && b === 'files') {
      return { status: 200, json: { spaceFiles: processor.files.spaceFiles(w.name), contactLists: processor.files.contactLists(w.name) } };
    }
    if (method === 'POST' && b === 'process') return done(await processor.runCycle());
    if (method === 'POST' && b === 'export') {
      const object = url.searchParams.get('object') ?? undefined;
      return done({ files: await processor.exportNow(w.name, object) });
    }
    if (method === 'POST' && b === 'contact-lists' && c !== undefined && d === 'use') {
      const id = Number(c);
      if (!Number.isInteger(id) || !processor.useContactListFile(w.name, id)) {
        return { status: 404, json: { error: `No contact-list file #${c} in "${w.name}".` } };
      }
      return done({ used: id });
    }
    if (method === 'POST' && b === 'pull' && c === 'test') {
      const source = url.searchParams.get('source') ?? undefined;
      return done({ results: await processor.testPullSource(w.name, source) });
    }
    return { status: 404, json: { error: 'Not found.' } };
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
