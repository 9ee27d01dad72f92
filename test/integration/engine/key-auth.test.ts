import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { memoryCliIo } from '../../../cli/cli-io.ts';
import { uploadCommand } from '../../../cli/upload-command.ts';
import { connectSftp } from '../../../engine/transport/sftp/connect.ts';
import ssh2 from 'ssh2';
import {
  checkPublicKeyForProfile,
  generateRsaKeyPair,
  ocelotKeyRegex,
  rsaBitsOfBlob,
} from '../../../engine/transport/sftp/keys.ts';
import { keyPassphraseAccountOf } from '../../../engine/key-passphrase.ts';
import {
  createKeyringSecretStore,
  createMemorySecretStore,
  type SecretStore,
} from '../../../engine/secret-store.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { canRunSshd, startSshd, type RunningSshd } from '../../helpers/openssh.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';
import { appHandlers } from './fixtures.ts';

const sshdOk = canRunSshd();
const inKeyring = process.env.SIA_IN_KEYRING_SESSION === '1';

describe('key auth with a generated RSA-2048 key (seed 002)', { timeout: 120_000 }, () => {
  const passphrase = `pp-${randomUUID()}`;
  const pair = generateRsaKeyPair({ comment: 'sia-test@laptop', passphrase });
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sia-keys-'));
    writeFileSync(join(dir, 'id_rsa'), pair.privateKey, { mode: 0o600 });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives a public key that passes the seed regex and the contact-lists rules, and an encrypted private key', () => {
    assert.match(pair.publicKey, ocelotKeyRegex);
    assert.ok(pair.publicKey.endsWith(' sia-test@laptop'));
    assert.deepEqual(checkPublicKeyForProfile(pair.publicKey, profiles['contact-lists']), {
      ok: true,
    });
    assert.match(pair.privateKey, /BEGIN OPENSSH PRIVATE KEY/);
    assert.ok(!pair.privateKey.includes(passphrase));
    // Without the passphrase the key is useless; with it, it parses.
    assert.ok(ssh2.utils.parseKey(pair.privateKey) instanceof Error);
    assert.ok(!(ssh2.utils.parseKey(pair.privateKey, passphrase) instanceof Error));
    assert.equal(rsaBitsOfBlob(Buffer.from(pair.publicKey.split(' ')[1]!, 'base64')), 2048);
  });

  it(
    'logs in to OpenSSH sshd with the key and its passphrase',
    { skip: sshdOk.ok ? false : sshdOk.why },
    async () => {
      let sshd: RunningSshd | undefined;
      try {
        sshd = await startSshd();
        appendFileSync(join(dirname(sshd.dir), 'authorized_keys'), pair.publicKey + '\n');
        const r = await connectSftp({
          host: sshd.host,
          port: sshd.port,
          username: sshd.user.name,
          auth: { privateKey: pair.privateKey, passphrase },
          knownHost: { fingerprint: sshd.hostKeyFingerprint },
        });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        await r.value.close();
        const bad = await connectSftp({
          host: sshd.host,
          port: sshd.port,
          username: sshd.user.name,
          auth: { privateKey: pair.privateKey, passphrase: 'wrong-pp' },
          knownHost: { fingerprint: sshd.hostKeyFingerprint },
        });
        assert.equal(bad.ok, false);
        if (!bad.ok) {
          assert.equal(bad.error.code, 'auth-failed');
          assert.match(bad.error.message, /passphrase/);
          assert.ok(!JSON.stringify(bad.error).includes('wrong-pp'));
        }
      } finally {
        await sshd?.close();
      }
    },
  );

  it('keys:generate encrypts the key with a random passphrase kept only in the keychain; the app and `sftp-import upload --key` both log in with it', async () => {
    const store = inKeyring
      ? createKeyringSecretStore(`sia-test-${randomUUID()}`)
      : createMemorySecretStore();
    const dataDir = join(dir, 'app-data');
    const app = appHandlers(dataDir, store, { acceptHostKeys: true });
    let emu: TestEmulator | undefined;
    let account = '';
    try {
      const made = await app.call('keys:generate', { comment: 'sia-test@laptop' });
      assert.ok(made.ok, made.ok ? '' : made.error.message);
      const { privateKeyPath, publicKey } = made.value;
      assert.ok(made.value.accepted);
      // The file on disk is encrypted: useless without the passphrase the keychain holds.
      const onDisk = readFileSync(privateKeyPath);
      assert.ok(ssh2.utils.parseKey(onDisk) instanceof Error, 'the private key is not encrypted');
      account = await keyPassphraseAccountOf(privateKeyPath);
      assert.equal(account, `passphrase:${privateKeyPath}`);
      const kept = await store.get(account);
      assert.ok(kept.ok && kept.value !== null, 'no passphrase in the keychain');
      const keyPassphrase = kept.value;
      assert.ok(keyPassphrase.length >= 40, 'the passphrase is not a long random one');
      assert.ok(!(ssh2.utils.parseKey(onDisk, keyPassphrase) instanceof Error));

      emu = await startTestEmulator({
        extraWorkspaces: [
          {
            name: 'ocelot2',
            profile: 'contact-lists',
            users: [{ username: 'lists2', publicKeys: [publicKey] }],
            schemas: [],
            exportSchedule: 'none',
            pullSources: [],
          },
        ],
      });
      // The app: an "ask every time" key site needs nothing typed, the key's entry unlocks it.
      const saved = await app.call('sites:save', {
        site: {
          name: 'Lists',
          profile: 'contact-lists',
          host: '127.0.0.1',
          port: emu.port,
          username: 'lists2',
          authMethod: 'publickey',
          secretMode: 'ask',
          privateKeyPath,
        },
      });
      assert.ok(saved.ok, saved.ok ? '' : saved.error.message);
      const tested = await app.call('sites:test', { siteId: saved.value.site.id });
      assert.ok(tested.ok, tested.ok ? '' : tested.error.message);
      assert.ok(tested.value.report.ok, JSON.stringify(tested.value.report.steps));
      assert.deepEqual(app.acceptedHostKeys, [emu.hostKeyFingerprint]);
      assert.deepEqual(app.invalidEvents, []);

      // The CLI, given the key by a relative path, finds the same keychain entry.
      writeFileSync(join(dir, 'contacts.csv'), 'First,Last,Phone\nAda,Lovelace,5551234\n');
      const io = memoryCliIo({ SFTP_IMPORT_DATA_DIR: join(dir, 'cli-data') }, dir);
      const code = await uploadCommand(
        [
          'contacts.csv',
          '--host',
          '127.0.0.1',
          '--port',
          String(emu.port),
          '--user',
          'lists2',
          '--profile',
          'contact-lists',
          '--key',
          relative(dir, privateKeyPath),
          '--host-key',
          emu.hostKeyFingerprint,
        ],
        io,
        { secrets: store },
      );
      assert.equal(code, 0, io.err.join(''));
      assert.deepEqual(
        readdirSync(emu.rootOf('ocelot2')).filter((n) => !n.startsWith('.')),
        ['contacts.csv'],
      );
      for (const text of [...io.out, ...io.err, JSON.stringify(app.seen)]) {
        assert.ok(!text.includes(keyPassphrase), 'the passphrase is in the output');
      }
      for (const f of filesUnder(dataDir)) {
        assert.ok(!readFileSync(f, 'latin1').includes(keyPassphrase), `the passphrase is in ${f}`);
      }
      // A key profile without --key is a usage error.
      const io2 = memoryCliIo({ SFTP_IMPORT_DATA_DIR: join(dir, 'cli-data') }, dir);
      assert.equal(
        await uploadCommand(
          [
            'contacts.csv',
            '--host',
            '127.0.0.1',
            '--port',
            String(emu.port),
            '--user',
            'lists2',
            '--profile',
            'contact-lists',
          ],
          io2,
          { secrets: store },
        ),
        2,
      );
      assert.match(io2.err.join(''), /--key/);
    } finally {
      await app.host.shutdown();
      if (account) await store.delete(account);
      if (emu) {
        await emu.close();
        rmSync(emu.dataDir, { recursive: true, force: true });
      }
    }
  });

  it('keys:generate makes no key when the keychain cannot keep its passphrase', async () => {
    const broken: SecretStore = {
      ...createMemorySecretStore(),
      set: () =>
        Promise.resolve({
          ok: false,
          error: { code: 'keychain-unavailable', message: 'no keychain', detail: 'no bus' },
        }),
    };
    const dataDir = join(dir, 'no-keychain-data');
    const app = appHandlers(dataDir, broken);
    try {
      const r = await app.call('keys:generate', {});
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, 'keychain-unavailable');
        assert.match(r.error.message, /No key was made/);
      }
      assert.deepEqual(
        existsSync(join(dataDir, 'keys')) ? readdirSync(join(dataDir, 'keys')) : [],
        [],
      );
    } finally {
      await app.host.shutdown();
    }
  });
});

function filesUnder(d: string): string[] {
  return readdirSync(d, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(d, e.name)) : [join(d, e.name)],
  );
}
