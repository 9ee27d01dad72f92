import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uploadCommand } from '../../../cli/upload-command.ts';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { connectSftp } from '../../../engine/transport/sftp/connect.ts';
import { runDoctor } from '../../../engine/doctor.ts';
import { createKnownHostsStore } from '../../../engine/known-hosts.ts';
import { createLedger } from '../../../engine/ledger.ts';
import { keyPassphraseAccountOf } from '../../../engine/key-passphrase.ts';
import { accountFor, createKeyringSecretStore } from '../../../engine/secret-store.ts';
import { createSiteStore, type Site } from '../../../engine/sites.ts';
import { uploadFile } from '../../../engine/uploads.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { leadSchema } from '../../../core/schema/demo-schemas.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';
import {
  busConnections,
  inOwnKeyringSession,
  keyringOwner,
  sessionBusHelpers,
} from '../../helpers/session-bus.ts';
import { startTcpProxy } from '../../helpers/tcp-proxy.ts';
import { appHandlers } from './fixtures.ts';

const inKeyring = process.env.SIA_IN_KEYRING_SESSION === '1';
const noKeyring = inKeyring
  ? false
  : 'needs the private keychain session: run under scripts/with-keyring.sh';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe(
  'secrets stay in the OS keychain (contract §11)',
  { skip: noKeyring, timeout: 120_000 },
  () => {
    const uuid = randomUUID();
    const password = `P@ss-${uuid}`;
    const service = `sia-test-${randomUUID()}`;
    const store = createKeyringSecretStore(service);
    let emu: TestEmulator;
    let dataDir: string;
    const captured: string[] = [];
    const capture = (x: unknown): void =>
      void captured.push(typeof x === 'string' ? x : JSON.stringify(x));

    // The app's own key (keys:generate): its random passphrase must not leak either.
    let app: ReturnType<typeof appHandlers>;
    let key: { privateKeyPath: string; account: string; passphrase: string };

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'sia-userdata-'));
      app = appHandlers(join(dataDir, 'app'), store, { acceptHostKeys: true });
      const made = await app.call('keys:generate', { comment: 'leak@test' });
      assert.ok(made.ok, made.ok ? '' : made.error.message);
      const account = await keyPassphraseAccountOf(made.value.privateKeyPath);
      const kept = await store.get(account);
      assert.ok(kept.ok && kept.value, 'the key passphrase is not in the keychain');
      key = { privateKeyPath: made.value.privateKeyPath, account, passphrase: kept.value };
      emu = await startTestEmulator({
        extraWorkspaces: [
          {
            name: 'leak',
            profile: 'classic',
            users: [{ username: 'leaker', password, publicKeys: [] }],
            schemas: [leadSchema],
            exportSchedule: 'none',
            pullSources: [],
          },
          {
            name: 'leakkey',
            profile: 'contact-lists',
            users: [{ username: 'keyleaker', publicKeys: [made.value.publicKey] }],
            schemas: [],
            exportSchedule: 'none',
            pullSources: [],
          },
        ],
      });
    });
    after(async () => {
      await app?.host.shutdown();
      if (key) await store.delete(key.account);
      await store.delete(`leaker@127.0.0.1:${emu.port}`);
      await emu.close();
      rmSync(emu.dataDir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('round-trips a password through the real Secret Service', async () => {
      const status = await store.status();
      assert.equal(status.available, true, status.reason);
      const account = `probe-${randomUUID()}@h:22`;
      assert.deepEqual(await store.get(account), { ok: true, value: null });
      assert.ok((await store.set(account, 'x-secret')).ok);
      assert.deepEqual(await store.get(account), { ok: true, value: 'x-secret' });
      assert.ok((await store.delete(account)).ok);
      assert.deepEqual(await store.get(account), { ok: true, value: null });
    });

    it('keeps one bus connection per account and calls one at a time, so a burst neither piles up connections nor kills the keyring', async () => {
      const burstStore = createKeyringSecretStore(`sia-burst-${randomUUID()}`);
      assert.equal((await burstStore.status()).available, true);
      const owner = keyringOwner();
      const before = busConnections();
      const accounts = ['a@h:22', 'b@h:22', 'c@h:22', 'd@h:22'];
      const results = await Promise.all(
        Array.from({ length: 48 }, (_, i) => {
          const account = accounts[i % accounts.length]!;
          return i % 3 === 0 ? burstStore.set(account, `s${i}`) : burstStore.get(account);
        }),
      );
      assert.deepEqual(
        results.filter((r) => !r.ok),
        [],
        'every call in the burst answered',
      );
      // A new connection per call would add 48 here (until collected); one per account adds 4.
      const added = busConnections() - before;
      assert.ok(added <= accounts.length, `${added} new bus connections`);
      assert.equal(
        keyringOwner(),
        owner,
        'the keyring daemon that answered is the one that started',
      );
      for (const a of accounts) assert.ok((await burstStore.delete(a)).ok);
      assert.deepEqual(await burstStore.get(accounts[0]!), { ok: true, value: null });
    });

    it("never writes the password or a generated key's passphrase to the data dir, logs, results or errors across doctor, auth failure, timeout and upload", async () => {
      const sites = createSiteStore({ dir: dataDir });
      const site: Site = {
        id: 'leak',
        name: 'Leak test',
        profile: 'classic',
        host: '127.0.0.1',
        port: emu.port,
        username: 'leaker',
        authMethod: 'password',
        secretMode: 'keychain',
      };
      capture(sites.save(site));
      // A site carrying a password is refused outright.
      const refused = sites.save({ ...site, password } as unknown as Site);
      assert.equal(refused.ok, false);
      capture(refused);
      assert.ok((await store.set(accountFor(site), password)).ok);

      // Doctor (first contact: accept and pin the key).
      const got = await store.get(accountFor(site));
      assert.ok(got.ok && got.value === password);
      const known = createKnownHostsStore({ dir: dataDir });
      const doctor = await runDoctor({
        site,
        secret: got.value,
        onUnknownHostKey: (k) => {
          capture(k);
          return Promise.resolve('accept');
        },
        onStep: capture,
      });
      capture(doctor);
      assert.equal(doctor.ok, true, JSON.stringify(doctor.steps));
      known.remember({
        host: site.host,
        port: site.port,
        type: doctor.hostKey!.type,
        fingerprint: doctor.hostKey!.fingerprint,
      });

      // An authentication failure with a wrong password that also holds the uuid.
      const wrong = await runDoctor({
        site,
        secret: `${password}-wrong`,
        knownHost: known.get(site.host, site.port),
        onStep: capture,
      });
      capture(wrong);
      assert.equal(wrong.error?.code, 'auth-failed');

      // A connection timeout (a server that accepts and says nothing).
      const silent = await startTcpProxy({ host: '127.0.0.1', port: 9 }, { kind: 'silent' });
      try {
        const t = await runDoctor({
          site: { ...site, port: silent.port },
          secret: password,
          readyTimeoutMs: 1000,
          onStep: capture,
        });
        capture(t);
        assert.equal(t.error?.code, 'timeout');
      } finally {
        await silent.close();
      }

      // An upload, with progress and a ledger entry.
      const local = join(dataDir, 'leads.csv');
      writeFileSync(local, 'Company,Address\nAcme,1 Main St\n');
      const conn = await connectSftp({
        host: site.host,
        port: site.port,
        username: site.username,
        auth: { password },
        knownHost: known.get(site.host, site.port),
      });
      assert.ok(conn.ok);
      const up = await uploadFile({
        session: conn.value,
        localPath: local,
        remoteDir: '/Leads/Import/New',
        remoteName: 'leads.csv',
        profile: profiles.classic,
        onProgress: capture,
      });
      capture(up);
      assert.ok(up.ok);
      createLedger({ dir: dataDir }).add({
        siteId: site.id,
        fileName: 'leads.csv',
        localPath: local,
        remotePath: up.value.remotePath,
        sha256: up.value.sha256,
        bytes: up.value.bytes,
        startedAt: new Date().toISOString(),
        outcome: 'uploaded',
      });
      await conn.value.close();

      // The CLI, with the password from the keychain, then a failing login.
      const io = memoryCliIo({ SFTP_IMPORT_DATA_DIR: dataDir }, dataDir);
      const code = await uploadCommand(
        [
          'leads.csv',
          '--host',
          '127.0.0.1',
          '--port',
          String(emu.port),
          '--user',
          'leaker',
          '--profile',
          'classic',
          '--again',
          '--json',
        ],
        io,
        { secrets: store },
      );
      captured.push(...io.out, ...io.err);
      assert.equal(code, 0, io.err.join(''));
      const io2 = memoryCliIo(
        { SFTP_IMPORT_DATA_DIR: dataDir, SFTP_IMPORT_PASSWORD: `${password}-wrong` },
        dataDir,
      );
      assert.equal(
        await uploadCommand(
          [
            'leads.csv',
            '--host',
            '127.0.0.1',
            '--port',
            String(emu.port),
            '--user',
            'leaker',
            '--profile',
            'classic',
          ],
          io2,
          { secrets: store },
        ),
        3,
      );
      captured.push(...io2.out, ...io2.err);
      // A password given as an argument is refused, and the refusal does not echo it.
      const io3 = memoryCliIo({}, dataDir);
      assert.equal(
        await uploadCommand(
          [
            'leads.csv',
            '--host',
            'h',
            '--user',
            'u',
            '--profile',
            'classic',
            '--password',
            password,
          ],
          io3,
        ),
        2,
      );
      captured.push(...io3.out, ...io3.err);
      assert.match(io3.err.join(''), /never accepted as arguments/);

      // The generated key: "Test connection" in the app and an upload from the CLI, both
      // unlocking it with the passphrase from the keychain.
      const keySite = await app.call('sites:save', {
        site: {
          name: 'Key leak test',
          profile: 'contact-lists',
          host: '127.0.0.1',
          port: emu.port,
          username: 'keyleaker',
          authMethod: 'publickey',
          secretMode: 'ask',
          privateKeyPath: key.privateKeyPath,
        },
      });
      assert.ok(keySite.ok);
      const keyTest = await app.call('sites:test', { siteId: keySite.value.site.id });
      assert.ok(keyTest.ok && keyTest.value.report.ok, JSON.stringify(keyTest));
      writeFileSync(join(dataDir, 'contacts.csv'), 'First,Last,Phone\nAda,Lovelace,5551234\n');
      const io4 = memoryCliIo({ SFTP_IMPORT_DATA_DIR: dataDir }, dataDir);
      const keyCode = await uploadCommand(
        [
          'contacts.csv',
          '--host',
          '127.0.0.1',
          '--port',
          String(emu.port),
          '--user',
          'keyleaker',
          '--profile',
          'contact-lists',
          '--key',
          key.privateKeyPath,
          '--host-key',
          emu.hostKeyFingerprint,
          '--json',
        ],
        io4,
        { secrets: store },
      );
      captured.push(...io4.out, ...io4.err);
      assert.equal(keyCode, 0, io4.err.join(''));
      captured.push(...app.seen.map((x) => JSON.stringify(x)));

      // Grep everything: the data dir (settings, known hosts, ledger, keys) and all captured
      // output, for the password and for the key's passphrase.
      const files = filesUnder(dataDir);
      assert.ok(
        files.some((f) => f.endsWith('sites.json')) &&
          files.some((f) => f.endsWith('ledger.json')) &&
          files.some((f) => f.endsWith('known-hosts.json')),
      );
      assert.ok(files.includes(key.privateKeyPath));
      for (const f of files) {
        const text = readFileSync(f).toString('latin1');
        assert.ok(!text.includes(uuid), `the secret leaked into ${f}`);
        assert.ok(!text.includes(key.passphrase), `the key passphrase leaked into ${f}`);
      }
      assert.ok(captured.length > 20);
      for (const line of captured) {
        assert.ok(!line.includes(uuid), `the secret leaked into output: ${line.slice(0, 200)}`);
        assert.ok(
          !line.includes(key.passphrase),
          `the key passphrase leaked into output: ${line.slice(0, 200)}`,
        );
      }
      // …and both are in the keychain.
      assert.deepEqual(await store.get(accountFor(site)), { ok: true, value: password });
      assert.deepEqual(await store.get(key.account), { ok: true, value: key.passphrase });
    });
  },
);

describe('a keyring daemon that dies mid-call', { skip: noKeyring, timeout: 60_000 }, () => {
  it('is asked again once D-Bus has started it again, and the call answers', () => {
    // In a session of its own: the daemon is stopped, a read is sent to it, and the daemon is
    // killed with the read unanswered.
    const script = `import { createKeyringSecretStore } from ${JSON.stringify(new URL('../../../engine/secret-store.ts', import.meta.url).href)};
import { keyringDaemonPid } from ${JSON.stringify(sessionBusHelpers)};
const store = createKeyringSecretStore('sia-test-crash');
const set = await store.set('a@h:22', 'kept');
const first = keyringDaemonPid();
process.kill(first, 'SIGSTOP');
const pending = store.get('a@h:22');
await new Promise((r) => setTimeout(r, 300));
process.kill(first, 'SIGKILL');
const get = await pending;
console.log(JSON.stringify({ set: set.ok, get, restarted: keyringDaemonPid() !== first }));`;
    assert.deepEqual(inOwnKeyringSession(script), {
      set: true,
      get: { ok: true, value: 'kept' },
      restarted: true,
    });
  });
});

describe('secret store status without a keychain', () => {
  it('reports unavailable with a plain reason when D-Bus points nowhere, and offers asking each time', () => {
    const script = `import { createKeyringSecretStore } from ${JSON.stringify(new URL('../../../engine/secret-store.ts', import.meta.url).href)};
const s = createKeyringSecretStore('sia-test-nobus');
const status = await s.status();
const get = await s.get('a@b:22');
console.log(JSON.stringify({ status, get }));`;
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        env: {
          ...process.env,
          DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/sia-bus',
          SIA_IN_KEYRING_SESSION: '',
        },
        timeout: 30_000,
      },
    ).toString();
    const { status, get } = JSON.parse(out.trim().split('\n').pop()!) as {
      status: { available: boolean; backend: string; reason?: string };
      get: { ok: boolean; error?: { code: string; message: string } };
    };
    assert.equal(status.available, false);
    assert.match(status.reason ?? '', /ask every time/);
    assert.match(status.reason ?? '', /not answer|D-Bus/);
    assert.equal(get.ok, false);
    assert.equal(get.error?.code, 'keychain-unavailable');
  });

  it('reports unavailable when no session bus is set at all', () => {
    const script = `import { createKeyringSecretStore } from ${JSON.stringify(new URL('../../../engine/secret-store.ts', import.meta.url).href)};
console.log(JSON.stringify(await createKeyringSecretStore('sia-test-nobus').status()));`;
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.XDG_RUNTIME_DIR;
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { env, timeout: 30_000 },
    ).toString();
    const status = JSON.parse(out.trim().split('\n').pop()!) as {
      available: boolean;
      reason?: string;
    };
    assert.equal(status.available, false);
    assert.match(status.reason ?? '', /D-Bus/);
  });
});
