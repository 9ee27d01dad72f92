import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { startAdminServer } from '../../../../server-emulator/admin/admin-server.ts';
import { csv, startHarness, type Harness } from '../processing/harness.ts';

const token = 'test-admin-token-0123456789';

/** fetch with the admin token (issue 14: every request needs it). */
const fetchAuthed = (url: string, init: RequestInit = {}) =>
  fetch(url, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  });

describe('the admin endpoint (contract §10)', { timeout: 60_000 }, () => {
  let h: Harness;
  let admin: { port: number; close(): Promise<void> };
  let base: string;
  before(async () => {
    h = await startHarness();
    admin = await startAdminServer({
      host: '127.0.0.1',
      port: 0,
      processor: h.processor,
      workspaces: h.workspaces,
      dataDir: h.dataDir,
      token,
    });
    base = `http://127.0.0.1:${admin.port}`;
  });
  after(async () => {
    await admin?.close();
    await h?.close();
  });
  const getJson = async <T>(path: string): Promise<T> => {
    const r = await fetchAuthed(base + path, { signal: AbortSignal.timeout(10_000) });
    assert.equal(r.status, 200, path);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    return (await r.json()) as T;
  };

  it('runs a cycle on POST /api/workspaces/:ws/process and shows the records it made', async () => {
    await h.drop(
      'classic',
      '/Leads/Import/New',
      'admin.csv',
      csv(
        ['Company', 'Address', 'ExternalLeadId'],
        [['<script>alert(1)</script>', '1 Main', 'ADM-1']],
      ),
    );
    const r = await fetchAuthed(`${base}/api/workspaces/classic/process`, {
      method: 'POST',
      signal: AbortSignal.timeout(30_000),
    });
    assert.equal(r.status, 200);
    const report = (await r.json()) as { files: { file: string; status: string }[] };
    assert.deepEqual(
      report.files.map((f) => [f.file, f.status]),
      [['admin.csv', 'success']],
    );
    const list =
      await getJson<{ name: string; objects: { object: string; records: number }[] }[]>(
        '/api/workspaces',
      );
    assert.deepEqual(list.find((w) => w.name === 'classic')?.objects, [
      { object: 'Lead', records: 1 },
    ]);
    const page = await getJson<{
      total: number;
      records: { RecordID: string; externalId: string; fields: Record<string, string> }[];
    }>('/api/workspaces/classic/records?object=Lead&limit=10&offset=0');
    assert.equal(page.total, 1);
    assert.match(page.records[0]!.RecordID, /^R\d{8}$/);
    assert.equal(page.records[0]!.externalId, 'ADM-1');
  });

  it('escapes every value in the HTML page and offers a "process now" form', async () => {
    await h.drop(
      'classic',
      '/Leads/Import/New',
      '<img src=x onerror=alert(1)>.csv',
      'Company,Address\r\nA,B\r\n',
    );
    await h.processor.runCycle();
    const r = await fetchAuthed(base + '/', { signal: AbortSignal.timeout(10_000) });
    const html = await r.text();
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.ok(!html.includes('<script>'));
    // The page's own requests carry the token (issue 14).
    assert.ok(html.includes(`<form method="post" action="/api/process?token=${token}"`));
    assert.ok(html.includes(`<a href="/api/log?token=${token}">`));
    assert.ok(!html.includes('<img'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;.csv'));
    assert.match(html, /admin\.csv/);
  });

  it('serves territories as a GeoJSON FeatureCollection and the log newest first', async () => {
    const fc = await getJson<{ type: string; features: unknown[] }>(
      '/api/workspaces/classic/territories',
    );
    assert.deepEqual(fc, { type: 'FeatureCollection', features: [] });
    const log = await getJson<{ message: string; file: string | null }[]>('/api/log');
    assert.ok(log.some((l) => l.file === 'admin.csv' && l.message.startsWith('Imported')));
  });

  it('exports on POST …/export and marks a contact list used on POST …/contact-lists/:id/use', async () => {
    const ex = await fetchAuthed(`${base}/api/workspaces/classic/export`, {
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await ex.json()) as { files: string[] };
    assert.match(body.files[0] ?? '', /^\/Leads\/Export\/Lead_\d{4}-\d{2}-\d{2}\.csv$/);
    await h.drop('contact-lists', '/', 'list.csv', 'Phone\r\n1\r\n');
    await h.processor.runCycle();
    const files = await getJson<{ contactLists: { id: number; lastUsedAt: number }[] }>(
      '/api/workspaces/contact-lists/files',
    );
    const id = files.contactLists[0]!.id;
    h.now.t += 1000;
    const use = await fetchAuthed(`${base}/api/workspaces/contact-lists/contact-lists/${id}/use`, {
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(use.status, 200);
    const after = await getJson<{ contactLists: { id: number; lastUsedAt: number }[] }>(
      '/api/workspaces/contact-lists/files',
    );
    assert.equal(after.contactLists[0]!.lastUsedAt, h.now.t);
    const missing = await fetchAuthed(
      `${base}/api/workspaces/contact-lists/contact-lists/424242/use`,
      {
        method: 'POST',
        signal: AbortSignal.timeout(10_000),
      },
    );
    assert.equal(missing.status, 404);
  });

  it('redirects a form POST back to the page, and answers an unknown workspace with the known ones', async () => {
    const r = await fetchAuthed(`${base}/api/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), `/?token=${token}`);
    const nf = await fetchAuthed(`${base}/api/workspaces/nope/records`, {
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(nf.status, 404);
    assert.match(((await nf.json()) as { error: string }).error, /Known: classic, flexible/);
  });

  /** A raw HTTP request (fetch cannot set Host). */
  const raw = (
    method: string,
    path: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: admin.port, method, path, headers, timeout: 10_000 },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('refuses a request without the token or with a wrong one, and accepts it in the query (issue 14)', async () => {
    const none = await fetch(`${base}/api/workspaces`, { signal: AbortSignal.timeout(10_000) });
    assert.equal(none.status, 401);
    assert.match(((await none.json()) as { error: string }).error, /needs its token/);
    const wrong = await fetch(`${base}/api/workspaces?token=${token.slice(0, -1)}x`);
    assert.equal(wrong.status, 401);
    const page = await fetch(`${base}/`);
    assert.equal(page.status, 401);
    assert.ok(!(await page.text()).includes('classic'));
    const query = await fetch(`${base}/api/workspaces?token=${token}`);
    assert.equal(query.status, 200);
  });

  it('answers only to its loopback Host, even with the token (DNS rebinding)', async () => {
    const evil = await raw('GET', `/api/workspaces?token=${token}`, {
      host: `evil.example:${admin.port}`,
    });
    assert.equal(evil.status, 421);
    assert.match(evil.body, /answers only to http:\/\/127\.0\.0\.1/);
    const otherPort = await raw('GET', `/api/workspaces?token=${token}`, {
      host: `127.0.0.1:${admin.port + 1}`,
    });
    assert.equal(otherPort.status, 421);
    const local = await raw('GET', `/api/workspaces?token=${token}`, {
      host: `localhost:${admin.port}`,
    });
    assert.equal(local.status, 200);
  });

  it('refuses "process now" from a foreign Origin or a cross-site fetch, and processes nothing (CSRF)', async () => {
    const path = await h.drop(
      'classic',
      '/Leads/Import/New',
      'csrf.csv',
      'Company,Address\r\nA,B\r\n',
    );
    for (const headers of <Record<string, string>[]>[
      { origin: 'http://evil.example' },
      { origin: `http://127.0.0.1:${admin.port + 1}` },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]) {
      const r = await raw('POST', `/api/process?token=${token}`, {
        host: `127.0.0.1:${admin.port}`,
        ...headers,
      });
      assert.equal(r.status, 403, JSON.stringify(headers));
      assert.match(r.body, /another site/);
    }
    assert.ok(existsSync(path), 'the refused requests processed the file');
    const same = await raw('POST', `/api/process?token=${token}`, {
      host: `127.0.0.1:${admin.port}`,
      origin: `http://127.0.0.1:${admin.port}`,
      'sec-fetch-site': 'same-origin',
    });
    assert.equal(same.status, 200);
    assert.ok(!existsSync(path), "the page's own POST did not process the file");
  });
});
