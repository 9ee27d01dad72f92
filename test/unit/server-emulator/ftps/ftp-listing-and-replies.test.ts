/**
 * FTP listings, facts and replies (contract §12): MLSD facts and perms follow the write rules,
 * LIST lines are the `ls -l` lines SFTP sends, and refusals map onto FTP codes with SFTP's
 * messages. Also the emulator CLI's FTPS flags.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  ftpTime,
  listText,
  mlsdText,
  mlsxFacts,
  nlstText,
  quotePath,
} from '../../../../server-emulator/ftps/ftp-listing.ts';
import { replyOf } from '../../../../server-emulator/ftps/ftp-replies.ts';
import { VfsError } from '../../../../server-emulator/vfs/jail.ts';
import { FsRefusal } from '../../../../server-emulator/vfs/workspace-fs.ts';
import { parseArgs } from '../../../../server-emulator/cli.ts';

const mtimeMs = Date.UTC(2026, 11, 3, 9, 5, 7);
const file = (size: number) => ({
  mode: 0o100644,
  size,
  uid: 0,
  gid: 0,
  atimeMs: mtimeMs,
  mtimeMs,
  nlink: 1,
  isDirectory: () => false,
});
const dir = { ...file(4096), mode: 0o040755, isDirectory: () => true };

describe('FTP listings', () => {
  it('MLSD facts give type, size, modify (UTC) and perms from the write rules', () => {
    assert.equal(ftpTime(mtimeMs), '20261203090507');
    assert.equal(
      mlsxFacts({ name: 'a.csv', stats: file(12), writable: true }),
      'type=file;size=12;modify=20261203090507;perm=rwadf;',
    );
    assert.equal(
      mlsxFacts({ name: 'a.csv', stats: file(12), writable: false }),
      'type=file;size=12;modify=20261203090507;perm=r;',
    );
    assert.equal(
      mlsdText([
        { name: 'New', stats: dir, writable: true },
        { name: 'Success', stats: dir, writable: false },
      ]),
      'type=dir;size=4096;modify=20261203090507;perm=elc; New\r\n' +
        'type=dir;size=4096;modify=20261203090507;perm=el; Success\r\n',
    );
  });

  it('LIST lines are ls -l lines without write bits where writing is refused; NLST names only', () => {
    const text = listText(
      [{ name: 'r.json', stats: file(3), writable: false }],
      'classic',
      mtimeMs,
    );
    assert.match(text, /^-r--r--r-- +1 classic +classic +3 Dec {2}3 09:05 r\.json\r\n$/);
    assert.equal(nlstText([{ name: 'x y.csv', stats: file(1), writable: true }]), 'x y.csv\r\n');
    assert.equal(quotePath('/a "b"'), '"/a ""b"""');
  });
});

describe('FTP replies', () => {
  it('maps refusals and errno errors onto FTP codes with the messages SFTP sends', () => {
    assert.deepEqual(replyOf(new FsRefusal('permission-denied', 'Success/ is read-only')), {
      code: 550,
      message: 'Success/ is read-only',
    });
    assert.equal(
      replyOf(new FsRefusal('failure', 'a file name cannot contain a backslash')).code,
      553,
    );
    assert.equal(replyOf(new FsRefusal('failure', 'too big', { limit: true })).code, 552);
    assert.equal(replyOf(new VfsError('symlink', 'symbolic links are not followed')).code, 550);
    const full = Object.assign(new Error('ENOSPC: /secret/disk/path'), { code: 'ENOSPC' });
    const r = replyOf(full);
    assert.equal(r.code, 452);
    assert.ok(!r.message.includes('/secret'), 'no disk path reaches the client');
  });
});

describe('emulator CLI FTPS flags', () => {
  it('takes --ftps-port/--ftpes-port, refuses --no-ftps with them, and bad ports', () => {
    const ok = parseArgs(['--demo', '--ftps-port', '990', '--ftpes-port=0']);
    assert.ok(ok.ok);
    assert.equal(ok.value.ftpsPort, 990);
    assert.equal(ok.value.ftpesPort, 0);
    const off = parseArgs(['--demo', '--no-ftps']);
    assert.ok(off.ok && off.value.noFtps);
    const both = parseArgs(['--demo', '--no-ftps', '--ftpes-port', '21']);
    assert.ok(!both.ok && /--no-ftps cannot be combined/.test(both.message));
    const bad = parseArgs(['--demo', '--ftps-port', '70000']);
    assert.ok(!bad.ok && /--ftps-port must be a port number/.test(bad.message));
  });
});
