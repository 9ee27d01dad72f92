/**
 * The one reader of pasted addresses (core/profiles/remote-address.ts), used by the site form,
 * the CLI's --url and the engine: what people paste, read into protocol, host, port and user.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultPort,
  looksLikeAddress,
  parseRemoteAddress,
} from '../../../../core/profiles/remote-address.ts';

const read = (text: string) => {
  const r = parseRemoteAddress(text);
  return r.ok ? r.value : r.error.message;
};

describe('parseRemoteAddress', () => {
  it('reads what people paste into protocol, host, port and user', () => {
    assert.deepEqual(read('ftps://ftp.spotio2.com'), {
      protocol: 'ftps',
      host: 'ftp.spotio2.com',
      port: 990,
      guessed: false,
    });
    assert.deepEqual(read('FTPS://acme@ftp.spotio2.com:990/'), {
      protocol: 'ftps',
      host: 'ftp.spotio2.com',
      port: 990,
      username: 'acme',
      guessed: false,
    });
    assert.deepEqual(read('ftpes://127.0.0.1:2121'), {
      protocol: 'ftpes',
      host: '127.0.0.1',
      port: 2121,
      guessed: false,
    });
    assert.deepEqual(read('sftp://sftp.flatfile.com/upload'), {
      protocol: 'sftp',
      host: 'sftp.flatfile.com',
      port: 22,
      guessed: false,
    });
    assert.deepEqual(read(' ftps://user%40corp@host '), {
      protocol: 'ftps',
      host: 'host',
      port: 990,
      username: 'user@corp',
      guessed: false,
    });
    assert.deepEqual(read('[::1]:2222'), {
      protocol: 'sftp',
      host: '::1',
      port: 2222,
      guessed: true,
    });
  });
  it('guesses from the port when the text names no protocol', () => {
    assert.deepEqual(read('sftp.example.com'), {
      protocol: 'sftp',
      host: 'sftp.example.com',
      port: 22,
      guessed: true,
    });
    assert.equal((read('files.example.com:990') as { protocol: string }).protocol, 'ftps');
    assert.equal((read('files.example.com:21') as { protocol: string }).protocol, 'ftpes');
  });
  it('refuses plain ftp://, other schemes, bad ports and non-addresses in plain words', () => {
    assert.match(read('ftp://plain.example.com') as string, /unencrypted/);
    assert.match(read('http://example.com') as string, /use ftps:\/\/, ftpes:\/\/ or sftp:\/\//);
    assert.match(read('host:0') as string, /not valid/);
    assert.match(read('host:99999') as string, /not valid/);
    assert.match(read('a b') as string, /not a server address/);
    assert.match(read('') as string, /not a server address/);
  });
  it('knows each protocol’s usual port', () => {
    assert.deepEqual((['sftp', 'ftps', 'ftpes'] as const).map(defaultPort), [22, 990, 21]);
  });
  it('tells a plain host name from an address to spread', () => {
    assert.equal(looksLikeAddress('ftp.spotio2.com'), false);
    assert.equal(looksLikeAddress('ftps://ftp.spotio2.com'), true);
    assert.equal(looksLikeAddress('host:2222'), true);
    assert.equal(looksLikeAddress('user@host'), true);
  });
});
