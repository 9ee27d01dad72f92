/**
 * The FTPS front end's file rules and faults (contract §2, §4, §12), through a raw FTPS client on
 * node:tls: a data connection reset mid-STOR (a real TCP reset) leaves nothing under a final
 * name and nothing processed, while a `.part` keeps what arrived for REST + STOR and RNFR/RNTO;
 * every path escape is refused or clamped (a sentinel beside the root proves it); and the name
 * and folder rules answer with the very messages SFTP gives, as both share one file system.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { connectRawFtps, type FtpReply, type RawFtps } from '../../../helpers/ftps-peers.ts';
import { processUntil } from '../../../helpers/process-until.ts';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../../helpers/start-emulator.ts';
import { connectRaw, open, statusOfCall, type RawSession } from '../sftp/raw-client.ts';

const New = '/Leads/Import/New';
const csvRows = (n: number): string =>
  'Company,Address\n' +
  Array.from({ length: n }, (_, i) => `Company ${i},${i} Main Street`).join('\n') +
  '\n';

describe('FTPS rules and faults', { timeout: 120_000 }, () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let c: RawFtps;
  let sftp: RawSession;
  let sentinel: string;
  const completed: string[] = [];
  /** Symlinks out of the root (made again before each escape test: processing sweeps New/). */
  const links = async (): Promise<void> => {
    const newDir = join(emu.rootOf('classic'), 'Leads', 'Import', 'New');
    const made: [string, string][] = [
      [sentinel, join(emu.rootOf('classic'), 'escape')],
      [sentinel, join(newDir, 'dirlink')],
      [join(sentinel, 'secret.txt'), join(newDir, 'filelink.csv')],
    ];
    for (const [target, at] of made) await symlink(target, at).catch(() => undefined);
    assert.ok((await lstat(join(newDir, 'filelink.csv'))).isSymbolicLink());
  };
  const ls = (sub: string): Promise<string[]> =>
    readdir(join(emu.rootOf('classic'), 'Leads', 'Import', sub)).then((n) => n.sort());

  before(async () => {
    emu = await startFtpsTestEmulator({ processing: true });
    emu.events.on('upload-completed', (u) => completed.push(u.path));
    sentinel = join(emu.dataDir, 'sentinel');
    await mkdir(sentinel);
    await writeFile(join(sentinel, 'secret.txt'), 'secret');
    c = await connectRawFtps(emu.ftps.explicitPort, false);
    await c.startTls();
    await c.login('classic', 'demo');
    sftp = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
  });
  after(async () => {
    c?.close();
    await sftp?.end();
    await emu?.close();
    const { rm } = await import('node:fs/promises');
    await rm(emu.dataDir, { recursive: true, force: true });
  });

  /** STORs `name`, sends `bytes`, then resets the TCP connection; resolves to the final reply. */
  async function cutStor(name: string, bytes: Buffer): Promise<FtpReply> {
    const data = await c.openData();
    const started = await c.send(`STOR ${name}`);
    assert.equal(started.code, 150, started.text);
    await new Promise<void>((resolve) => data.tls.write(bytes, () => resolve()));
    await new Promise((r) => setTimeout(r, 200));
    data.tcp.resetAndDestroy();
    return c.reply();
  }

  it('a cut STOR of a final name answers 426 and leaves nothing under that name, nothing processed', async () => {
    const r = await cutStor(`${New}/Leads_cut.csv`, Buffer.from(csvRows(5000)));
    assert.equal(r.code, 426, r.text);
    assert.match(r.text, /nothing was kept under Leads_cut\.csv/);
    assert.deepEqual(
      (await ls('New')).filter((n) => n.includes('Leads_cut')),
      [],
      'no file and no temp',
    );
    await emu.processNow();
    await emu.processNow();
    assert.ok(!(await ls('Success')).some((n) => n.startsWith('Leads_cut')));
    assert.ok(!(await ls('Failed')).some((n) => n.startsWith('Leads_cut')));
    assert.ok(!completed.some((p) => p.includes('Leads_cut')));
  });

  it('a cut STOR of a .part keeps what arrived; REST + STOR resumes it and RNFR/RNTO completes it', async () => {
    const whole = Buffer.from(csvRows(20_000));
    const part = `${New}/Leads_resume.csv.part`;
    const r = await cutStor(part, whole.subarray(0, whole.length / 2));
    assert.equal(r.code, 426, r.text);
    assert.match(r.text, /kept in Leads_resume\.csv\.part.*REST/);
    const size = await c.send(`SIZE ${part}`);
    assert.equal(size.code, 213, size.text);
    const have = Number(size.text.split(' ')[1]);
    assert.ok(have > 0 && have <= whole.length / 2, `kept ${have} bytes`);
    await emu.processNow();
    assert.ok(!completed.some((p) => p.includes('Leads_resume')), 'a .part is never processed');

    const data = await c.openData();
    assert.equal((await c.send(`REST ${have}`)).code, 350);
    assert.equal((await c.send(`STOR ${part}`)).code, 150);
    data.tls.end(whole.subarray(have));
    const done = await c.reply();
    assert.equal(done.code, 226, done.text);
    assert.equal((await c.send(`RNFR ${part}`)).code, 350);
    const renamed = await c.send(`RNTO ${New}/Leads_resume.csv`);
    assert.equal(renamed.code, 250, renamed.text);
    assert.ok(completed.includes(`${New}/Leads_resume.csv`));
    await processUntil(emu, 'Leads_resume.csv in Success/', async () =>
      (await ls('Success')).includes('Leads_resume.csv'),
    );
    const kept = await readFile(
      join(emu.rootOf('classic'), 'Leads', 'Import', 'Success', 'Leads_resume.csv'),
    );
    assert.ok(kept.equals(whole), 'the resumed file is the whole file');
  });

  it('ABOR during a STOR answers 426 then 226 and keeps nothing under the name', async () => {
    const data = await c.openData();
    assert.equal((await c.send(`STOR ${New}/Leads_abor.csv`)).code, 150);
    await new Promise<void>((resolve) => data.tls.write(csvRows(100), () => resolve()));
    await new Promise((r) => setTimeout(r, 100));
    const cut = await c.send('ABOR');
    assert.equal(cut.code, 426, cut.text);
    const done = await c.reply();
    assert.equal(done.code, 226, done.text);
    assert.deepEqual(
      (await ls('New')).filter((n) => n.includes('Leads_abor')),
      [],
    );
    assert.equal((await c.send('NOOP')).code, 200, 'the control connection still works');
  });

  it('APPE appends to a .part', async () => {
    for (const chunk of ['Company,Address\n', 'Acme,1 Main St\n']) {
      const data = await c.openData();
      assert.equal((await c.send(`APPE ${New}/.Leads_appe.csv`)).code, 150);
      data.tls.end(chunk);
      assert.equal((await c.reply()).code, 226);
    }
    assert.equal(
      await readFile(
        join(emu.rootOf('classic'), 'Leads', 'Import', 'New', '.Leads_appe.csv'),
        'utf8',
      ),
      'Company,Address\nAcme,1 Main St\n',
    );
  });

  const hostile = [
    '../../etc/passwd',
    '/../../x',
    'New/../../x',
    `${New}/../../../../../sentinel/pwned.csv`,
    `${New}/%2e%2e/%2e%2e/x.csv`,
    `${New}/x\0.csv`,
    `${New}/\\..\\..\\x.csv`,
    '/escape/pwned.csv',
    '/escape/secret.txt',
    `${New}/dirlink/pwned.csv`,
    `${New}/filelink.csv`,
  ];
  for (const path of hostile) {
    it(`refuses or clamps every command on ${JSON.stringify(path)}`, async () => {
      await links();
      const before = (await readdir(sentinel)).sort();
      const replies: Record<string, FtpReply> = {};
      for (const cmd of ['SIZE', 'MDTM', 'MLST', 'DELE', 'RNFR', 'MKD', 'CWD']) {
        replies[cmd] = await c.send(`${cmd} ${path}`);
        if (cmd === 'CWD' && replies[cmd].code === 250) await c.send('CWD /');
      }
      for (const cmd of ['RETR', 'STOR', 'LIST']) {
        const data = await c.openData();
        replies[cmd] = await c.send(`${cmd} ${path}`);
        data.tls.destroy();
        if (replies[cmd].code === 150) replies[cmd] = await c.reply();
      }
      for (const [cmd, r] of Object.entries(replies)) {
        assert.ok(r.code >= 500, `${cmd} ${path}: ${r.text}`);
        assert.ok(!r.text.includes(emu.dataDir), `${cmd}: the reply leaks a disk path: ${r.text}`);
      }
      assert.deepEqual((await readdir(sentinel)).sort(), before);
      assert.equal(await readFile(join(sentinel, 'secret.txt'), 'utf8'), 'secret');
      assert.equal((await c.send('PWD')).text, '257 "/" is the current folder');
    });
  }

  it('CWD cannot climb above the root: `..` from / stays at /', async () => {
    assert.equal((await c.send('CWD /../../..')).code, 250);
    assert.equal((await c.send('PWD')).text, '257 "/" is the current folder');
    assert.equal((await c.send('CDUP')).code, 250);
    assert.equal((await c.send('PWD')).text, '257 "/" is the current folder');
  });

  const refusedWrites = [
    '/Leads/Import/Success/x.csv',
    '/Leads/x.csv',
    `${New}/a\\b.csv`,
    `${New}/bad\u0001name.csv`,
    `${New}/evil\u202ecsv.exe`,
    `${New}/${'n'.repeat(252)}.csv`,
  ];
  for (const path of refusedWrites) {
    it(`refuses a write to ${JSON.stringify(path.slice(0, 60))} with the same message as SFTP`, async () => {
      const overSftp = await open(sftp.sftp, path, 'w');
      assert.notEqual(overSftp.code, 0);
      const data = await c.openData();
      const r = await c.send(`STOR ${path}`);
      data.tls.destroy();
      assert.ok(r.code === 550 || r.code === 553, r.text);
      assert.equal(r.text.slice(4), overSftp.message);
    });
  }

  it('folders cannot be made or removed, with the same message as SFTP', async () => {
    const overSftp = await statusOfCall((cb) => sftp.sftp.mkdir(`${New}/sub`, (e) => cb(e)));
    for (const cmd of ['MKD', 'RMD']) {
      const r = await c.send(`${cmd} ${New}/sub`);
      assert.equal(r.code, 550);
      assert.equal(r.text.slice(4), overSftp.message);
    }
  });

  it('an upload in progress is hidden from listings (its temp never shows)', async () => {
    const data = await c.openData();
    assert.equal((await c.send(`STOR ${New}/Leads_slow.csv`)).code, 150);
    data.tls.write('Company,Address\n');
    await new Promise((r) => setTimeout(r, 100));
    const temp = (await ls('New')).find((n) => n.endsWith('.uploading'));
    assert.ok(temp, 'the temp is on disk');
    const other = await connectRawFtps(emu.ftps.implicitPort, true);
    try {
      await other.login('classic', 'demo');
      const list = await other.openData();
      const received: Buffer[] = [];
      list.tls.on('data', (d: Buffer) => received.push(d));
      assert.equal((await other.send(`NLST ${New}`)).code, 150);
      assert.equal((await other.reply()).code, 226);
      const names = Buffer.concat(received).toString('utf8');
      assert.ok(!names.includes('.uploading'), names);
      assert.ok(!names.includes('Leads_slow.csv'), 'not under its name before 226');
      assert.equal((await other.send(`SIZE ${New}/${temp}`)).code, 550);
    } finally {
      other.close();
    }
    data.tls.end('Acme,1 Main St\n');
    assert.equal((await c.reply()).code, 226);
    assert.ok((await ls('New')).includes('Leads_slow.csv'));
  });
});
