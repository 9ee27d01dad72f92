import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync, strToU8, zipSync } from 'fflate';
import { detectFormat, isUtf8 } from '../../../../core/import/detect-format.ts';
import { detectDelimiter, delimiterInWords } from '../../../../core/import/detect-delimiter.ts';
import {
  createWindows1252Decoder,
  encodeWindows1252,
  windows1252High,
} from '../../../../core/import/windows-1252.ts';
import { createChunkDecoder } from '../../../../core/import/text-decoder.ts';
import { inspectHead } from '../../../../core/import/inspect.ts';

const utf16le = (s: string): Uint8Array => new Uint8Array(Buffer.from('\uFEFF' + s, 'utf16le'));
const utf16be = (s: string): Uint8Array => {
  const le = utf16le(s);
  const be = new Uint8Array(le.length);
  for (let i = 0; i + 1 < le.length; i += 2) {
    be[i] = le[i + 1]!;
    be[i + 1] = le[i]!;
  }
  return be;
};

describe('Windows-1252', () => {
  it('maps 0x80-0x9F by the Windows table (not Latin-1) and the rest one to one', () => {
    const d = createWindows1252Decoder();
    assert.equal(d(new Uint8Array([0x80, 0x8a, 0x93, 0x94, 0x99, 0x9f])), '€Š“”™Ÿ');
    assert.equal(d(new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0xa0, 0xff])), 'Caf\u00e9\u00a0ÿ');
    // unassigned bytes stay themselves, as WHATWG says
    assert.equal(
      d(new Uint8Array([0x81, 0x8d, 0x8f, 0x90, 0x9d])),
      '\u0081\u008d\u008f\u0090\u009d',
    );
  });
  it('round-trips every byte', () => {
    const all = new Uint8Array(256).map((_, i) => i);
    const text = createWindows1252Decoder()(all);
    assert.equal(text.length, 256);
    assert.deepEqual(encodeWindows1252(text), all);
    assert.equal(windows1252High.length, 32);
  });
});

describe('detectFormat', () => {
  it('reads the encoding from a BOM or from whether the bytes are UTF-8', () => {
    assert.deepEqual(detectFormat(strToU8('a,b\n1,2\n')), { format: 'csv', encoding: 'utf-8' });
    assert.deepEqual(detectFormat(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])), {
      format: 'csv',
      encoding: 'utf-8-bom',
    });
    assert.deepEqual(detectFormat(utf16le('a;b\n')), { format: 'csv', encoding: 'utf-16le' });
    assert.deepEqual(detectFormat(utf16be('a;b\n')), { format: 'csv', encoding: 'utf-16be' });
    assert.deepEqual(detectFormat(encodeWindows1252('Café;€\n')), {
      format: 'csv',
      encoding: 'windows-1252',
    });
    assert.deepEqual(detectFormat(strToU8('Café;€\n')), { format: 'csv', encoding: 'utf-8' });
  });
  it('treats a character cut at the end of the first chunk as UTF-8, unless the chunk is the whole file', () => {
    const cut = strToU8('name\nCaf\u00e9').subarray(0, 9); // é's first byte only
    assert.deepEqual(detectFormat(cut), { format: 'csv', encoding: 'utf-8' });
    assert.deepEqual(detectFormat(cut, true), { format: 'csv', encoding: 'windows-1252' });
    assert.equal(isUtf8(cut, false), true);
  });
  it('names workbooks, archives and documents saved under a .csv name', () => {
    assert.deepEqual(detectFormat(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') })), {
      format: 'xlsx',
    });
    assert.deepEqual(detectFormat(zipSync({ 'leads.csv': strToU8('a,b') })), { format: 'zip' });
    assert.deepEqual(detectFormat(gzipSync(strToU8('a,b'))), { format: 'gzip' });
    assert.deepEqual(
      detectFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])),
      { format: 'xls' },
    );
    assert.deepEqual(detectFormat(strToU8('%PDF-1.7')), { format: 'pdf' });
  });
});

