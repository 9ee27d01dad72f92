import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPullSource } from '../../../engine/pull-check.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';

// The customer's server is played by the emulator's `space` workspace (a plain password SFTP root).
describe('checkPullSource (contract §9 pull, seed 003)', { timeout: 60_000 }, () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator();
    writeFileSync(
      join(emu.rootOf('space'), 'leads.csv'),
      '\uFEFF"Company Name",City\nAcme,Paris\n',
    );
    writeFileSync(join(emu.rootOf('space'), 'people.csv'), 'First,Last\nAda,Lovelace\n');
  });
  after(async () => {
    await emu.close();
    rmSync(emu.dataDir, { recursive: true, force: true });
  });
  const base = () => ({
    host: '127.0.0.1',
    port: emu.port,
    username: 'space',
    password: 'demo',
    knownHost: { fingerprint: emu.hostKeyFingerprint },
  });

  it('passes reach, host key, login, file and a company-name header', async () => {
    const r = await checkPullSource({ ...base(), path: '/leads.csv' });
    assert.equal(r.ok, true, JSON.stringify(r.steps));
    assert.deepEqual(
      r.steps.map((s) => s.status),
      ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'],
    );
    assert.deepEqual(r.header, ['Company Name', 'City']);
  });

  it('says the file is missing', async () => {
    const r = await checkPullSource({ ...base(), path: '/nope.csv' });
    assert.equal(r.error?.code, 'not-found');
    assert.equal(r.steps.find((s) => s.id === 'file')?.status, 'failed');
    assert.equal(r.steps.find((s) => s.id === 'header')?.status, 'skipped');
  });

  it('says the header has no company name column', async () => {
    const r = await checkPullSource({ ...base(), path: '/people.csv' });
    assert.equal(r.ok, false);
    assert.match(
      r.steps.find((s) => s.id === 'header')?.message ?? '',
      /no company name column\. The file needs a column named one of: Company/,
    );
  });

  it('stops at the host key when it changed', async () => {
    const r = await checkPullSource({
      ...base(),
      knownHost: { fingerprint: 'SHA256:' + 'Z'.repeat(43) },
      path: '/leads.csv',
    });
    assert.equal(r.error?.code, 'host-key-changed');
    assert.equal(r.steps.find((s) => s.id === 'login')?.status, 'skipped');
  });

  it('stops at login on a wrong password', async () => {
    const r = await checkPullSource({ ...base(), password: 'wrong', path: '/leads.csv' });
    assert.equal(r.error?.code, 'auth-failed');
    assert.equal(r.steps.find((s) => s.id === 'login')?.status, 'failed');
  });
});
