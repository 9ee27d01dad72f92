import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeAsciiDecoding } from '../../../engine/ascii-decoding.ts';
import { readFileChunks } from '../../../cli/validate-command.ts';
import { createUtf8Decoder } from '../../../core/csv/decode.ts';
import { accountSchema } from '../../../core/schema/demo-schemas.ts';
import { enc, validate } from '../core/csv/validate-helpers.ts';

/** Decodes `bytes` in pieces of `size` with and without the ASCII fast path. */
function decodeBoth(bytes: Uint8Array, size: number): [string, string] {
  const out: string[] = [];
  for (const ascii of [undefined, nodeAsciiDecoding]) {
    const d = createUtf8Decoder(() => 1, ascii);
    let text = '';
    for (let at = 0; at < bytes.length; at += size) {
      const r = d.push(bytes.subarray(at, at + size));
      assert.equal(typeof r, 'string');
      text += r as string;
    }
    const r = d.end();
    assert.equal(typeof r, 'string');
    out.push(text + (r as string));
  }
  return out as [string, string];
}

describe('the ASCII fast path of the UTF-8 decoder (core/csv/decode.ts)', () => {
  it('gives the same text as TextDecoder: ASCII, a BOM, later non-ASCII, a U+FEFF mid-file', () => {
    const cases = [
      'Name,City\r\nAcme,Paris\r\n',
      '\ufeffName,City\r\nAcme,Paris\r\n',
      'Name,City\r\n' + 'Acme,Paris\r\n'.repeat(50) + 'Café,Zürich\r\n',
      'Name\r\n' + 'a\r\n'.repeat(20) + '\ufeffb\r\n',
      '\ufeff' + 'x'.repeat(40) + '😀' + 'y'.repeat(40),
      '\ufeff\ufeffName\r\nb\r\n',
      '\ufeffCafé\r\n',
    ];
    for (const text of cases) {
      const bytes = enc.encode(text);
      for (const size of [1, 2, 3, 4, 7, 16, 1 << 20]) {
        const [plain, fast] = decodeBoth(bytes, size);
        assert.equal(fast, plain, `${JSON.stringify(text.slice(0, 20))} in ${size}-byte pieces`);
        assert.equal(fast, text.replace(/^\ufeff/, ''), 'only a leading BOM is dropped');
      }
    }
  });

  it('still refuses bytes that are not UTF-8 after ASCII chunks', () => {
    const bytes = new Uint8Array([
      ...enc.encode('Name\r\nabc\r\n'),
      0x43,
      0x61,
      0x66,
      0xe9,
      13,
      10,
    ]);
    const d = createUtf8Decoder(() => 3, nodeAsciiDecoding);
    assert.equal(d.push(bytes.subarray(0, 11)), 'Name\r\nabc\r\n');
    const r = d.push(bytes.subarray(11));
    assert.equal(typeof r, 'object');
    assert.match((r as { message: string }).message, /not UTF-8/);
  });

  it('validates a file to the same summary and packages with and without it', () => {
    let text = accountSchema.fields.map((f) => f.name).join(',') + '\r\n';
    for (let i = 1; i <= 300; i++) {
      text += `Acme ${i},${i % 7 === 0 ? 'Mining' : 'Retail'},${i},"$1,${String(i).padStart(3, '0')}.50",https://a${i}.com,"${i} Main St, Suite 1",Paris,,75001,FR,${(i % 180) - 90}.5,${i % 3 === 0 ? 'x' : '2.35'},A${i % 150},P${i}\r\n`;
    }
    text += 'Zoë,Retail,1,1,https://z.com,,,,,,1,1,Z1,\r\n';
    const bytes = enc.encode(text);
    for (const size of [5, 64, 4096]) {
      const plain = validate(accountSchema, bytes, {}, size);
      const fast = validate(accountSchema, bytes, { ascii: nodeAsciiDecoding }, size);
      assert.deepEqual(fast, plain, `pieces of ${size}`);
      assert.ok(plain.summary.rowsInvalid > 0 && plain.summary.rowsTotal === 301);
    }
  });
});

describe('readFileChunks (cli/validate-command.ts)', () => {
  it('hands over every byte in order while reading ahead, and stops early when asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sia-chunks-'));
    try {
      const path = join(dir, 'f.bin');
      const data = new Uint8Array(10_000).map((_, i) => (i * 31) % 251);
      writeFileSync(path, data);
      for (const size of [1, 999, 4096, 10_000, 65_536]) {
        const got: number[] = [];
        await readFileChunks(path, (b) => void got.push(...b), size);
        assert.deepEqual(Uint8Array.from(got), data, `chunks of ${size}`);
      }
      let calls = 0;
      await readFileChunks(path, () => ++calls < 2, 1000);
      assert.equal(calls, 2, 'stops after the callback says false');
      await assert.rejects(
        readFileChunks(
          path,
          () => {
            throw new Error('boom');
          },
          1000,
        ),
        /boom/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
