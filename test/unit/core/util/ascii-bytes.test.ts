import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isAscii } from 'node:buffer';
import { isAsciiBytes, portableAsciiDecoding } from '../../../../core/util/ascii-bytes.ts';
import { isForbiddenControl } from '../../../../core/csv/control-characters.ts';
import { contactLike, validate } from '../csv/validate-helpers.ts';

describe('isAsciiBytes', () => {
  it('agrees with Node at every length, offset and position of a byte at or above 0x80', () => {
    const backing = new Uint8Array(5000 + 8);
    for (let i = 0; i < backing.length; i++) backing[i] = 0x20 + (i % 0x5f);
    for (const len of [0, 1, 3, 4, 5, 15, 16, 17, 63, 4096, 4097, 5000]) {
      for (let offset = 0; offset < 4; offset++) {
        const bytes = backing.subarray(offset, offset + len);
        assert.equal(isAsciiBytes(bytes), true, `clean, length ${len}, offset ${offset}`);
        const spots = new Set([0, 1, 2, 3, len >> 1, len - 4, len - 2, len - 1]);
        for (const at of spots) {
          if (at < 0 || at >= len) continue;
          for (const high of [0x80, 0xc3, 0xff]) {
            const keep = bytes[at]!;
            bytes[at] = high;
            assert.equal(isAsciiBytes(bytes), false, `0x${high.toString(16)} at ${at} of ${len}`);
            assert.equal(isAscii(bytes), false);
            bytes[at] = keep;
          }
        }
      }
    }
  });

  it('reads a byte in the last block of words as well as the first', () => {
    const bytes = new Uint8Array(4 * 1024 * 3 + 4).fill(0x41);
    bytes[bytes.length - 5] = 0x80;
    assert.equal(isAsciiBytes(bytes), false);
  });
});

describe('portableAsciiDecoding', () => {
  it('gives the same text as Latin-1 for every ASCII byte, control characters included', () => {
    const bytes = Uint8Array.from({ length: 128 }, (_, i) => i);
    const d = portableAsciiDecoding();
    assert.equal(d.isAscii(bytes), true);
    assert.equal(d.decode(bytes), Buffer.from(bytes).toString('latin1'));
  });
});

describe('the validator with the portable ASCII shortcut (the browser check worker)', () => {
  it('names every forbidden control character by row and column, at any chunk size', () => {
    const d = portableAsciiDecoding();
    for (let c = 0; c <= 0xa0; c++) {
      const ch = String.fromCharCode(c);
      const text = `FirstName,LastName\nA,B\n"C${ch}x",D\nE,F\n`;
      for (const chunk of [1, 5, 1 << 20]) {
        const { summary } = validate(contactLike, text, { ascii: d }, chunk);
        const what = `U+${c.toString(16)} chunk=${chunk}`;
        if (!isForbiddenControl(c)) {
          assert.equal(summary.problemCount, 0, what);
          continue;
        }
        assert.deepEqual(
          summary.errors.map((e) => [e.row, e.column, e.code]),
          [[3, 'FirstName', 'control-character']],
          what,
        );
      }
    }
  });
});
