import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { loadConfigFile, parseConfig } from '../../../../server-emulator/config/config.ts';
import {
  checkContactListsKey,
  rsaBits,
  parseKeyLine,
} from '../../../../server-emulator/auth/key-rules.ts';
import { generateEd25519KeyPair } from '../../../../server-emulator/auth/host-key.ts';

const { utils } = ssh2;
const rsa2048 = utils.generateKeyPairSync('rsa', { bits: 2048 }).public;
const rsa4096 = utils.generateKeyPairSync('rsa', { bits: 4096 }).public;
const ed25519 = generateEd25519KeyPair().public;

const ws = (over: Record<string, unknown>) => ({
  name: 'w',
  profile: 'classic',
  users: [],
  ...over,
});

describe('contact-lists key rules (seed 002)', () => {
  it('accepts an RSA-2048 key', () => {
    assert.deepEqual(checkContactListsKey(rsa2048), { ok: true });
    const parsed = parseKeyLine(rsa2048);
    assert.ok(parsed.ok);
    if (parsed.ok) assert.equal(rsaBits(parsed.blob), 2048);
  });
  it('refuses an ed25519 key, saying only ssh-rsa is accepted', () => {
    const r = checkContactListsKey(ed25519);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /only ssh-rsa/);
  });
  it('refuses a 4096-bit RSA key, naming its size and the limit', () => {
    const r = checkContactListsKey(rsa4096);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /4096 bits.*at most 2048/);
  });
  it('refuses a line that fails the seed regular expression', () => {
    const r = checkContactListsKey('ssh-rsa AAAA!!notbase64 me@host');
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /does not match/);
  });
  it('refuses base64 that is not an RSA key blob', () => {
    const r = checkContactListsKey('ssh-rsa QUJDRA== me');
    assert.equal(r.ok, false);
  });
});

describe('parseConfig', () => {
  it('accepts a valid config and fills defaults', () => {
    const r = parseConfig({ workspaces: [ws({ users: [{ username: 'u', password: 'p' }] })] });
    assert.ok(r.ok);
    if (r.ok) assert.deepEqual(r.value.workspaces[0]?.users[0]?.publicKeys, []);
  });
  it('names the path of a bad field', () => {
    const r = parseConfig({ workspaces: [ws({ profile: 'nope' })] });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors[0] ?? '', /^workspaces\.0\.profile: /);
  });
  it('refuses a username in two workspaces', () => {
    const r = parseConfig({
      workspaces: [
        ws({ name: 'a', users: [{ username: 'u', password: 'p' }] }),
        ws({ name: 'b', users: [{ username: 'u', password: 'q' }] }),
      ],
    });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.match(
        r.errors.join('\n'),
        /workspaces\.1\.users\.0\.username: "u" already belongs to workspace "a"/,
      );
    }
  });
  it('refuses a space with two credentials', () => {
    const r = parseConfig({
      workspaces: [
        ws({
          profile: 'space',
          users: [
            { username: 'a', password: 'p' },
            { username: 'b', password: 'p' },
          ],
        }),
      ],
    });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors.join('\n'), /a space has one credential/);
  });
  it('refuses contact-lists users with bad keys, naming the user and the reason', () => {
    const r = parseConfig({
      workspaces: [
        ws({
          profile: 'contact-lists',
          users: [{ username: 'ocelot', publicKeys: [ed25519, rsa4096, 'ssh-rsa ###'] }],
        }),
      ],
    });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.errors.length, 3);
      assert.match(
        r.errors[0] ?? '',
        /publicKeys\.0: key of user "ocelot" refused: .*only ssh-rsa/,
      );
      assert.match(r.errors[1] ?? '', /publicKeys\.1: .*4096 bits/);
      assert.match(r.errors[2] ?? '', /publicKeys\.2: .*does not match/);
    }
  });
  it('refuses a password for a contact-lists user (key only)', () => {
    const r = parseConfig({
      workspaces: [
        ws({
          profile: 'contact-lists',
          users: [{ username: 'o', password: 'p', publicKeys: [rsa2048] }],
        }),
      ],
    });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors.join('\n'), /key only/);
  });
  it('refuses a user without any credential', () => {
    const r = parseConfig({ workspaces: [ws({ users: [{ username: 'u' }] })] });
    assert.equal(r.ok, false);
  });
});

describe('loadConfigFile', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sia-cfg-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));
  it('says when the file is not JSON', async () => {
    await writeFile(join(dir, 'bad.json'), '{ nope');
    const r = await loadConfigFile(join(dir, 'bad.json'));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors[0] ?? '', /not valid JSON/);
  });
  it('says when the file is missing', async () => {
    const r = await loadConfigFile(join(dir, 'missing.json'));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.errors[0] ?? '', /cannot read/);
  });
});
