/**
 * OpenSSH's own `sftp` client against the emulator: password and key logins, put into New/,
 * `ls -l`, rename, get a template, refusals, and a clean exit (the channel is ended).
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSftpBatch } from '../../../helpers/openssh.ts';
import { templateHeader } from '../../../../server-emulator/config/workspace-setup.ts';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';

describe('OpenSSH sftp client against the emulator', { timeout: 90_000 }, () => {
  let emu: TestEmulator;
  let work: string;
  before(async () => {
    emu = await startTestEmulator();
    work = await mkdtemp(join(tmpdir(), 'sia-openssh-'));
    await writeFile(join(work, 'leads.csv'), 'Company,Address\nAcme,1 Main St\n');
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('puts into New/, lists with ls -l, renames and downloads a template with a password', async () => {
    const completed: string[] = [];
    emu.events.on('upload-completed', (u) => completed.push(u.path));
    const r = await runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'classic',
      password: 'demo',
      cwd: work,
      commands: [
        'cd /Leads/Import/New',
        'put leads.csv',
        'ls -l',
        'rename leads.csv renamed.csv',
        'ls -l /Leads/Import',
        'get /Templates/Lead.csv template.csv',
      ],
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /-rw-r--r-- +1 classic +classic +31 \w{3} [ \d]\d \d\d:\d\d leads\.csv/);
    assert.match(r.stdout, /dr-xr-xr-x +1 classic +classic +\d+ .* Success/);
    assert.equal(await readFile(join(work, 'template.csv'), 'utf8'), templateHeader(leadSchema));
    assert.equal(
      await readFile(join(emu.rootOf('classic'), 'Leads', 'Import', 'New', 'renamed.csv'), 'utf8'),
      'Company,Address\nAcme,1 Main St\n',
    );
    assert.deepEqual(completed, ['/Leads/Import/New/leads.csv']);
  });

  it('refuses a put into Success/ (the batch stops with an error)', async () => {
    const r = await runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'classic',
      password: 'demo',
      cwd: work,
      commands: ['put leads.csv /Leads/Import/Success/leads.csv'],
      timeoutMs: 30_000,
    });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Permission denied/);
  });

  it('refuses a wrong password', async () => {
    const r = await runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'classic',
      password: 'nope',
      commands: ['ls'],
      timeoutMs: 30_000,
    });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Permission denied/);
  });

  it('logs the contact-lists user in with the demo key written under the data folder', async () => {
    const r = await runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'contact-lists',
      identityFile: emu.contactListsKeyPath,
      cwd: work,
      commands: ['put leads.csv /list.csv', 'ls -l /'],
      timeoutMs: 30_000,
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /list\.csv/);
  });
});
