/**
 * The page's address reader gives the engine's answers (engine/transport/dial.ts
 * parseRemoteAddress): the same protocol, host, port, user and guess for what people paste, and
 * an error for the same bad addresses. The page cannot import the engine's copy (it pulls in the
 * SSH and FTP clients), so this test keeps the two in step.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseRemoteAddress, defaultPort } from '../../../../../engine/transport/dial.ts';
import {
  defaultPortOf,
  looksLikeAddress,
  parseSiteAddress,
} from '../../../../../renderer/features/sites/site-address.ts';

const samples = [
  'ftps://ftp.spotio2.com',
  'FTPS://acme@ftp.spotio2.com:990/',
  'ftpes://127.0.0.1:2121',
  'sftp://sftp.flatfile.com/upload',
  'sftp.example.com',
  'sftp.example.com:2222',
  'files.example.com:990',
  'files.example.com:21',
  '[::1]:2222',
  ' ftps://user%40corp@host ',
  'ftp://plain.example.com',
  'http://example.com',
  'host:0',
  'host:99999',
  'a b',
  '',
];

describe('parseSiteAddress', () => {
  it('gives the engine parser answers for what people paste', () => {
    for (const text of samples) {
      const page = parseSiteAddress(text);
      const engine = parseRemoteAddress(text);
      assert.equal(page.ok, engine.ok, text);
      if (page.ok && engine.ok) assert.deepEqual(page.value, engine.value, text);
      if (!page.ok && !engine.ok) assert.equal(page.message, engine.error.message, text);
    }
  });
  it('knows the same default ports', () => {
    for (const p of ['sftp', 'ftps', 'ftpes'] as const) {
      assert.equal(defaultPortOf(p), defaultPort(p));
    }
  });
  it('tells a plain host name from an address to spread', () => {
    assert.equal(looksLikeAddress('ftp.spotio2.com'), false);
    assert.equal(looksLikeAddress('ftps://ftp.spotio2.com'), true);
    assert.equal(looksLikeAddress('host:2222'), true);
    assert.equal(looksLikeAddress('user@host'), true);
  });
});
