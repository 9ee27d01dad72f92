/**
 * The app:// scheme (issue 14): URLs map to files under the renderer folder only, whatever
 * escape they try; the handler serves those with the CSP and refuses the rest. Real files in a
 * temp folder, with a secret one beside the root. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import {
  appIndexUrl,
  appSchemePrivileges,
  createAppProtocolHandler,
  isAppPage,
  resolveAppPath,
} from '../../../electron/app-protocol.ts';
import { electronCsp } from '../../../host/csp.ts';

let work: string;
let root: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'sia-app-protocol-'));
  root = join(work, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), '<title>app</title>');
  await writeFile(join(root, 'assets', 'app.js'), 'export {};');
  await writeFile(join(root, 'assets', 'a b.css'), 'body{}');
  await writeFile(join(work, 'secret.txt'), 'top secret');
  await writeFile(join(work, 'renderer-evil.txt'), 'sibling with the root as prefix');
});
after(() => rm(work, { recursive: true, force: true }));

/** Hostile addresses: each must map to nothing, never to a file outside the root. */
const escapes = [
  'app://renderer/../secret.txt',
  'app://renderer/%2e%2e/secret.txt',
  'app://renderer/%2E%2E/%2e%2e/secret.txt',
  'app://renderer/assets/..%2f..%2fsecret.txt',
  'app://renderer/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
  'app://renderer/..%5c..%5csecret.txt',
  'app://renderer/assets\\..\\..\\secret.txt',
  'app://renderer/%2e%2e%5csecret.txt',
  'app://renderer//etc/passwd',
  'app://renderer/%2fetc%2fpasswd',
  'app://renderer/C:%5cWindows%5cwin.ini',
  'app://renderer/index.html%00.js',
  'app://renderer/%00',
  'app://renderer/%E0%A4%A',
  'app://renderer/../renderer-evil.txt',
  'app://renderer/..%2frenderer-evil.txt',
  'app://evil/index.html',
  'app://renderer:99/index.html',
  'app://user:pw@renderer/index.html',
  'file:///etc/passwd',
  'https://renderer/index.html',
  'not a url',
];

describe('resolveAppPath', () => {
  it('maps the app’s own files under the root, `/` to index.html', () => {
    assert.equal(resolveAppPath(root, appIndexUrl), join(root, 'index.html'));
    assert.equal(resolveAppPath(root, 'app://renderer/'), join(root, 'index.html'));
    assert.equal(
      resolveAppPath(root, 'app://renderer/assets/app.js?v=1#x'),
      join(root, 'assets', 'app.js'),
    );
    assert.equal(
      resolveAppPath(root, 'app://renderer/assets/a%20b.css'),
      join(root, 'assets', 'a b.css'),
    );
  });

  it('never names a file outside the root, whatever the escape', () => {
    for (const url of escapes) {
      const path = resolveAppPath(root, url);
      // The URL parser itself folds some dot segments into the root ("/../x" is "/x"), which
      // stays inside; everything else is refused outright.
      assert.ok(path === undefined || path.startsWith(root + sep), `${url} → ${path}`);
      assert.notEqual(path, join(work, 'secret.txt'), url);
      assert.notEqual(path, join(work, 'renderer-evil.txt'), url);
    }
  });

  it('refuses encoded separators, backslashes, NUL, colons and empty segments outright', () => {
    for (const url of [
      'app://renderer/assets/..%2f..%2fsecret.txt',
      'app://renderer/..%5c..%5csecret.txt',
      'app://renderer/%2e%2e%5csecret.txt',
      'app://renderer//etc/passwd',
      'app://renderer/%2fetc%2fpasswd',
      'app://renderer/C:%5cWindows%5cwin.ini',
      'app://renderer/index.html%00.js',
      'app://renderer/%E0%A4%A',
      'app://evil/index.html',
    ]) {
      assert.equal(resolveAppPath(root, url), undefined, url);
    }
  });
});

describe('isAppPage', () => {
  it('is the index page on app://renderer only', () => {
    assert.equal(isAppPage(appIndexUrl), true);
    assert.equal(isAppPage(`${appIndexUrl}?demo#/sites`), true);
    for (const url of [
      'app://renderer/',
      'app://renderer/assets/app.js',
      'app://renderer.evil/index.html',
      'file:///opt/app/dist/renderer/index.html',
      'http://renderer/index.html',
    ]) {
      assert.equal(isAppPage(url), false, url);
    }
  });
});

describe('createAppProtocolHandler', () => {
  it('registers a standard, secure scheme with fetch (an origin for the CSP and the sender check)', () => {
    assert.deepEqual(appSchemePrivileges, {
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
    });
  });

  it('serves a file with its type, the CSP and nosniff', async () => {
    const handle = createAppProtocolHandler(root, electronCsp);
    const res = await handle({ url: appIndexUrl, method: 'GET' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '<title>app</title>');
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('content-security-policy'), electronCsp);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    const js = await handle({ url: 'app://renderer/assets/app.js', method: 'GET' });
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    const head = await handle({ url: appIndexUrl, method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(await head.text(), '');
  });

  it('answers 404 for every escape, a folder or a missing file, and 405 for other methods', async () => {
    const handle = createAppProtocolHandler(root, electronCsp);
    for (const url of [...escapes, 'app://renderer/assets', 'app://renderer/nope.js']) {
      const res = await handle({ url, method: 'GET' });
      const body = await res.text();
      assert.ok(res.status === 404, `${url} → ${res.status}`);
      assert.doesNotMatch(body, /secret|sibling/);
      assert.equal(res.headers.get('content-security-policy'), electronCsp);
    }
    const post = await handle({ url: appIndexUrl, method: 'POST' });
    assert.equal(post.status, 405);
  });
});
