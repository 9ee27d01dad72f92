import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKnownHostsStore } from '../../../engine/known-hosts.ts';
import { createLedger } from '../../../engine/ledger.ts';
import { createSiteStore, type Site } from '../../../engine/sites.ts';

const site: Site = {
  id: 'a',
  name: 'A',
  profile: 'flexible',
  host: 'sftp.example.com',
  port: 22,
  username: 'u',
  authMethod: 'password',
  secretMode: 'keychain',
};

function withDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'sia-stores-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('site store (conf)', () => {
  it('saves, lists, replaces and removes sites across instances', () => {
    withDir((dir) => {
      const s = createSiteStore({ dir });
      assert.ok(s.save(site).ok);
      assert.ok(s.save({ ...site, name: 'A2' }).ok);
      const again = createSiteStore({ dir });
      assert.deepEqual(again.list(), [{ ...site, name: 'A2' }]);
      assert.ok(again.remove('a').ok);
      assert.equal(again.remove('a').ok, false);
      assert.deepEqual(createSiteStore({ dir }).list(), []);
    });
  });

  it('refuses a site that carries a password and explains where secrets go', () => {
    withDir((dir) => {
      const r = createSiteStore({ dir }).save({ ...site, password: 'hunter2' } as unknown as Site);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error.message, /keychain/);
      assert.ok(
        !readdirSync(dir).some((f) => readFileSync(join(dir, f), 'utf8').includes('hunter2')),
      );
    });
  });

  it('refuses invalid fields with the field named', () => {
    withDir((dir) => {
      const r = createSiteStore({ dir }).save({ ...site, port: 70000 });
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.error.message, /port/);
    });
  });

  it('backs up a corrupt settings file and starts empty with a warning, never crashing', () => {
    withDir((dir) => {
      writeFileSync(join(dir, 'sites.json'), '{"sites": [ {"id": "a", trunc');
      const s = createSiteStore({ dir });
      assert.deepEqual(s.list(), []);
      assert.match(s.warning ?? '', /damaged/);
      assert.ok(readdirSync(dir).some((f) => f.startsWith('sites.json.corrupt-')));
      assert.ok(s.save(site).ok);
    });
  });
});

describe('known hosts', () => {
  const fp = 'SHA256:' + 'a'.repeat(43);
  const fp2 = 'SHA256:' + 'b'.repeat(43);
  it('remembers several keys per host and forgets one or all', () => {
    withDir((dir) => {
      const k = createKnownHostsStore({ dir, now: () => new Date('2026-01-01T00:00:00Z') });
      k.remember({ host: 'H', port: 22, type: 'ssh-ed25519', fingerprint: fp });
      k.remember({ host: 'h', port: 22, type: 'ssh-rsa', fingerprint: fp2 });
      k.remember({ host: 'h', port: 22, type: 'ssh-rsa', fingerprint: fp2 });
      assert.equal(createKnownHostsStore({ dir }).get('h', 22).length, 2);
      assert.equal(k.get('h', 2222).length, 0);
      k.forget('h', 22, fp);
      assert.deepEqual(
        k.get('h', 22).map((e) => e.fingerprint),
        [fp2],
      );
      k.forget('h', 22);
      assert.deepEqual(createKnownHostsStore({ dir }).list(), []);
    });
  });

  it('backs up an unreadable file and warns', () => {
    withDir((dir) => {
      writeFileSync(join(dir, 'known-hosts.json'), 'not json');
      const k = createKnownHostsStore({ dir });
      assert.deepEqual(k.list(), []);
      assert.match(k.warning ?? '', /unreadable/);
    });
  });
});

describe('ledger', () => {
  it('keeps a ledger that is JSON but not a list of uploads aside, and starts a new one', () => {
    withDir((dir) => {
      writeFileSync(join(dir, 'ledger.json'), '[{"id": 1}, "x"]');
      const l = createLedger({ dir });
      assert.deepEqual(l.list(), []);
      assert.match(
        l.warning ?? '',
        /upload history was unreadable; it was kept as .*ledger\.json\.corrupt-/,
      );
      assert.ok(readdirSync(dir).some((f) => f.startsWith('ledger.json.corrupt-')));
      // A good ledger (with fields a newer version added) loads as it is.
      const entry = {
        id: 'a',
        siteId: 's',
        fileName: 'x.csv',
        localPath: '/x.csv',
        remotePath: '/New/x.csv',
        sha256: 'ab',
        bytes: 1,
        startedAt: '2026-12-03T00:00:00.000Z',
        outcome: 'imported',
        addedLater: true,
      };
      writeFileSync(join(dir, 'ledger.json'), JSON.stringify([entry]));
      const again = createLedger({ dir });
      assert.equal(again.warning, undefined);
      assert.deepEqual(again.list(), [entry]);
    });
  });

  it('adds, updates and finds by SHA-256; failed uploads are not duplicates', () => {
    withDir((dir) => {
      const l = createLedger({ dir });
      const e = l.add({
        siteId: 's',
        fileName: 'x.csv',
        localPath: '/x.csv',
        remotePath: '/New/x.csv',
        sha256: 'abc',
        bytes: 3,
        startedAt: 't',
        outcome: 'uploading',
      });
      assert.equal(
        l.findDuplicate('s', '/New', 'abc'),
        undefined,
        'an upload still in progress is not a duplicate',
      );
      assert.ok(l.update(e.id, { outcome: 'failed' }).ok);
      assert.equal(l.findDuplicate('s', '/New/', 'abc'), undefined);
      assert.ok(l.update(e.id, { outcome: 'imported' }).ok);
      assert.equal(l.findDuplicate('s', '/New/', 'abc')?.id, e.id);
      assert.equal(l.update('nope', {}).ok, false);
      assert.equal(createLedger({ dir }).findBySha256('abc')[0]?.outcome, 'imported');
    });
  });

  it('keeps an upload’s check warnings; older entries without them and a bad list still load', () => {
    withDir((dir) => {
      const base = {
        siteId: 's',
        fileName: 'x.csv',
        localPath: '/x.csv',
        remotePath: '/New/x.csv',
        sha256: 'ab',
        bytes: 1,
        startedAt: '2026-12-03T00:00:00.000Z',
        outcome: 'imported',
      };
      writeFileSync(
        join(dir, 'ledger.json'),
        JSON.stringify([
          { id: 'old', ...base },
          { id: 'bad', ...base, warnings: 'not a list' },
        ]),
      );
      const l = createLedger({ dir });
      assert.equal(l.warning, undefined);
      const e = l.add({ ...base, outcome: 'uploading', warnings: ['1 empty row was skipped.'] });
      const again = createLedger({ dir }).list();
      assert.deepEqual(
        again.map((x) => [x.id === e.id ? 'new' : x.id, x.warnings]),
        [
          ['old', undefined],
          ['bad', undefined],
          ['new', ['1 empty row was skipped.']],
        ],
      );
      assert.equal('warnings' in again[0]!, false, 'no key added to an old entry');
    });
  });
});
