import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createRecordIndexer, type RecordStore } from '../../../../core/import/grid-records.ts';
import { createCsvScanner } from '../../../../core/csv/scanner.ts';

/** The records as the validator's scanner sees them (its fields, by row). */
function scannerRecords(text: string): string[][] {
  const out: string[][] = [];
  const s = createCsvScanner((f, n) => void out.push(f.slice(0, n)), {
    maxFieldBytes: 1 << 20,
    maxRowBytes: 1 << 22,
  });
  s.write(text);
  s.end();
  return out;
}

function build(pieces: readonly string[], chunkChars?: number): RecordStore {
  const indexer = createRecordIndexer(chunkChars);
  for (const p of pieces) indexer.push(p);
  const store = indexer.end();
  assert.ok(store);
  return store;
}

const texts = (store: RecordStore) => Array.from({ length: store.count }, (_, r) => store.text(r));

const tricky =
  'Company,Notes,Email\r\n' +
  'Plain,one,a@b.example\r\n' +
  '"Quoted, comma","two\r\nlines",b@c.example\n' +
  'Mid"quote,5" screen,c@d.example\r' +
  '"Doubled ""q""",x,\r\n' +
  '\r\n' +
  '"closed"tail,y,z\n' +
  'last,no,break';

describe('the grid’s record store', () => {
  it('cuts records where the validator’s scanner does, however the text arrives', () => {
    const whole = texts(build([tricky]));
    assert.equal(whole.join(''), tricky);
    assert.deepEqual(
      whole.map((t) => scannerRecords(t)[0]),
      scannerRecords(tricky),
      'each stored record reads as the scanner read it',
    );
    // one character at a time, and every split in two, with tiny chunks
    assert.deepEqual(texts(build([...tricky], 8)), whole);
    for (let at = 1; at < tricky.length; at++) {
      assert.deepEqual(texts(build([tricky.slice(0, at), tricky.slice(at)], 16)), whole, `${at}`);
    }
  });

  it('knows the header as soon as it is complete', () => {
    const indexer = createRecordIndexer();
    indexer.push('A,"B\nC"\r');
    indexer.push('\nx,y\n');
    assert.equal(indexer.header(), 'A,"B\nC"\r\n');
  });

  it('writes an edited record into its chunk only, keeping the others', () => {
    const store = build([tricky], 10);
    const before = texts(store);
    store.set(3, 'New,"a,b",n@n.example\r\n');
    store.setMany(
      new Map([
        [1, 'One\r\n'],
        [7, 'Seven\r\n'],
      ]),
    );
    const after = before.slice();
    after[3] = 'New,"a,b",n@n.example\r\n';
    after[1] = 'One\r\n';
    after[7] = 'Seven\r\n';
    assert.deepEqual(texts(store), after);
    let joined = '';
    store.forEachChunk((text) => (joined += text));
    assert.equal(joined, after.join(''));
  });

  it('refuses a quote left open at the end', () => {
    const indexer = createRecordIndexer();
    indexer.push('A,B\n"open,');
    assert.equal(indexer.end(), null);
  });
});
