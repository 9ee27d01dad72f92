/**
 * The web host's token in a real browser (issue 14): once the page has read it, it is gone from
 * the address bar and the history entry, kept only in the tab's sessionStorage, so a reload
 * still works; a new tab on the bare address gets the "open the link" page. Real web host with
 * the real handlers (the e2e harness), Debian's Chromium. node, real browser.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, type AppHarness } from '../../helpers/e2e/app-harness.ts';

describe('the web host’s token in the browser', { timeout: 180_000 }, () => {
  let app: AppHarness;
  let token: string;

  before(async () => {
    app = await startApp();
    token = new URL(app.web.url).hash.slice('#token='.length);
    await app.page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  after(() => app?.close());

  it('takes the token out of the address bar once read', async () => {
    const href = await app.page.evaluate(() => location.href);
    assert.equal(href, `${app.web.origin}/`);
    assert.ok(!href.includes(token));
    assert.equal(await app.page.evaluate(() => sessionStorage.getItem('sia-session-token')), token);
  });

  it('still works after a reload (the tab kept the token)', async () => {
    let frames = 0;
    app.page.on('websocket', (ws) => {
      if (ws.url().includes('/api/ws')) ws.on('framereceived', () => (frames += 1));
    });
    await app.page.reload();
    await app.page.getByRole('navigation', { name: 'Main' }).waitFor();
    assert.equal(await app.page.evaluate(() => location.href), `${app.web.origin}/`);
    // The reloaded page's own bridge connects with the kept token and gets answers.
    const deadline = Date.now() + 10_000;
    while (frames === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(frames > 0, 'the reloaded page got no answer from the host');
    app.assertNoPageErrors();
  });

  it('shows the "open the link" page in a new tab on the bare address', async () => {
    const other = await app.browser.newPage();
    try {
      await other.goto(`${app.web.origin}/`);
      await other.getByRole('heading', { name: /Open the link/ }).waitFor();
      assert.equal(await other.evaluate(() => sessionStorage.getItem('sia-session-token')), null);
    } finally {
      await other.close();
    }
  });
});
