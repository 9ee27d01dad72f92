import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkDraft,
  draftFor,
  draftFromSite,
  secretToSave,
  toSiteInput,
} from '../../../../../renderer/features/sites/site-draft.ts';

describe('site drafts', () => {
  it('presets a key login for Ocelot and a password login for SPOTIO', () => {
    assert.equal(draftFor('contact-lists').authMethod, 'publickey');
    assert.equal(draftFor('classic').authMethod, 'password');
    assert.equal(draftFor('classic').port, '22');
  });
  it('asks for host, user and a password to keep, in plain words', () => {
    const e = checkDraft(draftFor('classic'));
    assert.match(e.host ?? '', /server address/);
    assert.match(e.username ?? '', /user name/);
    assert.match(e.password ?? '', /password/);
  });
  it('refuses a URL or a path as the host and a port out of range', () => {
    const e = checkDraft({
      ...draftFor('space'),
      host: 'sftp://sftp.flatfile.com/',
      port: '70000',
      username: 'us_sp_1',
      password: 'p',
    });
    assert.match(e.host ?? '', /without “sftp:\/\/”/);
    assert.match(e.port ?? '', /1 to 65535/);
  });
  it('needs no password when it is asked every time', () => {
    assert.deepEqual(
      checkDraft({ ...draftFor('space'), host: 'h', username: 'u', secretMode: 'ask' }),
      {},
    );
  });
  it('sends the password only when one was typed to be kept', () => {
    const d = { ...draftFor('classic'), host: ' h ', username: 'u', password: 'pw' };
    assert.equal(secretToSave(d), 'pw');
    assert.equal(secretToSave({ ...d, secretMode: 'ask' }), undefined);
    assert.deepEqual(toSiteInput(d), {
      name: 'SPOTIO — classic mode (leads)',
      profile: 'classic',
      host: 'h',
      port: 22,
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
