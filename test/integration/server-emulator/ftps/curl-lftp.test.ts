/**
 * The emulator's FTPS front end (contract §12) against real clients: curl over explicit TLS
 * (`--ssl-reqd`, ftp://) and implicit TLS (ftps://), and lftp. Uploads into the demo `classic`
 * workspace are processed into Success/ or Failed/ and the reports read back over FTPS; many data
 * connections in a row work under TLS 1.3 and 1.2; a client that does not resume the TLS session,
 * a login before TLS and a user of an SFTP-only platform are refused with replies saying why.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  curlFtps,
  curlReplies,
  ftpsUrl,
  lftpFtps,
  runCommand,
  type FtpsTarget,
} from '../../../helpers/ftps-peers.ts';
import { processUntil } from '../../../helpers/process-until.ts';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../../helpers/start-emulator.ts';

const New = '/Leads/Import/New/';
const goodCsv = 'Company,Address,Email\nAcme,1 Main St,a@acme.test\nBeta,2 High St,b@beta.test\n';
const badCsv = 'Company,Address,Email\nAcme,1 Main St,not-an-email\n,2 High St,b@beta.test\n';

describe('FTPS front end with curl and lftp', { timeout: 180_000 }, () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let work: string;
  let explicit: FtpsTarget;
  let implicit: FtpsTarget;
  const dir = (sub: string): Promise<string[]> =>
    readdir(join(emu.rootOf('classic'), 'Leads', 'Import', sub)).then((n) => n.sort());

  before(async () => {
    emu = await startFtpsTestEmulator({ processing: true });
    work = await mkdtemp(join(tmpdir(), 'sia-ftps-'));
    explicit = { port: emu.ftps.explicitPort, implicit: false, user: 'classic', password: 'demo' };
    implicit = { ...explicit, port: emu.ftps.implicitPort, implicit: true };
    await writeFile(join(work, 'Leads_good.csv'), goodCsv);
    await writeFile(join(work, 'Leads_bad.csv'), badCsv);
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('curl (explicit TLS) uploads a good CSV; it is processed into Success/ and its report read back', async () => {
    const up = await curlFtps(explicit, New, ['-T', join(work, 'Leads_good.csv')]);
    assert.equal(up.code, 0, up.stderr);
    assert.ok(
      curlReplies(up.stderr).some((r) => r.startsWith('226')),
      'the upload ends with 226',
    );
    assert.deepEqual(await dir('New'), ['Leads_good.csv']);
    await processUntil(emu, 'Leads_good.csv in Success/', async () =>
      (await dir('Success')).includes('Leads_good.csv.result.json'),
    );
    assert.deepEqual(await dir('Success'), ['Leads_good.csv', 'Leads_good.csv.result.json']);
    const report = await curlFtps(explicit, '/Leads/Import/Success/Leads_good.csv.result.json');
    assert.equal(report.code, 0, report.stderr);
    const result = JSON.parse(report.stdout.toString('utf8')) as Record<string, unknown>;
    assert.equal(result['status'], 'success');
    assert.equal(result['rowsImported'], 2);
  });

  it('curl (implicit TLS, ftps://) uploads a bad CSV; it fails into Failed/ and errors.csv reads back', async () => {
    const up = await curlFtps(implicit, New, ['-T', join(work, 'Leads_bad.csv')]);
    assert.equal(up.code, 0, up.stderr);
    await processUntil(emu, 'Leads_bad.csv in Failed/', async () =>
      (await dir('Failed')).includes('Leads_bad.csv.result.json'),
    );
    const failed = await dir('Failed');
    assert.ok(failed.includes('Leads_bad.csv.errors.csv'), failed.join(', '));
    const listing = await curlFtps(implicit, '/Leads/Import/Failed/', ['--list-only']);
    assert.deepEqual(listing.stdout.toString('utf8').trim().split(/\r?\n/).sort(), failed);
    const errors = await curlFtps(implicit, '/Leads/Import/Failed/Leads_bad.csv.errors.csv');
    assert.equal(errors.code, 0, errors.stderr);
    assert.match(errors.stdout.toString('utf8'), /Email/);
    assert.match(errors.stdout.toString('utf8'), /Company/);
  });

  it('lftp puts, lists (MLSD) and mirrors over explicit and implicit TLS', async () => {
    await writeFile(join(work, 'Leads_lftp.part'), 'Company,Address\nGamma,3 Low St\n');
    const put = await lftpFtps(explicit, [
      'cd /Leads/Import/New',
      `put ${join(work, 'Leads_lftp.part')}`,
      'mv Leads_lftp.part Leads_lftp.csv',
      'cls -l',
    ]);
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stdout.toString('utf8'), /Leads_lftp\.csv/);
    assert.deepEqual(await dir('New'), ['Leads_lftp.csv']);
    const mirror = join(work, 'mirror');
    const m = await lftpFtps(implicit, [`mirror /Leads ${mirror}`]);
    assert.equal(m.code, 0, m.stderr);
    assert.equal(
      await readFile(join(mirror, 'Import', 'New', 'Leads_lftp.csv'), 'utf8'),
      'Company,Address\nGamma,3 Low St\n',
    );
    assert.ok((await readdir(join(mirror, 'Import', 'Success'))).includes('Leads_good.csv'));
  });

  for (const tls of ['1.3', '1.2'] as const) {
    it(`many data connections on one control connection all resume the session (TLS ${tls})`, async () => {
      const base = ['-sS', '-v', '-k', '--ssl-reqd', '-u', 'classic:demo'];
      const pin = tls === '1.2' ? ['--tls-max', '1.2'] : ['--tlsv1.3'];
      const name = `Leads_many_${tls.replace('.', '')}.part`;
      const step = (args: string[], path: string): string[] => [
        '--next',
        ...base,
        ...pin,
        ...args,
        ftpsUrl(explicit, path),
      ];
      const args = [
        ...base,
        ...pin,
        '--list-only',
        ftpsUrl(explicit, '/Leads/'),
        ...step(['--list-only'], '/Leads/Import/'),
        ...step(['--list-only'], '/Leads/Import/Success/'),
        ...step(['-T', join(work, 'Leads_good.csv')], `${New}${name}`),
        ...step(['-o', join(work, `back-${tls}.csv`)], `${New}${name}`),
        ...step(['--list-only'], New),
        ...step(['--list-only'], '/Leads/Import/Failed/'),
        ...step(
          ['-o', join(work, `report-${tls}.json`)],
          '/Leads/Import/Success/Leads_good.csv.result.json',
        ),
        ...step(['--list-only'], New),
      ];
      const r = await runCommand('curl', args);
      assert.equal(r.code, 0, r.stderr);
      // One control connection, reused for all nine transfers.
      assert.equal((r.stderr.match(/Re-using existing connection/g) ?? []).length, 8, r.stderr);
      assert.equal(curlReplies(r.stderr).filter((l) => l.startsWith('226')).length, 9);
      // A 522 reply (session not resumed), not any "522" in the log: a passive port such as
      // 45227 has those digits too.
      const refused = curlReplies(r.stderr).filter((l) => l.startsWith('522'));
      assert.deepEqual(refused, [], r.stderr);
      assert.equal(await readFile(join(work, `back-${tls}.csv`), 'utf8'), goodCsv);
      assert.match(r.stderr, new RegExp(`SSL connection using TLSv${tls}`));
    });
  }

  it('a client that does not resume the TLS session is refused with 522 naming session reuse', async () => {
    const r = await curlFtps(explicit, New, ['--no-sessionid', '--list-only']);
    assert.notEqual(r.code, 0);
    const refusal = curlReplies(r.stderr).find((l) => l.startsWith('522'));
    assert.ok(refusal, r.stderr);
    assert.match(refusal, /session reuse/i);
  });

  it('a login before TLS is refused with 530 naming TLS (the password is never asked for)', async () => {
    const r = await runCommand('curl', ['-sS', '-v', '-u', 'classic:demo', ftpsUrl(explicit, '/')]);
    assert.notEqual(r.code, 0);
    const replies = curlReplies(r.stderr);
    const refusal = replies.find((l) => l.startsWith('530'));
    assert.ok(refusal, r.stderr);
    assert.match(refusal, /TLS is required/);
    assert.ok(!replies.some((l) => l.startsWith('331')), 'USER was not answered with 331');
  });

  it('a user of an SFTP-only platform gets 530 saying so; a wrong password gets 530', async () => {
    const space = await curlFtps({ ...explicit, user: 'space' }, '/', ['--list-only']);
    assert.match(curlReplies(space.stderr).find((l) => l.startsWith('530')) ?? '', /SFTP-only/);
    const wrong = await curlFtps({ ...explicit, password: 'nope' }, '/', ['--list-only']);
    assert.match(
      curlReplies(wrong.stderr).find((l) => l.startsWith('530')) ?? '',
      /wrong username or password/,
    );
  });
});
