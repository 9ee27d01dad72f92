import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  handoverOf,
  pullFormProblem,
  whatToDo,
  type PullForm,
} from '../../../../../renderer/features/pull-check/pull-check-controller.ts';

const form: PullForm = {
  host: ' files.acme.example ',
  port: '2222',
  username: 'leadbay',
  password: 's3cret',
  path: '/exports/leads.csv',
};

describe('pullFormProblem', () => {
  it('accepts a complete form', () => {
    assert.equal(pullFormProblem(form), null);
  });
  it('says plainly that Leadbay reads over SFTP only when an FTP or FTPS address is typed', () => {
    for (const host of ['ftps://files.example.com', 'FTP://files.example.com', 'ftpes://x:21']) {
      assert.match(pullFormProblem({ ...form, host }) ?? '', /SFTP \(SSH\) only, not FTP or FTPS/);
    }
    assert.equal(pullFormProblem({ ...form, host: 'ftp.example.com' }), null);
  });
  it('names the first missing or wrong field in plain words', () => {
    assert.match(pullFormProblem({ ...form, host: ' ' }) ?? '', /host name/);
    assert.match(pullFormProblem({ ...form, port: '70000' }) ?? '', /port/);
    assert.match(pullFormProblem({ ...form, port: '22.5' }) ?? '', /port/);
    assert.match(pullFormProblem({ ...form, username: '' }) ?? '', /user name/);
    assert.match(pullFormProblem({ ...form, password: '' }) ?? '', /password/);
    assert.match(pullFormProblem({ ...form, path: 'leads.csv' }) ?? '', /starts with \//);
  });
});

describe('handoverOf', () => {
  it('lists host, port, user, path and the pinned host key — never the password', () => {
    const h = handoverOf(form, { type: 'ssh-ed25519', fingerprint: 'SHA256:abc' });
    assert.deepEqual(h, {
      host: 'files.acme.example',
      port: 2222,
      username: 'leadbay',
      path: '/exports/leads.csv',
      hostKey: 'ssh-ed25519 SHA256:abc',
    });
    assert.ok(!JSON.stringify(h).includes('s3cret'));
  });
});

describe('whatToDo', () => {
  it('has advice for every step the pull check reports', () => {
    for (const id of ['reach', 'banner', 'host-key', 'login', 'file', 'header']) {
      assert.ok((whatToDo[id] ?? '').length > 10, id);
    }
  });
});
