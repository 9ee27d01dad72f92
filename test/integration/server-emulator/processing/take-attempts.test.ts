/**
 * A file in New/ that cannot be claimed (here: a name the rules refuse, left by an older server or
 * put there on disk) is tried maxAttempts times and then failed into Failed/ under a name that
 * fits, with `processing-failed` and the reason: never retried every cycle forever (issue 14).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { maxAttempts } from '../../../../server-emulator/processing/drops.ts';
import { csv, startHarness } from './harness.ts';
import { readResult } from './harness-results.ts';

const New = '/Leads/Import/New';
const Failed = '/Leads/Import/Failed';
const Success = '/Leads/Import/Success';
const header = ['Company', 'Address', 'City', 'ExternalLeadId'];

describe('a file that cannot be claimed', () => {
  it(`is failed into Failed/ after ${maxAttempts} attempts, with the reason, and stops being retried`, async () => {
    const h = await startHarness();
    try {
      const long = `${'L'.repeat(230)}.csv`;
      const control = 'bad\u0001name.csv';
      const body = csv(header, [['Co', '1 Main', 'X', 'N-1']]);
      await h.drop('classic', New, long, body);
      await h.drop('classic', New, control, body);
      await h.drop('classic', New, 'good.csv', csv(header, [['Co', '1 Main', 'X', 'G-1']]));
      for (let i = 1; i < maxAttempts; i++) {
        const r = await h.processor.runCycle();
        assert.deepEqual(r.problems, [], `cycle ${i}`);
        assert.deepEqual(
          r.files.map((f) => [f.file, f.status]),
          i === 1 ? [['good.csv', 'success']] : [],
        );
        assert.deepEqual(await h.list('classic', New), [control, long].sort());
      }
      const last = await h.processor.runCycle();
      assert.deepEqual(last.problems, []);
      assert.deepEqual(
        last.files.map((f) => f.status),
        ['failed', 'failed'],
      );
      assert.deepEqual(await h.list('classic', New), []);
      const failed = await h.list('classic', Failed);
      const fittedLong = failed.find((n) => n.startsWith('LLL') && n.endsWith('….csv'));
      assert.ok(fittedLong, failed.join(', '));
      assert.ok(Buffer.byteLength(fittedLong) <= 200);
      assert.ok(failed.includes('bad_name.csv'), failed.join(', '));
      for (const [file, reason] of [
        [fittedLong, /the name is too long \(at most 200 bytes\)/],
        ['bad_name.csv', /control characters/],
      ] as const) {
        const res = await readResult(h, 'classic', `${Failed}/${file}.result.json`);
        assert.equal(res.status, 'failed');
        assert.equal(res.fileError?.code, 'processing-failed');
        assert.match(res.fileError?.message ?? '', new RegExp(`after ${maxAttempts} attempts`));
        assert.match(res.fileError?.message ?? '', reason);
      }
      assert.equal(h.count('Lead', 'classic'), 1, 'only good.csv was imported');
      assert.ok((await h.list('classic', Success)).includes('good.csv'));
      const after = await h.processor.runCycle();
      assert.deepEqual([after.files, after.problems], [[], []]);
    } finally {
      await h.close();
    }
  });
});
