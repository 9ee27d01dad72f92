/**
 * One policy everywhere (issue 14): renderer/index.html's meta CSP says what host/csp.ts sends
 * (less frame-ancestors, which a meta tag cannot carry), and neither allows inline script,
 * inline style or eval. node.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { electronCsp, webHostCsp } from '../../../host/csp.ts';

const html = readFileSync(
  fileURLToPath(new URL('../../../renderer/index.html', import.meta.url)),
  'utf8',
);

function directives(csp: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values.sort().join(' '));
  }
  return map;
}

describe('Content-Security-Policy', () => {
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

  it('index.html’s meta tag matches the Electron header directive for directive', () => {
    assert.ok(meta, 'renderer/index.html has no CSP meta tag');
    const header = directives(electronCsp);
    header.delete('frame-ancestors');
    assert.deepEqual(
      [...directives(meta)].sort(([a], [b]) => a.localeCompare(b)),
      [...header].sort(([a], [b]) => a.localeCompare(b)),
    );
  });

  it('allows no inline script or style and no eval in either shell', () => {
    for (const csp of [electronCsp, webHostCsp, meta ?? '']) {
      const d = directives(csp);
      assert.equal(d.get('script-src'), "'self'");
      assert.equal(d.get('style-src'), "'self'");
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|unsafe-hashes/);
      assert.equal(d.get('object-src'), "'none'");
    }
  });
});
