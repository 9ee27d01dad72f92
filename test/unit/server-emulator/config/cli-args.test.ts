import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isLoopbackHost, parseArgs } from '../../../../server-emulator/cli.ts';

describe('emulator flags under abuse (issue 14)', () => {
  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
      assert.equal(isLoopbackHost(h), true, h);
    }
    for (const h of ['0.0.0.0', '::', '192.168.1.5', 'example.com', '127.0.0.1.evil']) {
      assert.equal(isLoopbackHost(h), false, h);
    }
  });
  it('refuses --demo on a non-loopback --host unless --allow-demo-on-network', () => {
    const refused = parseArgs(['--demo', '--host', '0.0.0.0']);
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.match(refused.message, /--allow-demo-on-network/);
    assert.equal(parseArgs(['--demo', '--host', '0.0.0.0', '--allow-demo-on-network']).ok, true);
    assert.equal(parseArgs(['--config', 'x.json', '--host', '0.0.0.0']).ok, true);
    assert.equal(parseArgs(['--demo', '--host', 'localhost']).ok, true);
  });
  it('parses --login-timeout as a duration', () => {
    const r = parseArgs(['--demo', '--login-timeout', '5s']);
    assert.ok(r.ok);
    if (r.ok) assert.equal(r.value.loginTimeoutMs, 5000);
    const bad = parseArgs(['--demo', '--login-timeout', 'soon']);
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.message, /--login-timeout takes a duration/);
  });
});
