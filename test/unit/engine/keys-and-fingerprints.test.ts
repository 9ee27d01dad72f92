import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ssh2 from 'ssh2';
import {
  fingerprintOfKeyLine,
  isSha256Fingerprint,
  keyTypeOfBlob,
} from '../../../engine/fingerprint.ts';
import { checkPublicKeyForProfile, ocelotKeyRegex } from '../../../engine/transport/sftp/keys.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { generateEd25519KeyPair } from '../../../server-emulator/auth/host-key.ts';

describe('public keys for key-only platforms (seed 002)', () => {
  it('refuses a key that is not ssh-rsa, naming the rule', () => {
    const ed = generateEd25519KeyPair().public;
    const r = checkPublicKeyForProfile(ed, profiles['contact-lists']);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /only ssh-rsa/);
  });

  it('refuses an RSA key over 2048 bits', () => {
    const big = ssh2.utils.generateKeyPairSync('rsa', { bits: 3072 }).public;
    assert.match(big, ocelotKeyRegex);
    const r = checkPublicKeyForProfile(big, profiles['contact-lists']);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /3072 bits.*at most 2048/);
  });

  it('refuses a line that fails the seed regex', () => {
    const r = checkPublicKeyForProfile('ssh-rsa AAAA$$$ comment', profiles['contact-lists']);
    assert.equal(r.ok, false);
  });

  it('does not apply the Ocelot rules to other profiles', () => {
    assert.deepEqual(checkPublicKeyForProfile(generateEd25519KeyPair().public, profiles.classic), {
      ok: true,
    });
  });
});

describe('fingerprints', () => {
  it('reads the key type from the blob and formats SHA256 without padding', () => {
    const line = generateEd25519KeyPair().public;
    const fp = fingerprintOfKeyLine(line);
    assert.ok(fp && isSha256Fingerprint(fp), fp);
    assert.equal(keyTypeOfBlob(Buffer.from(line.split(' ')[1]!, 'base64')), 'ssh-ed25519');
    assert.equal(keyTypeOfBlob(Buffer.from([0, 0])), 'unknown');
    assert.equal(isSha256Fingerprint('SHA256:short'), false);
  });
});
