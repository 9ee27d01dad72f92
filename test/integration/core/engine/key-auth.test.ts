import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { memoryCliIo } from '../../../../core/cli/cli-io.ts';
import { uploadCommand } from '../../../../core/cli/upload-command.ts';
import { connectSftp } from '../../../../core/engine/connect.ts';
import ssh2 from 'ssh2';
import {
  checkPublicKeyForProfile,
  generateRsaKeyPair,
  ocelotKeyRegex,
  rsaBitsOfBlob,
} from '../../../../core/engine/keys.ts';
import {
  createKeyringSecretStore,
  createMemorySecretStore,
} from '../../../../core/engine/secret-store.ts';
import { profiles } from '../../../../core/profiles/profiles.ts';
import { canRunSshd, startSshd, type RunningSshd } from '../../../helpers/openssh.ts';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';

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

  it('uploads to a contact-lists workspace with the key, its passphrase read from the keychain', async () => {
    let emu: TestEmulator | undefined;
    const store = inKeyring
      ? createKeyringSecretStore(`sia-test-${randomUUID()}`)
      : createMemorySecretStore();
    const keyPath = join(dir, 'id_rsa');
    try {
      emu = await startTestEmulator({
        extraWorkspaces: [
          {
            name: 'ocelot2',
            profile: 'contact-lists',
            users: [{ username: 'lists2', publicKeys: [pair.publicKey] }],
            schemas: [],
            exportSchedule: 'none',
            pullSources: [],
          },
        ],
      });
      assert.ok((await store.set(`passphrase:${keyPath}`, passphrase)).ok);
      writeFileSync(join(dir, 'contacts.csv'), 'First,Last,Phone\nAda,Lovelace,5551234\n');
      const io = memoryCliIo({ SFTP_IMPORT_DATA_DIR: join(dir, 'data') }, dir);
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
          keyPath,
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
      assert.ok(![...io.out, ...io.err].join('').includes(passphrase));
      // A key profile without --key is a usage error.
      const io2 = memoryCliIo({ SFTP_IMPORT_DATA_DIR: join(dir, 'data') }, dir);
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
      await store.delete(`passphrase:${keyPath}`);
      if (emu) {
        await emu.close();
        rmSync(emu.dataDir, { recursive: true, force: true });
      }
    }
  });
});
