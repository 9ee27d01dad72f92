import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkDraft,
  draftFor,
  draftFromSite,
  secretToSave,
  toSiteInput,
  withAddress,
  withProtocol,
} from '../../../../../renderer/features/sites/site-draft.ts';

describe('site drafts', () => {
  it('presets a key login for Ocelot and a password login for SPOTIO', () => {
    assert.equal(draftFor('contact-lists').authMethod, 'publickey');
    assert.equal(draftFor('classic').authMethod, 'password');
  });
  it('presets SPOTIO as it publishes its address (ftps://, port 990) and the others as SFTP', () => {
    for (const id of ['classic', 'flexible'] as const) {
      assert.deepEqual(
        [draftFor(id).protocol, draftFor(id).port, draftFor(id).probe],
        ['ftps', '990', true],
      );
    }
    for (const id of ['space', 'contact-lists', 'pull'] as const) {
      assert.deepEqual(
        [draftFor(id).protocol, draftFor(id).port, draftFor(id).probe],
        ['sftp', '22', false],
      );
    }
  });
  it('asks for host, user and a password to keep, in plain words', () => {
    const e = checkDraft(draftFor('classic'));
    assert.match(e.host ?? '', /server address/);
    assert.match(e.username ?? '', /user name/);
    assert.match(e.password ?? '', /password/);
  });
  it('refuses an address the platform cannot use, and a port out of range', () => {
    const base = { ...draftFor('space'), port: '70000', username: 'us_sp_1', password: 'p' };
    const ftps = checkDraft({ ...base, host: 'ftps://files.flatfile.com' });
    assert.match(ftps.host ?? '', /Flatfile is reached over SFTP only/);
    assert.match(ftps.port ?? '', /1 to 65535 \(usually 22\)/);
    assert.match(checkDraft({ ...base, host: 'ftp://x.example.com' }).host ?? '', /unencrypted/);
    assert.match(checkDraft({ ...base, host: 'http://x.example.com' }).host ?? '', /"http:\/\/"/);
    assert.match(checkDraft({ ...base, host: 'a b' }).host ?? '', /no spaces/);
    assert.equal(checkDraft({ ...base, host: 'sftp://sftp.flatfile.com/' }).host, undefined);
  });
  it('spreads a pasted address into protocol, host, port and user', () => {
    const spotio = draftFor('classic');
    const implicit = withAddress(spotio, 'ftps://acme@ftp.spotio2.com');
    assert.deepEqual(
      [implicit.protocol, implicit.host, implicit.port, implicit.username, implicit.probe],
      ['ftps', 'ftp.spotio2.com', '990', 'acme', false],
    );
    const explicit = withAddress(spotio, ' ftpes://127.0.0.1:2121 ');
    assert.deepEqual(
      [explicit.protocol, explicit.host, explicit.port, explicit.probe],
      ['ftpes', '127.0.0.1', '2121', false],
    );
    const ssh = withAddress(spotio, 'sftp://sftp.example.com:2222/Leads');
    assert.deepEqual([ssh.protocol, ssh.host, ssh.port], ['sftp', 'sftp.example.com', '2222']);
    // host:port names no protocol: SPOTIO's is found by "Test connection".
    const hostPort = withAddress(spotio, 'files.example.com:4990');
    assert.deepEqual(
      [hostPort.host, hostPort.port, hostPort.probe],
      ['files.example.com', '4990', true],
    );
    const bare = withAddress(spotio, 'ftp.spotio2.com');
    assert.deepEqual(
      [bare.host, bare.port, bare.protocol, bare.probe],
      ['ftp.spotio2.com', '990', 'ftps', true],
    );
    // A typed user name wins; a platform without FTPS keeps the text for checkDraft to explain.
    assert.equal(withAddress({ ...spotio, username: 'me' }, 'ftps://acme@h').username, 'me');
    const flatfile = withAddress(draftFor('space'), 'ftps://h.example.com');
    assert.equal(flatfile.host, 'ftps://h.example.com');
    assert.equal(flatfile.protocol, 'sftp');
    const flatPort = withAddress(draftFor('space'), 'sftp.flatfile.com:2022');
    assert.deepEqual([flatPort.protocol, flatPort.port, flatPort.probe], ['sftp', '2022', false]);
  });
  it('a picked protocol ends the probe and takes its usual port unless another was typed', () => {
    const d = withProtocol(draftFor('classic'), 'ftpes');
    assert.deepEqual([d.protocol, d.port, d.probe], ['ftpes', '21', false]);
    assert.equal(withProtocol({ ...d, port: '2121' }, 'sftp').port, '2121');
    assert.equal(withProtocol(d, 'sftp').port, '22');
  });
  it('sends the protocol, and the probe only for SPOTIO', () => {
    const spotio = { ...draftFor('flexible'), host: 'ftp.spotio2.com', username: 'u' };
    assert.equal(toSiteInput(spotio).protocol, 'ftps');
    assert.equal(toSiteInput(spotio).probe, true);
    const pasted = toSiteInput({ ...spotio, host: 'ftpes://127.0.0.1:2121' });
    assert.deepEqual(
      [pasted.protocol, pasted.host, pasted.port, pasted.probe],
      ['ftpes', '127.0.0.1', 2121, undefined],
    );
    const space = toSiteInput({ ...draftFor('space'), host: 'h', username: 'u' });
    assert.deepEqual([space.protocol, space.probe], ['sftp', undefined]);
  });
  it('needs no password when it is asked every time', () => {
    assert.deepEqual(
      checkDraft({ ...draftFor('space'), host: 'h', username: 'u', secretMode: 'ask' }),
      {},
    );
  });
  it('sends the password only when one was typed to be kept', () => {
    const d = {
      ...withProtocol(draftFor('classic'), 'sftp'),
      host: ' h ',
      username: 'u',
      password: 'pw',
    };
    assert.equal(secretToSave(d), 'pw');
    assert.equal(secretToSave({ ...d, secretMode: 'ask' }), undefined);
    assert.deepEqual(toSiteInput(d), {
      name: 'SPOTIO — classic mode (leads)',
      profile: 'classic',
      host: 'h',
      port: 22,
      protocol: 'sftp',
      username: 'u',
      authMethod: 'password',
      secretMode: 'keychain',
    });
  });
  it('editing a site with a saved password does not require typing it again', () => {
    const d = draftFromSite({
      id: 's',
      name: 'n',
      profile: 'classic',
      host: 'h',
      port: 22,
      username: 'u',
      authMethod: 'password',
      secretMode: 'keychain',
      hasSecret: true,
    });
    assert.deepEqual(checkDraft(d), {});
    assert.equal(secretToSave(d), undefined);
  });
});
