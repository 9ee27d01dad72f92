/**
 * The pull profile against a private OpenSSH sshd as the customer's server (contract §9, seed
 * 003): re-import on change, the company-name column, "test connection" steps, and a server
 * that stalls mid-download (a loopback TCP proxy in front of sshd stops forwarding). One sshd
 * for the whole file: the helper's test user gets a new password at each start.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canRunSshd, freePort, startSshd, type RunningSshd } from '../../../helpers/openssh.ts';
import { startTcpProxy, type TcpProxy } from '../../../helpers/tcp-proxy.ts';
import { fetchPullFile, testPullSource } from '../../../../server-emulator/pull/pull.ts';
import type { PullSource, WorkspaceConfig } from '../../../../server-emulator/config/workspace.ts';
import { startHarness, type Harness } from '../processing/harness.ts';

const can = canRunSshd();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(
  'the pull profile against a real OpenSSH server (contract §9)',
  { skip: can.ok ? false : can.why, timeout: 120_000 },
  () => {
    let sshd: RunningSshd;
    let h: Harness;
    let source: PullSource;
    const put = async (name: string, text: string) => {
      const p = join(sshd.dir, name);
      await writeFile(p, text);
      await chown(p, 0, 0).catch(() => undefined);
    };

    before(async () => {
      sshd = await startSshd();
      source = {
        id: 'crm',
        host: sshd.host,
        port: sshd.port,
        username: sshd.user.name,
        password: sshd.user.password,
        path: join(sshd.dir, 'leads.csv'),
        hostKey: sshd.hostKeyFingerprint,
      };
      const ws: WorkspaceConfig = {
        name: 'leadbay',
        profile: 'pull',
        users: [],
        schemas: [],
        exportSchedule: 'none',
        pullSources: [source],
      };
      h = await startHarness([ws]);
    });
    after(async () => {
      await h?.close();
      await sshd?.close();
    });

    it('imports the file on the first cycle, skips it while unchanged, and re-imports it when it changes', async () => {
      await put('leads.csv', 'Company,City\r\nAcme,Springfield\r\nBolt,Shelbyville\r\n');
      let r = await h.processor.runCycle();
      assert.deepEqual(
        r.pulls.map((p) => [p.status, p.rowsImported]),
        [['imported', 2]],
      );
      assert.equal(h.count('Lead', 'leadbay'), 2);
      r = await h.processor.runCycle();
      assert.deepEqual(
        r.pulls.map((p) => p.status),
        ['unchanged'],
      );
      assert.equal(h.count('Lead', 'leadbay'), 2);
      await put(
        'leads.csv',
        'Company,City\r\nAcme,Springfield\r\nBolt,Shelbyville\r\nCog,Ogdenville\r\n',
      );
      r = await h.processor.runCycle();
      assert.deepEqual(
        r.pulls.map((p) => [p.status, p.rowsImported]),
        [['imported', 3]],
      );
      assert.equal(h.count('Lead', 'leadbay'), 3, 'the source is replaced, not appended to');
    });

    it('refuses a file without a company-name column', async () => {
      await put('leads.csv', 'City,Zip\r\nSpringfield,62701\r\n');
      const r = await h.processor.runCycle();
      assert.equal(r.pulls[0]?.status, 'failed');
      assert.match(r.pulls[0]?.message ?? '', /Company/);
      assert.equal(h.count('Lead', 'leadbay'), 3, 'the last good import stays');
    });

    it('does not take a bare "Name" column for the company name, and names the accepted ones', async () => {
      await put('leads.csv', 'Name,City\r\nAcme,Springfield\r\n');
      const r = await h.processor.runCycle();
      assert.equal(r.pulls[0]?.status, 'failed');
      assert.match(
        r.pulls[0]?.message ?? '',
        /one of: Company, Company Name, CompanyName, company_name\./,
      );
      assert.equal(h.count('Lead', 'leadbay'), 3, 'the last good import stays');
    });

    it('says each step of "test connection" in plain words when all is well', async () => {
      await put('leads.csv', 'Company\r\nAcme\r\n');
      const r = await testPullSource(source);
      assert.equal(r.ok, true);
      assert.deepEqual(
        r.steps.map((s) => [s.step, s.ok]),
        [
          ['reach', true],
          ['host-key', true],
          ['login', true],
          ['file', true],
        ],
      );
    });

    it('refuses a server whose host key differs from the pinned one, showing both keys, before logging in', async () => {
      const wrong = { ...source, hostKey: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' };
      const r = await testPullSource(wrong);
      assert.equal(r.ok, false);
      const last = r.steps.at(-1)!;
      assert.equal(last.step, 'host-key');
      assert.ok(last.message.includes(sshd.hostKeyFingerprint));
      assert.ok(last.message.includes(wrong.hostKey));
    });

    it('names the failing step: wrong password, missing file, nothing listening', async () => {
      const badLogin = await testPullSource({ ...source, password: 'wrong-password' });
      assert.deepEqual(
        badLogin.steps.map((s) => [s.step, s.ok]),
        [
          ['reach', true],
          ['host-key', true],
          ['login', false],
        ],
      );
      const noFile = await testPullSource({ ...source, path: join(sshd.dir, 'missing.csv') });
      assert.deepEqual(noFile.steps.at(-1)?.step, 'file');
      assert.equal(noFile.steps.at(-1)?.ok, false);
      const closed = await testPullSource({ ...source, port: await freePort() }, 3000);
      assert.deepEqual(
        closed.steps.map((s) => [s.step, s.ok]),
        [['reach', false]],
      );
    });

    describe('a server that stalls mid-download', () => {
      let proxy: TcpProxy;
      let work: string;
      let big: PullSource;
      before(async () => {
        work = await mkdtemp(join(tmpdir(), 'sia-pull-stall-'));
        // 8 MB: with the proxy throttling the client's requests the download takes seconds, so
        // the stall lands in the middle of it.
        const row = 'Acme Roofing,Austin\r\n';
        await put('big.csv', 'Company,City\r\n' + row.repeat(Math.ceil(8e6 / row.length)));
        proxy = await startTcpProxy({ host: sshd.host, port: sshd.port });
        big = { ...source, host: proxy.host, port: proxy.port, path: join(sshd.dir, 'big.csv') };
      });
      after(async () => {
        await proxy?.close();
        if (work) await rm(work, { recursive: true, force: true });
      });

      it('fetches the whole file through the proxy when nothing stalls', async () => {
        proxy.setMode({ kind: 'pass' });
        const r = await fetchPullFile(big, join(work, 'whole.csv'), 10_000, 2000);
        assert.equal(r.ok, true, JSON.stringify(r));
      });

      it(
        'drops the connection after the inactivity time and says so, instead of hanging',
        { timeout: 30_000 },
        async () => {
          proxy.setMode({ kind: 'throttle', bytesPerSecond: 4000 });
          const dest = join(work, 'stalled.csv');
          const idleMs = 1500;
          const earlier = proxy.upBytes; // bytes of earlier connections (a stall counts per connection)
          const started = fetchPullFile(big, dest, 10_000, idleMs);
          // The download has begun once the destination file exists (after login and stat).
          const deadline = Date.now() + 30_000;
          while (!existsSync(dest) && Date.now() < deadline) await sleep(5);
          assert.ok(existsSync(dest), 'the download started');
          // One connection is open: stall it at the next byte the client sends.
          proxy.setMode({ kind: 'stall', afterBytes: proxy.upBytes - earlier });
          await proxy.nextFault();
          const stalledAt = Date.now();
          const r = await started;
          const waited = Date.now() - stalledAt;
          assert.equal(r.ok, false);
          if (!r.ok) {
            assert.equal(r.step, 'file');
            assert.match(r.message, /stopped answering while .*big\.csv was read/);
            assert.match(r.message, /nothing received for 1\.5 s/);
          }
          assert.ok(
            waited >= idleMs - 200,
            `gave up after ${waited} ms, before the inactivity time`,
          );
          assert.ok(waited < idleMs + 5000, `gave up after ${waited} ms`);
        },
      );
    });
  },
);
