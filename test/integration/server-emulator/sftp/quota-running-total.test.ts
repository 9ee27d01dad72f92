/**
 * The workspace byte quota keeps a running total (issue 14): an upload-heavy session walks the
 * workspace once, not at every open, and the quota stays exact at the limit — after uploads over
 * OpenSSH's sftp and FTPS (curl), a removal, a file removed on disk behind the emulator's back,
 * and a processing cycle that moved the files and wrote reports. Walks are counted through an
 * injected file-system capability (vfs/disk-usage.ts), not by timing.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';
import { startEmulator, type RunningEmulator } from '../../../../server-emulator/emulator.ts';
import {
  createDiskUsage,
  nodeUsageFs,
  type UsageFs,
} from '../../../../server-emulator/vfs/disk-usage.ts';
import { curlFtps, curlReplies } from '../../../helpers/ftps-peers.ts';
import { runSftpBatch } from '../../../helpers/openssh.ts';

const New = '/Leads/Import/New';
const files = 200;
const fileBytes = 1000;
// Room for the 200 files and 500 bytes more; the Templates/ the emulator writes count too.
let quotaBytes = 0;

/** Bytes of the regular files under `dir` (what the quota must equal), by a walk of our own. */
async function du(dir: string): Promise<number> {
  let n = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += await du(p);
    else if (e.isFile()) n += (await stat(p)).size;
  }
  return n;
}

describe('the byte quota as a running total', { timeout: 180_000 }, () => {
  let emu: RunningEmulator;
  let dataDir: string;
  let work: string;
  let root: string;
  const walks = new Map<string, number>();
  const walksOf = () => walks.get(root) ?? 0;
  const sftp = (commands: string[]) =>
    runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'heavy',
      password: 'heavy-pw',
      commands,
      cwd: work,
    });
  const put = async (name: string, bytes: number) => {
    await writeFile(join(work, name), Buffer.alloc(bytes, 'q'));
    return sftp([`put ${name} ${New}/${name}`]);
  };

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sia-quota-total-'));
    work = await mkdtemp(join(tmpdir(), 'sia-quota-total-work-'));
    const counting: UsageFs = {
      ...nodeUsageFs,
      walk(r) {
        walks.set(r, (walks.get(r) ?? 0) + 1);
        return nodeUsageFs.walk(r);
      },
    };
    const workspace = (limits: { quotaBytes: number }) => ({
      name: 'heavy',
      profile: 'classic' as const,
      users: [{ username: 'heavy', password: 'heavy-pw', publicKeys: [] }],
      schemas: [leadSchema],
      exportSchedule: 'none' as const,
      pullSources: [],
      limits,
    });
    // First start only to learn the bytes of the templates the emulator writes.
    const probe = await startEmulator({ dataDir, workspaces: [workspace({ quotaBytes: 1e9 })] });
    const templates = await du(probe.workspaces[0]?.root ?? '');
    await probe.close();
    quotaBytes = templates + files * fileBytes + 500;
    emu = await startEmulator({
      dataDir,
      workspaces: [workspace({ quotaBytes })],
      intervalMs: 60 * 60_000,
      ftps: { explicitPort: 0 },
      diskUsage: createDiskUsage(counting),
    });
    root = emu.workspaces[0]?.root ?? '';
    const names: string[] = [];
    for (let i = 0; i < files; i++) {
      const name = `lead-${String(i).padStart(3, '0')}.csv`;
      await writeFile(join(work, name), Buffer.alloc(fileBytes, 'x'));
      names.push(name);
    }
  });
  after(async () => {
    await emu.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it(`${files} uploads in one OpenSSH session walk the workspace once`, async () => {
    const commands = Array.from(
      { length: files },
      (_, i) => `put lead-${String(i).padStart(3, '0')}.csv ${New}/`,
    );
    const r = await sftp(commands);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((await readdir(join(root, 'Leads', 'Import', 'New'))).length, files);
    assert.equal(walksOf(), 1, 'one walk for all the opens');
  });

  it('stays exact at the limit: a file that fills it is kept, one byte more is refused', async () => {
    assert.equal(quotaBytes - (await du(root)), 500);
    const fill = await put('fill.csv', 500);
    assert.equal(fill.code, 0, fill.stderr);
    const over = await put('over.csv', 1);
    assert.notEqual(over.code, 0);
    // Refused at OPEN (the quota is full): OpenSSH prints only "Failure" for a refused OPEN.
    assert.match(over.stderr, /over\.csv.*Failure/);
    // Over FTPS, the same total: refused with 552.
    await writeFile(join(work, 'one.csv'), 'x');
    const ftps = await curlFtps(
      { port: emu.ftps?.explicitPort ?? 0, implicit: false, user: 'heavy', password: 'heavy-pw' },
      `${New}/`,
      ['-T', join(work, 'one.csv')],
    );
    assert.ok(
      curlReplies(ftps.stderr).some((l) => /^552 .*storage quota/.test(l)),
      ftps.stderr,
    );
    assert.equal(walksOf(), 1);
  });

  it('a removal over SFTP frees its bytes at once, without a walk', async () => {
    const rmr = await sftp([`rm ${New}/lead-000.csv`]);
    assert.equal(rmr.code, 0, rmr.stderr);
    const again = await put('again.csv', fileBytes);
    assert.equal(again.code, 0, again.stderr);
    assert.notEqual((await put('over.csv', 1)).code, 0);
    assert.equal(walksOf(), 1);
  });

  it('a file removed on disk behind its back is noticed (its folder changed): one walk, exact', async () => {
    await rm(join(root, 'Leads', 'Import', 'New', 'lead-001.csv'));
    const r = await put('back.csv', fileBytes);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(walksOf(), 2);
    assert.notEqual((await put('over.csv', 1)).code, 0);
    assert.equal(walksOf(), 2);
  });

  it('after a processing cycle (files moved, reports written) the total is rebuilt and exact', async () => {
    const report = await emu.processNow();
    assert.ok(report && report.files.length > 0);
    const free = quotaBytes - (await du(root));
    assert.ok(free < 0, `the reports took the workspace past its quota (${free})`);
    assert.notEqual((await put('over.csv', 1)).code, 0);
    assert.equal(walksOf(), 3, 'rebuilt once after the cycle');
    // Failed/ emptied on disk (an administrator tidying up): noticed, and exact again.
    const failed = join(root, 'Leads', 'Import', 'Failed');
    for (const n of await readdir(failed)) await rm(join(failed, n));
    const room = quotaBytes - (await du(root));
    assert.ok(room > 1, `room ${room}`);
    const exact = await put('exact.csv', room);
    assert.equal(exact.code, 0, exact.stderr);
    assert.notEqual((await put('over.csv', 1)).code, 0);
    assert.equal(walksOf(), 4);
  });
});
