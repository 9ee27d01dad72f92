/**
 * The platform's processing as a customer meets it over SFTP (contract §4–§7): files uploaded
 * with OpenSSH's `sftp` and with ssh2-sftp-client into the real emulator on 127.0.0.1, processed
 * by its cycle, and the reports downloaded back with both clients. Also every path-escape attempt
 * OpenSSH's client can make, with a sentinel folder beside the workspace root, and a partial
 * upload (no CLOSE) that must never be processed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import SftpClient from 'ssh2-sftp-client';
import type { SFTPWrapper } from 'ssh2';
import { parseErrorsCsv, parseImportResult } from '../../../../core/report/index.ts';
import type { ImportResult } from '../../../../core/report/index.ts';
import { runSftpBatch } from '../../../helpers/openssh.ts';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';

const Import = '/DataObjects/Import';

/** The result.json text as the app reads it (core/report's parser), or the test fails. */
function parsedResult(text: string): ImportResult {
  const r = parseImportResult(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** Every file under `dir`, relative to it, with its size (a change anywhere shows). */
async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    out.push(`${relative(dir, p)}${e.isDirectory() ? '/' : ` ${(await stat(p)).size}`}`);
  }
  return out.sort();
}

describe('processing over SFTP: OpenSSH sftp and ssh2-sftp-client', { timeout: 180_000 }, () => {
  let emu: TestEmulator;
  let work: string;
  let root: string;
  let sentinel: string;
  /** Records of `object` in the emulator's database, read through a second connection (WAL). */
  const records = (object: string): number => {
    const db = new Database(join(emu.dataDir, 'emulator.sqlite'), { readonly: true });
    try {
      return db
        .prepare('SELECT count(*) FROM records WHERE object = ?')
        .pluck(true)
        .get(object) as number;
    } finally {
      db.close();
    }
  };

  before(async () => {
    emu = await startTestEmulator({ processing: true });
    work = await mkdtemp(join(tmpdir(), 'sia-sftp-proc-'));
    root = emu.rootOf('flexible');
    // <data>/workspaces/sentinel sits beside the flexible root: `..` from the root lands here.
    sentinel = join(root, '..', 'sentinel');
    await mkdir(sentinel);
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  const sftp = (commands: string[]) =>
    runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'flexible',
      password: 'demo',
      cwd: work,
      commands,
      timeoutMs: 60_000,
    });

  /** Runs cycles (as the interval would) until `done` holds; at most 20 s. */
  async function processUntil(what: string, done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`no cycle got to: ${what}`);
      await emu.processNow();
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const inDir = async (dir: string, name: string) =>
    (await readdir(join(root, ...dir.split('/').filter(Boolean)))).includes(name);

  it('imports a 25,001-row Account file put with OpenSSH sftp in 3 packages, and gets its result back', async () => {
    const lines = ['Name,Industry,Address,City,ExternalDataObjectId'];
    for (let i = 0; i < 25_001; i++) {
      lines.push(`Big ${i},Retail,${i} Upload Ave,Springfield,${i % 3 === 0 ? `B-${i}` : ''}`);
    }
    await writeFile(join(work, 'big.csv'), lines.join('\r\n') + '\r\n');
    // `put -p` sends the local mtime (SETSTAT): a minute old, so the scan sees it as settled.
    const past = new Date(Date.now() - 60_000);
    await utimes(join(work, 'big.csv'), past, past);
    const put = await sftp([
      `cd ${Import}/New`,
      'put -p big.csv Account_big.csv.part',
      'rename Account_big.csv.part Account_big.csv',
      'ls -l',
    ]);
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stdout, /-rw-r--r-- .* Account_big\.csv\n/);

    const report = await emu.processNow();
    assert.deepEqual(
      report?.files.map((f) => [f.file, f.status, f.movedTo, f.rowsImported]),
      [['Account_big.csv', 'success', `${Import}/Success/Account_big.csv`, 25_001]],
    );
    const got = await sftp([
      `ls -l ${Import}/Success`,
      `get ${Import}/Success/Account_big.csv.result.json big.result.json`,
      `ls ${Import}/New`,
    ]);
    assert.equal(got.code, 0, got.stderr);
    assert.match(got.stdout, /Account_big\.csv\n/);
    assert.match(got.stdout, /Account_big\.csv\.result\.json\n/);
    assert.doesNotMatch(got.stdout, /errors\.csv/, 'a file without problems has no errors.csv');
    const result = parsedResult(await readFile(join(work, 'big.result.json'), 'utf8'));
    assert.deepEqual(
      [result.status, result.object, result.rowsTotal, result.rowsImported, result.packages],
      ['success', 'Account', 25_001, 25_001, 3],
    );
    assert.deepEqual(result.errors, []);
    assert.equal(records('Account'), 25_001);
  });

  it('fails a file with bad rows into Failed/, its downloaded errors.csv naming each row and column', async () => {
    const text =
      [
        'Name,Industry,Employees,Website,Latitude,ExternalDataObjectId',
        'Good One,Retail,10,https://one.example,45.5,E-1',
        ',Retail,10,,,E-2',
        'Good Two,Other,,,,E-3',
        'Bad Pick,Nope,5,,,E-4',
        'Bad Count,Retail,many,,,E-5',
        'Bad Lat,Retail,3,,91,E-6',
        'Good Three,,,,,',
      ].join('\r\n') + '\r\n';
    await writeFile(join(work, 'bad.csv'), text);
    // Uploaded with ssh2-sftp-client this time; listed with it too.
    const c = new SftpClient();
    await c.connect({ host: '127.0.0.1', port: emu.port, username: 'flexible', password: 'demo' });
    try {
      await c.put(join(work, 'bad.csv'), `${Import}/New/Account_bad.csv`);
      assert.deepEqual(
        (await c.list(`${Import}/New`)).map((e) => [e.name, e.size]),
        [['Account_bad.csv', Buffer.byteLength(text)]],
      );
      await processUntil('Account_bad.csv in Failed/', () =>
        inDir(`${Import}/Failed`, 'Account_bad.csv.result.json'),
      );
      assert.deepEqual((await c.list(`${Import}/Failed`)).map((e) => e.name).sort(), [
        'Account_bad.csv',
        'Account_bad.csv.errors.csv',
        'Account_bad.csv.result.json',
      ]);
      const viaClient = (await c.get(`${Import}/Failed/Account_bad.csv.errors.csv`)) as Buffer;
      const got = await sftp([
        `get ${Import}/Failed/Account_bad.csv.errors.csv bad.errors.csv`,
        `get ${Import}/Failed/Account_bad.csv.result.json bad.result.json`,
      ]);
      assert.equal(got.code, 0, got.stderr);
      const errors = await readFile(join(work, 'bad.errors.csv'), 'utf8');
      assert.equal(viaClient.toString('utf8'), errors, 'both clients download the same report');
      const parsed = parseErrorsCsv(errors);
      assert.ok(parsed.ok, parsed.ok ? '' : parsed.message);
      assert.deepEqual(
        parsed.rows.map((r) => [r.row, r.column, r.value]),
        [
          [3, 'Name', ''],
          [5, 'Industry', 'Nope'],
          [6, 'Employees', 'many'],
          [7, 'Latitude', '91'],
        ],
      );
      const result = parsedResult(await readFile(join(work, 'bad.result.json'), 'utf8'));
      assert.deepEqual(
        [result.status, result.rowsTotal, result.rowsImported, result.rowsFailed],
        ['failed', 7, 3, 4],
      );
      assert.deepEqual(
        result.errors.map((e) => [e.row, e.column]),
        [
          [3, 'Name'],
          [5, 'Industry'],
          [6, 'Employees'],
          [7, 'Latitude'],
        ],
      );
    } finally {
      await c.end();
    }
  });

  it('answers a file for an unknown object with the valid object names', async () => {
    await writeFile(join(work, 'leads.csv'), 'Name\r\nAcme\r\n');
    const past = new Date(Date.now() - 60_000);
    await utimes(join(work, 'leads.csv'), past, past);
    const put = await sftp([`put -p leads.csv ${Import}/New/Leads_2026.csv`]);
    assert.equal(put.code, 0, put.stderr);
    await emu.processNow();
    const got = await sftp([
      `get ${Import}/Failed/Leads_2026.csv.result.json leads.result.json`,
      `get ${Import}/Failed/Leads_2026.csv.errors.csv leads.errors.csv`,
    ]);
    assert.equal(got.code, 0, got.stderr);
    const result = parsedResult(await readFile(join(work, 'leads.result.json'), 'utf8'));
    assert.equal(result.fileError?.code, 'unknown-object');
    assert.match(result.fileError?.message ?? '', /Account/);
    assert.match(result.fileError?.message ?? '', /Contact/);
    assert.match(result.fileError?.message ?? '', /Leads/);
    const errors = parseErrorsCsv(await readFile(join(work, 'leads.errors.csv'), 'utf8'));
    assert.ok(errors.ok);
    assert.deepEqual(
      errors.rows.map((r) => [r.row, r.message]),
      [[0, result.fileError?.message]],
    );
  });

  it('refuses every path escape OpenSSH sftp can try, writing nothing outside the workspace', async () => {
    await writeFile(join(work, 'x.csv'), 'Name\r\nEscape\r\n');
    await writeFile(join(root, 'DataObjects', 'Import', 'New', 'mine.csv'), 'Name\r\nMine\r\n');
    // Cycles run only on processNow here, so mine.csv stays put as the rename source.
    const outside = await snapshot(join(emu.dataDir, 'workspaces'));
    const rootBefore = await snapshot(root);
    // `..` stops at the root (as in an OpenSSH chroot), so "/../sentinel" is "/sentinel": a
    // folder that does not exist inside the root, hence "No such file" rather than a write.
    const attempts: [string, string[], RegExp][] = [
      ['put x ../../x', [`cd ${Import}/New`, 'put x.csv ../../x.csv'], /Permission denied/],
      [
        'put far past the root',
        [`cd ${Import}/New`, 'put x.csv ../../../../../../x.csv'],
        /Permission denied/,
      ],
      ['put to the sentinel by ..', ['put x.csv /../sentinel/x.csv'], /No such file or directory/],
      [
        'cd .. past the root, then put',
        ['cd /', 'cd ..', 'cd ..', 'put x.csv'],
        /Permission denied/,
      ],
      ['ln -s', [`cd ${Import}/New`, 'ln -s /etc/passwd link.csv'], /Operation unsupported/],
      [
        'ln -s to the sentinel',
        [`cd ${Import}/New`, 'ln -s ../../../../sentinel s'],
        /Operation unsupported/,
      ],
      [
        'hard link',
        [`cd ${Import}/New`, 'ln mine.csv hard.csv'],
        // The server does not announce hardlink@openssh.com, so the client does not even ask.
        /does not support hardlink@openssh\.com/,
      ],
      [
        'rename out of the root',
        [`rename ${Import}/New/mine.csv ../../../sentinel/mine.csv`],
        /No such file or directory/,
      ],
      [
        'rename into Success/',
        [`rename ${Import}/New/mine.csv ${Import}/Success/mine.csv`],
        /Permission denied/,
      ],
      ['put into Success/', [`put x.csv ${Import}/Success/x.csv`], /Permission denied/],
      ['put into Failed/', [`put x.csv ${Import}/Failed/x.csv`], /Permission denied/],
      ['put into Templates/', ['put x.csv /Templates/x.csv'], /Permission denied/],
      ['overwrite a template', ['put x.csv /Templates/Account.csv'], /Permission denied/],
      ['remove a template', ['rm /Templates/Account.csv'], /Permission denied/],
      ['mkdir in New/', [`mkdir ${Import}/New/sub`], /Permission denied/],
      ['put an absolute disk path', [`put x.csv ${sentinel}/x.csv`], /No such file or directory/],
    ];
    for (const [what, commands, message] of attempts) {
      const r = await sftp(commands);
      assert.notEqual(r.code, 0, `${what}: the batch should stop with an error\n${r.stdout}`);
      assert.match(r.stderr, message, `${what}: ${r.stderr}`);
      // The client echoes the path it asked for in quotes; the server's words must not hold one.
      const serverWords = r.stderr.replace(/"[^"]*"/g, '""');
      assert.ok(
        !serverWords.includes(emu.dataDir),
        `${what}: the message leaks a disk path: ${r.stderr}`,
      );
    }
    const pwd = await sftp(['cd /', 'cd ..', 'cd ../..', 'pwd']);
    assert.equal(pwd.code, 0, pwd.stderr);
    assert.match(pwd.stdout, /Remote working directory: \/\n/);

    assert.deepEqual(await readdir(sentinel), [], 'nothing reached the sentinel');
    assert.deepEqual(await snapshot(join(emu.dataDir, 'workspaces')), outside);
    assert.deepEqual(await snapshot(root), rootBefore, 'nothing changed in the workspace either');
    await rm(join(root, 'DataObjects', 'Import', 'New', 'mine.csv'));
  });

  it('never processes a partial upload: ssh2-sftp-client opens and writes, then ends without CLOSE', async () => {
    const c = new SftpClient();
    await c.connect({ host: '127.0.0.1', port: emu.port, username: 'flexible', password: 'demo' });
    const raw = (c as unknown as { sftp: SFTPWrapper }).sftp;
    const openWrite = (path: string) =>
      new Promise<Buffer>((resolve, reject) =>
        raw.open(path, 'w', (err, h) => (err ? reject(err) : resolve(h))),
      );
    const write = (h: Buffer, data: string) =>
      new Promise<void>((resolve, reject) =>
        raw.write(h, Buffer.from(data), 0, Buffer.byteLength(data), 0, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    const half = 'Name,City\r\nHalf One,X\r\nHalf Two,Y\r\nHalf Thr';
    const completed: string[] = [];
    const onCompleted = (u: { path: string }) => completed.push(u.path);
    emu.events.on('upload-completed', onCompleted);
    const closed = new Promise<void>((r) => emu.events.once('session-closed', () => r()));
    await write(await openWrite(`${Import}/New/Account_half.csv`), half);
    await write(await openWrite(`${Import}/New/Account_resume.csv.part`), half);
    const newDir = join(root, 'DataObjects', 'Import', 'New');
    assert.ok((await readdir(newDir)).includes('Account_resume.csv.part'));
    const before = records('Account');
    await c.end(); // ends the connection; the two handles were never closed
    await closed;

    // Cycles well past the first-sight age: neither upload is ever taken.
    for (let i = 0; i < 3; i++) {
      await emu.processNow();
      await new Promise((r) => setTimeout(r, 600));
    }
    await emu.processNow();
    emu.events.off('upload-completed', onCompleted);
    assert.deepEqual(completed, [], 'no upload completed');
    assert.deepEqual(
      await readdir(newDir),
      ['Account_resume.csv.part'],
      'the temp is gone, the .part kept',
    );
    assert.equal(await readFile(join(newDir, 'Account_resume.csv.part'), 'utf8'), half);
    for (const dir of ['Success', 'Failed']) {
      const names = await readdir(join(root, 'DataObjects', 'Import', dir));
      assert.ok(
        !names.some((n) => n.includes('half') || n.includes('resume')),
        `${dir}: ${names.join(', ')}`,
      );
    }
    assert.equal(records('Account'), before, 'no record stored');
  });
});
