/**
 * The worker's plain CSV check (renderer/workers/check-runner.ts, in-process): read chunk by
 * chunk through one reused buffer (blob-chunks.ts), it says exactly what the validator says of
 * the whole file at once, whatever the chunks cut (a character, a row, a quoted value).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';
import type { CheckResponse } from '../../../../renderer/workers/check-protocol.ts';
import { runCheckRequest } from '../../../../renderer/workers/check-runner.ts';

function leadFile(rows: number): Uint8Array<ArrayBuffer> {
  let text = 'Company,Email,Address,FirstName\r\n';
  for (let i = 1; i <= rows; i++) {
    const email = i % 997 === 0 ? `bad${i}@` : `c${i}@ok.example`;
    text += `"Café ""Noël"", ${i}",${email},"${i} Rue Ève\nÉtage 2",Zoë 😀 ${i}\r\n`;
  }
  return new TextEncoder().encode(text);
}

describe('the plain CSV check in the worker', () => {
  it('chunk by chunk through one buffer: the same summary as the whole file at once', async () => {
    const data = leadFile(30_000);
    // Parts of odd sizes cut characters (é is 2 bytes, 😀 4), rows and quoted values anywhere.
    const parts: Uint8Array[] = [];
    for (let at = 0, k = 0; at < data.length; k++) {
      const n = 1 + ((k * 7919) % 40_009);
      parts.push(data.subarray(at, at + n));
      at += n;
    }
    const out: CheckResponse[] = [];
    await runCheckRequest(
      { type: 'check-csv', file: new Blob(parts as BlobPart[]), schema: leadSchema, mode: 'full' },
      (m) => out.push(m),
    );
    const done = out.at(-1);
    assert.equal(done?.type, 'csv-done', done?.type === 'failed' ? done.message : '');

    const whole = createCsvValidator(leadSchema, { mode: 'full' });
    whole.push(data);
    const expected = whole.end();
    assert.ok(done?.type === 'csv-done');
    assert.deepEqual(done.summary, expected);
    assert.equal(expected.rowsTotal, 30_000);
    assert.equal(expected.rowsInvalid, 30);
    assert.ok(parts.length > 100);
  });
});
