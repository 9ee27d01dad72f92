import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { canRunSshd, runSftpBatch, startSshd, type RunningSshd } from '../../helpers/openssh.ts';

const can = canRunSshd();

describe(
  'the private OpenSSH sshd test peer',
  { skip: can.ok ? false : can.why, timeout: 60_000 },
  () => {
    let sshd: RunningSshd;
    before(async () => {
      sshd = await startSshd();
    });
    after(async () => {
      await sshd?.close();
    });

    it('accepts a password login from OpenSSH sftp and stores an uploaded file', async () => {
      const local = join(sshd.dir, '..', 'upload-src.txt');
      await writeFile(local, 'hello\n');
      const result = await runSftpBatch({
        host: sshd.host,
        port: sshd.port,
        user: sshd.user.name,
        password: sshd.user.password,
        commands: [`put ${local} ${sshd.dir}/uploaded.txt`, `ls ${sshd.dir}`],
      });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /uploaded\.txt/);
    });

    it('refuses a wrong password', async () => {
      const result = await runSftpBatch({
        host: sshd.host,
        port: sshd.port,
        user: sshd.user.name,
        password: 'wrong',
        commands: ['ls /'],
        timeoutMs: 20_000,
      });
      assert.notEqual(result.code, 0);
    });

    it('accepts the generated client key', async () => {
      const result = await runSftpBatch({
        host: sshd.host,
        port: sshd.port,
        user: sshd.user.name,
        identityFile: sshd.user.privateKeyPath,
        commands: [`ls ${sshd.dir}`],
      });
      assert.equal(result.code, 0, result.stderr);
    });

    it('reports a fingerprint in the SHA256:<base64> form ssh-keygen prints', () => {
      assert.match(sshd.hostKeyFingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
    });
  },
);
