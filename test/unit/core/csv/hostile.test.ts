import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import type { CsvValidationSummary } from '../../../../core/csv/types.ts';
import { contactLike, enc } from './validate-helpers.ts';

/** Pushes `head`, then `total` bytes of `fill` in 1 MiB chunks; returns the summary and the RSS growth. */
function pushMany(
  head: string,
  fill: string,
  total: number,
): { summary: CsvValidationSummary; rssDeltaMb: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const v = createCsvValidator(contactLike);
  v.push(enc.encode(head));
  const chunk = enc.encode(fill.repeat(Math.ceil((1 << 20) / fill.length)).slice(0, 1 << 20));
  for (let sent = 0; sent < total; sent += chunk.length) {
    v.push(chunk);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const summary = v.end();
  peak = Math.max(peak, process.memoryUsage().rss);
  return { summary, rssDeltaMb: (peak - before) / (1 << 20) };
}

describe('CSV validator: hostile files', () => {
  it('fails a 50 MB quoted field with its row number, in bounded memory', () => {
    const { summary, rssDeltaMb } = pushMany('FirstName,LastName\nA,B\nC,"', 'x', 50 * 1000 * 1000);
    assert.equal(summary.fileError?.code, 'field-too-large');
    assert.match(summary.fileError.message, /^Row 3 /);
    assert.ok(rssDeltaMb < 200, `rss grew by ${rssDeltaMb.toFixed(0)} MB`);
  });

  it('fails a 50 MB unquoted field with its row number, in bounded memory', () => {
    const { summary, rssDeltaMb } = pushMany('FirstName,LastName\n', 'y', 50 * 1000 * 1000);
    assert.equal(summary.fileError?.code, 'field-too-large');
    assert.match(summary.fileError.message, /^Row 2 /);
    assert.ok(rssDeltaMb < 200, `rss grew by ${rssDeltaMb.toFixed(0)} MB`);
  });

  it('fails a file with no line break at all as a row that is too large', () => {
    const { summary, rssDeltaMb } = pushMany('', 'ab,', 50 * 1000 * 1000);
    assert.equal(summary.fileError?.code, 'row-too-large');
    assert.match(summary.fileError.message, /^Row 1 /);
    assert.ok(rssDeltaMb < 200, `rss grew by ${rssDeltaMb.toFixed(0)} MB`);
  });

  it('keeps a formula-looking value as data and reports it verbatim', () => {
    const v = createCsvValidator(contactLike);
    v.push(enc.encode('FirstName,LastName,Email\n=HYPERLINK("http://x"),@SUM(A1),=1+2\n'));
    const s = v.end();
    assert.equal(s.errors[0]!.value, '=1+2');
    assert.equal(s.errors[0]!.code, 'not-an-email');
  });

  it('shows direction characters escaped inside messages', () => {
    const v = createCsvValidator(contactLike);
    v.push(enc.encode('FirstName,LastName,Email\nA,B,"x\u202Eevil"\n'));
    const s = v.end();
    assert.match(s.errors[0]!.message, /x\\u202eevil/);
    assert.ok(!s.errors[0]!.message.includes('\u202e'));
  });

  it('reports a control character without carrying it in the message or the value', () => {
    const v = createCsvValidator(contactLike);
    v.push(enc.encode('FirstName,LastName,Email\nA,B,"x\u202Eevil\u0007"\n'));
    const s = v.end();
    assert.equal(s.errors[0]!.code, 'control-character');
    assert.match(s.errors[0]!.message, /\(BEL\) at position 7/);
    assert.ok(!s.errors[0]!.message.includes('\u0007') && !s.errors[0]!.value.includes('\u0007'));
  });

  it('clips a huge value in a problem to 1,000 characters', () => {
    const v = createCsvValidator(contactLike);
    v.push(enc.encode(`FirstName,LastName\n${'z'.repeat(5000)},B\n`));
    const s = v.end();
    assert.equal(s.errors[0]!.code, 'too-long');
    assert.equal(s.errors[0]!.value.length, 1001);
    assert.ok(s.errors[0]!.message.length < 300);
  });
});
