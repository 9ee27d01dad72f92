import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startAdminServer } from '../../../../server-emulator/admin/admin-server.ts';
import { csv, startHarness, type Harness } from '../processing/harness.ts';

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
    });
    base = `http://127.0.0.1:${admin.port}`;
  });
  after(async () => {
    await admin?.close();
    await h?.close();
  });
  const getJson = async <T>(path: string): Promise<T> => {
    const r = await fetch(base + path, { signal: AbortSignal.timeout(10_000) });
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
    const r = await fetch(`${base}/api/workspaces/classic/process`, {
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
    const r = await fetch(base + '/', { signal: AbortSignal.timeout(10_000) });
    const html = await r.text();
    assert.match(r.headers.get('content-type') ?? '', /text\/html/);
    assert.ok(!html.includes('<script>'));
    assert.match(html, /<form method="post" action="\/api\/process"/);
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
    const ex = await fetch(`${base}/api/workspaces/classic/export`, {
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
    const use = await fetch(`${base}/api/workspaces/contact-lists/contact-lists/${id}/use`, {
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(use.status, 200);
    const after = await getJson<{ contactLists: { id: number; lastUsedAt: number }[] }>(
      '/api/workspaces/contact-lists/files',
    );
    assert.equal(after.contactLists[0]!.lastUsedAt, h.now.t);
    const missing = await fetch(`${base}/api/workspaces/contact-lists/contact-lists/424242/use`, {
      method: 'POST',
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(missing.status, 404);
  });

  it('redirects a form POST back to the page, and answers an unknown workspace with the known ones', async () => {
    const r = await fetch(`${base}/api/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
      redirect: 'manual',
      signal: AbortSignal.timeout(30_000),
    });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/');
    const nf = await fetch(`${base}/api/workspaces/nope/records`, {
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(nf.status, 404);
    assert.match(((await nf.json()) as { error: string }).error, /Known: classic, flexible/);
  });
});
