import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkFileWrite, writableDirs } from '../../../../server-emulator/vfs/write-rules.ts';
import { attrsOf, longnameOf } from '../../../../server-emulator/sftp/longname.ts';
import { SftpRefusal, Status, statusOf } from '../../../../server-emulator/sftp/sftp-status.ts';
import { VfsError } from '../../../../server-emulator/vfs/jail.ts';
import {
  isInProgressName,
  isUploadTemp,
  uploadTempName,
} from '../../../../server-emulator/vfs/uploads.ts';
import { parseArgs, parseInterval } from '../../../../server-emulator/cli.ts';

describe('write rules', () => {
  it('lets SPOTIO users write only into the New/ folders of their drops', () => {
    assert.deepEqual(writableDirs('classic'), ['/Leads/Import/New', '/Territories/New']);
    assert.ok(checkFileWrite('classic', '/Leads/Import/New/x.csv').ok);
    assert.ok(checkFileWrite('flexible', '/DataObjects/Import/New/Account_x.csv').ok);
    assert.ok(checkFileWrite('flexible', '/Territories/New/1_a.kml').ok);
    assert.equal(checkFileWrite('classic', '/DataObjects/Import/New/x.csv').ok, false);
    assert.equal(checkFileWrite('classic', '/x.csv').ok, false);
    assert.equal(checkFileWrite('classic', '/Leads/Import/New/sub/x.csv').ok, false);
  });
  it('explains read-only folders and where uploads go', () => {
    const r = checkFileWrite('classic', '/Leads/Import/Success/x.csv');
    assert.deepEqual(r, { ok: false, message: 'New/ is where uploads go; Success/ is read-only' });
    const t = checkFileWrite('classic', '/Templates/Lead.csv');
    assert.ok(!t.ok && t.message.includes('Templates/ is read-only'));
    const root = checkFileWrite('classic', '/x.csv');
    assert.ok(!root.ok && root.message.includes('/Leads/Import/New/'));
  });
  it('lets space and contact-lists users write files into / only', () => {
    assert.ok(checkFileWrite('space', '/x.csv').ok);
    assert.ok(checkFileWrite('contact-lists', '/x.csv').ok);
    assert.equal(checkFileWrite('space', '/sub/x.csv').ok, false);
    assert.equal(checkFileWrite('space', '/').ok, false);
  });
});

describe('upload names', () => {
  it('treats dot names and .part as in progress', () => {
    assert.ok(isInProgressName('.x.csv.part'));
    assert.ok(isInProgressName('x.csv.PART'));
    assert.ok(isInProgressName('.hidden'));
    assert.equal(isInProgressName('x.csv'), false);
  });
  it('recognises its own temp names and no others', () => {
    const t = uploadTempName('x.csv');
    assert.match(t, /^\.x\.csv\.[0-9a-f]{12}\.uploading$/);
    assert.ok(isUploadTemp(t));
    assert.equal(isUploadTemp('.x.csv.part'), false);
    assert.equal(isUploadTemp('x.uploading'), false);
  });
});

describe('status table', () => {
  it('maps refusals, jail errors and errno codes without disk paths', () => {
    assert.deepEqual(statusOf(new SftpRefusal(Status.PERMISSION_DENIED, 'nope')), {
      status: Status.PERMISSION_DENIED,
      message: 'nope',
    });
    assert.equal(statusOf(new VfsError('symlink', 's')).status, Status.PERMISSION_DENIED);
    assert.equal(statusOf(new VfsError('not-found', 'n')).status, Status.NO_SUCH_FILE);
    const enoent = Object.assign(new Error("ENOENT: no such file, open '/secret/disk/path'"), {
      code: 'ENOENT',
    });
    const s = statusOf(enoent);
    assert.equal(s.status, Status.NO_SUCH_FILE);
    assert.ok(!s.message.includes('/secret'));
    const nospc = Object.assign(new Error('ENOSPC /data'), { code: 'ENOSPC' });
    assert.match(statusOf(nospc).message, /out of space/);
    assert.equal(statusOf(new Error('/weird/path')).message, 'the server could not do that');
  });
});

describe('longname', () => {
  it('looks like ls -l and shows read-only folders without write bits', () => {
    const st = {
      mode: 0o40755,
      size: 4096,
      uid: 0,
      gid: 0,
      atimeMs: 0,
      mtimeMs: Date.UTC(2026, 10, 22, 2, 45),
      nlink: 2,
      isDirectory: () => true,
    };
    const a = attrsOf(st, false);
    assert.equal(a.mode & 0o222, 0);
    assert.equal(
      longnameOf('Templates', a, 'classic', Date.UTC(2026, 10, 22)),
      'dr-xr-xr-x    1 classic  classic          4096 Nov 22 02:45 Templates',
    );
    assert.match(longnameOf('old', a, 'u', Date.UTC(2028, 0, 1)), / Nov 22 {2}2026 old$/);
  });
});

describe('CLI arguments', () => {
  it('parses intervals in ms, s, m and h', () => {
    assert.equal(parseInterval('500ms'), 500);
    assert.equal(parseInterval('5s'), 5000);
    assert.equal(parseInterval('5m'), 300_000);
    assert.equal(parseInterval('1h'), 3_600_000);
    assert.equal(parseInterval('5'), undefined);
    assert.equal(parseInterval('0s'), undefined);
  });
  it('parses flags with defaults', () => {
    const r = parseArgs(['--demo', '--port', '0', '--data=/tmp/x', '--interval', '5s']);
    assert.ok(r.ok);
    if (r.ok) {
      assert.deepEqual(r.value, {
        demo: true,
        host: '127.0.0.1',
        port: 0,
        data: '/tmp/x',
        intervalMs: 5000,
        adminPort: 0,
        noFtps: false,
      });
    }
  });
  it('refuses unknown flags, bad values and a missing workspace source', () => {
    assert.deepEqual(parseArgs(['--demo', '--bogus']), {
      ok: false,
      message: 'unknown option "--bogus"',
    });
    assert.equal(parseArgs(['--demo', '--port', 'x']).ok, false);
    assert.equal(parseArgs(['--demo', '--interval', '1d']).ok, false);
    assert.equal(parseArgs(['--demo', '--port']).ok, false);
    assert.equal(parseArgs([]).ok, false);
  });
});
