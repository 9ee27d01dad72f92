import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chown, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canRunSshd, freePort, startSshd, type RunningSshd } from '../../../helpers/openssh.ts';
import { testPullSource } from '../../../../server-emulator/pull/pull.ts';
import type { PullSource, WorkspaceConfig } from '../../../../server-emulator/workspace.ts';
import { startHarness, type Harness } from '../processing/harness.ts';

const can = canRunSshd();

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
  },
);