describe('detectDelimiter', () => {
  it('picks the separator that splits every line alike', () => {
    assert.equal(detectDelimiter('a,b,c\n1,2,3\n4,5,6\n').delimiter, ',');
    assert.equal(detectDelimiter('a;b;c\n1;2,5;3\n4;5;6\n').delimiter, ';');
    assert.equal(detectDelimiter('a\tb\n1\t2\n').delimiter, '\t');
    assert.equal(detectDelimiter('a|b|c\n1|2|3\n').delimiter, '|');
  });
  it('respects quotes: separators inside quoted values do not count', () => {
    const s = 'Name;Notes\n"Smith, John";"a, b, c"\n"Doe, Jane";"x, y"\n';
    assert.deepEqual(detectDelimiter(s), { delimiter: ';', columns: 2, sure: true });
    const c = 'Name,Notes\n"a;b;c",x\n"d;e;f",y\n';
    assert.equal(detectDelimiter(c).delimiter, ',');
  });
  it('ignores a last line cut short and blank lines', () => {
    assert.equal(detectDelimiter('a;b;c\n1;2;3\n\n4;5;6\n7;8').delimiter, ';');
  });
  it('falls back to comma, unsure, when nothing splits the lines', () => {
    assert.deepEqual(detectDelimiter('Company\nAcme\n'), {
      delimiter: ',',
      columns: 1,
      sure: false,
    });
  });
  it('says the separator in words', () => {
    assert.equal(delimiterInWords(';'), 'semicolons');
    assert.equal(delimiterInWords('\t'), 'tabs');
  });
});

describe('createChunkDecoder', () => {
  it('decodes UTF-8 split anywhere, and UTF-16 with its BOM dropped', () => {
    const bytes = strToU8('\uFEFFCafé €');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = createChunkDecoder('utf-8-bom');
      assert.equal(
        d.decode(bytes.subarray(0, cut)) + d.decode(bytes.subarray(cut)) + d.end(),
        'Café €',
      );
    }
    const d16 = createChunkDecoder('utf-16le');
    const b16 = utf16le('Zoë;1\n');
    assert.equal(
      d16.decode(b16.subarray(0, 3)) + d16.decode(b16.subarray(3)) + d16.end(),
      'Zoë;1\n',
    );
  });
  it('switches a file that began as ASCII to Windows-1252 when later bytes are not UTF-8', () => {
    const d = createChunkDecoder('utf-8');
    assert.equal(d.decode(strToU8('a;b\n')), 'a;b\n');
    assert.equal(d.decode(encodeWindows1252('Café;€\n')), 'Café;€\n');
    assert.equal(d.encoding, 'windows-1252');
  });
  it('throws when a file with UTF-8 text turns out not to be UTF-8', () => {
    const d = createChunkDecoder('utf-8');
    d.decode(strToU8('é\n'));
    assert.throws(() => d.decode(new Uint8Array([0xe9, 0x0a])));
  });
});

describe('inspectHead', () => {
  it('reports encoding, separator, header and preview rows', () => {
    const r = inspectHead(encodeWindows1252('Name;Ville\nZoë;Paris\n"A;B";Nice\n'), {
      whole: true,
    });
    assert.ok(r.ok && r.value.format === 'csv');
    assert.equal(r.value.encoding, 'windows-1252');
    assert.equal(r.value.delimiter, ';');
    assert.equal(r.value.delimiterDetected, true);
    assert.deepEqual(r.value.header, ['Name', 'Ville']);
    assert.deepEqual(r.value.preview, [
      ['Zoë', 'Paris'],
      ['A;B', 'Nice'],
    ]);
  });
  it('uses the separator given instead of the detected one', () => {
    const r = inspectHead(strToU8('a;b\n1;2\n'), { whole: true, delimiter: ',' });
    assert.ok(r.ok && r.value.format === 'csv');
    assert.equal(r.value.delimiterDetected, false);
    assert.deepEqual(r.value.header, ['a;b']);
  });
  it('says what to do with an old .xls or an archive', () => {
    const xls = inspectHead(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
    assert.ok(!xls.ok);
    assert.match(xls.message, /old Excel workbook.*save it as/);
    const gz = inspectHead(gzipSync(strToU8('a,b')));
    assert.ok(!gz.ok);
    assert.match(gz.message, /gzip.*Extract/);
  });
});
