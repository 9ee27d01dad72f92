import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  forgetQuestion,
  forgottenNote,
  knownServerRows,
} from '../../../../../renderer/features/settings/known-server-rows.ts';

const fp = (c: string): string => `SHA256:${c.repeat(43)}`;

describe('knownServerRows', () => {
  it('groups keys by server (host without case), earliest date, each site once', () => {
    const rows = knownServerRows([
      {
        host: 'sftp.acme.example',
        port: 22,
        type: 'ssh-ed25519',
        fingerprint: fp('A'),
        addedAt: '2024-05-02T00:00:00Z',
        sites: ['Acme'],
      },
      { host: '127.0.0.1', port: 990, type: 'x509', fingerprint: fp('C'), sites: ['Beta'] },
      {
        host: 'SFTP.acme.example',
        port: 22,
        type: 'ssh-rsa',
        fingerprint: fp('B'),
        addedAt: '2024-05-01T00:00:00Z',
        sites: ['Acme', 'Acme 2'],
      },
    ]);
    assert.deepEqual(rows, [
      {
        host: 'sftp.acme.example',
        port: 22,
        keys: [
          { type: 'ssh-ed25519', fingerprint: fp('A') },
          { type: 'ssh-rsa', fingerprint: fp('B') },
        ],
        addedAt: '2024-05-01T00:00:00Z',
        sites: ['Acme', 'Acme 2'],
      },
      {
        host: '127.0.0.1',
        port: 990,
        keys: [{ type: 'x509', fingerprint: fp('C') }],
        sites: ['Beta'],
      },
    ]);
  });
});

describe('the words around forgetting', () => {
  const key = { host: 'h', port: 22, keys: [{ type: 'ssh-ed25519', fingerprint: fp('A') }] };
  const cert = { host: 'h', port: 990, keys: [{ type: 'x509', fingerprint: fp('C') }] };

  it('names the sites whose saved key goes too, in key or certificate words', () => {
    assert.equal(
      forgetQuestion({ ...key, sites: [] }),
      'Forget this key? The next connection to h:22 will show the server’s key and ask you to check its fingerprint again.',
    );
    assert.match(
      forgetQuestion({ ...key, sites: ['Acme'] }),
      /^Forget this key and the key saved with site Acme\?/,
    );
    assert.match(
      forgetQuestion({ ...cert, sites: ['Acme', 'Beta', 'Gamma'] }),
      /^Forget this certificate and the certificates saved with sites Acme, Beta and Gamma\? .*server’s certificate/,
    );
  });

  it('says what was forgotten and what to do next', () => {
    assert.equal(
      forgottenNote(cert, ['Acme']),
      'Forgot the certificate of h:990, and the certificate saved with site Acme. Test the connection again to check the new fingerprint.',
    );
    assert.equal(
      forgottenNote(key, []),
      'Forgot the key of h:22. Test the connection again to check the new fingerprint.',
    );
  });
});
