import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import type { RowPackage } from '../../../../core/csv/types.ts';
import { contactLike, enc, validate } from './validate-helpers.ts';

/** A file of `n` data rows; row i has FirstName `F<i>`; optionally a quoted line break in one row. */
function makeFile(n: number, eol: string, quotedBreakAtRow?: number): string {
  const lines = ['FirstName,LastName,Email'];
  for (let i = 1; i <= n; i++) {
    const row = i + 1;
    const last = row === quotedBreakAtRow ? `"two${eol}lines"` : `L${i}`;
    lines.push(`F${i},${last},f${i}@example.com`);
  }
  return lines.join(eol) + eol;
}

function digest(packages: RowPackage[]): { rows: number; hash: string; numbers: number[] } {
  const h = createHash('sha256');
  const numbers: number[] = [];
  let rows = 0;
  for (const p of packages) {
    for (const r of p.rows) {
      rows++;
      numbers.push(r.row);
      h.update(`${r.row}|${r.values.FirstName}|${r.values.LastName}|${r.values.Email}\n`);
    }
  }
  return { rows, hash: h.digest('hex'), numbers };
}

function expectedDigest(n: number, eol: string, quotedBreakAtRow?: number): string {
  const h = createHash('sha256');
  for (let i = 1; i <= n; i++) {
    const row = i + 1;
    const last = row === quotedBreakAtRow ? `two${eol}lines` : `L${i}`;
    h.update(`${row}|F${i}|${last}|f${i}@example.com\n`);
  }
  return h.digest('hex');
}

describe('CSV validator: packages of 10,000 rows (contract §5.3)', () => {
  for (const n of [9_999, 10_000, 10_001, 20_000, 25_001]) {
    for (const eol of ['\r\n', '\n']) {
      it(`splits ${n.toLocaleString('en-US')} rows with ${JSON.stringify(eol)} line ends into ceil(n/10,000) packages, losing and repeating nothing`, () => {
        const { summary, packages } = validate(contactLike, makeFile(n, eol), {}, 65_521);
        const want = Math.ceil(n / 10_000);
        assert.equal(summary.packages, want);
        assert.equal(packages.length, want);
        assert.deepEqual(
          packages.map((p) => p.index),
          [...Array(want).keys()],
        );
        for (const p of packages.slice(0, -1)) assert.equal(p.rows.length, 10_000);
        assert.equal(packages.at(-1)!.rows.length, n - (want - 1) * 10_000);
        const d = digest(packages);
        assert.equal(d.rows, n);
        assert.equal(summary.rowsTotal, n);
        assert.equal(d.hash, expectedDigest(n, eol));
      });
    }
  }

  it('keeps a record with a quoted line break at the package boundary in one row and one package', () => {
    for (const eol of ['\r\n', '\n']) {
      // data row 10,000 is spreadsheet row 10,001: the last row of package 0
      for (const at of [10_001, 10_002]) {
        const { summary, packages } = validate(contactLike, makeFile(10_001, eol, at), {}, 4096);
        assert.equal(summary.valid, true);
        assert.equal(packages.length, 2);
        assert.equal(packages[0]!.rows.length, 10_000);
        assert.equal(packages[1]!.rows.length, 1);
        const d = digest(packages);
        assert.equal(d.hash, expectedDigest(10_001, eol, at));
        assert.equal(d.numbers.at(-1), 10_002);
      }
    }
  });

  it('delivers packages synchronously, in order, during push', () => {
    const seen: number[] = [];
    const v = createCsvValidator(contactLike, {
      packageSize: 2,
      onPackage: (p) => seen.push(p.index),
    });
    v.push(enc.encode('FirstName,LastName\nA,B\nC,D\nE,F\n'));
    assert.deepEqual(seen, [0]);
    const s = v.end();
    assert.deepEqual(seen, [0, 1]);
    assert.equal(s.packages, 2);
  });

  it('counts packages without keeping rows when no onPackage is given', () => {
    const v = createCsvValidator(contactLike);
    v.push(enc.encode(makeFile(25_001, '\n')));
    const s = v.end();
    assert.equal(s.packages, 3);
    assert.equal(s.rowsTotal, 25_001);
  });
});

describe('CSV validator: chunk boundaries', () => {
  /** Small deterministic PRNG. */
  function rng(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a * 1103515245 + 12345) & 0x7fffffff;
      return a / 0x7fffffff;
    };
  }

  const tricky =
    '\uFEFFFirstName,LastName,Email,Birthday\r\n' +
    '"Zoë ""Z""",Ünal,z@x.com,02/29/2024\r\n' +
    '"line\r\nbreak","a,b",bad@,2023-02-29\n' +
    'Ann,"",,\r' +
    '😀,Lee,"q@x.com"\r\n' +
    '\r\n' +
    '"x"y,"end""",,1/2/2000';

  it('gives the same result whatever the chunk sizes, 1-byte chunks included', () => {
    const reference = validate(contactLike, tricky);
    const ref = JSON.stringify([reference.summary, reference.packages]);
    assert.equal(reference.summary.rowsTotal, 5);
    for (const size of [1, 2, 3, 5, 7, 13]) {
      const r = validate(contactLike, tricky, {}, size);
      assert.equal(JSON.stringify([r.summary, r.packages]), ref, `chunk size ${size}`);
    }
    const random = rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const r = validate(contactLike, tricky, {}, () => 1 + Math.floor(random() * 12));
      assert.equal(JSON.stringify([r.summary, r.packages]), ref, `random trial ${trial}`);
    }
  });

  it('finds the same problems in a larger generated file whatever the chunk sizes', () => {
    const random = rng(3);
    const lines = ['FirstName,LastName,Email,Subscribed'];
    for (let i = 0; i < 2000; i++) {
      const q = random() < 0.2;
      lines.push(
        `${q ? `"F,${i}\r\n"` : `F${i}`},L${i},${random() < 0.05 ? 'nope' : `e${i}@x.io`},${random() < 0.05 ? 'maybe' : 'yes'}`,
      );
    }
    const text = lines.join(random() < 0.5 ? '\r\n' : '\n');
    const ref = JSON.stringify(validate(contactLike, text).summary);
    for (const size of [1, 31, 4096]) {
      assert.equal(JSON.stringify(validate(contactLike, text, {}, size).summary), ref);
    }
    const r2 = rng(11);
    assert.equal(
      JSON.stringify(validate(contactLike, text, {}, () => 1 + Math.floor(r2() * 300)).summary),
      ref,
    );
  });
});

describe('column-oriented packages (onColumnPackage)', () => {
  /** Row packages rebuilt from column packages, copied during each call (the arrays are reused). */
  function viaColumns(
    text: string,
    packageSize: number,
  ): { summary: unknown; packages: RowPackage[] } {
    const packages: RowPackage[] = [];
    const v = createCsvValidator(contactLike, {
      externalIdColumn: 'ExternalDataObjectId',
      packageSize,
      onColumnPackage: (p) => {
        const rows = [];
        for (let k = 0; k < p.count; k++) {
          const values: Record<string, string> = {};
          p.columns.forEach((c, i) => (values[c] = p.values[k * p.columns.length + i]!));
          rows.push({ row: p.rows[k]!, values, problems: p.problems[k] ?? [] });
        }
        packages.push({ index: p.index, rows });
      },
    });
    v.push(enc.encode(text));
    return { summary: v.end(), packages };
  }

  it('delivers the same rows, values and problems as row packages, in the same packages', () => {
    let seed = 5;
    const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const lines = ['Extra,FirstName,LastName,Email,Subscribed,ExternalDataObjectId'];
    for (let i = 0; i < 257; i++) {
      const kind = Math.floor(random() * 8);
      if (kind === 0) {
        lines.push(`x,F${i},L${i}`);
      } // ragged: too few cells
      else if (kind === 1) {
        lines.push(',,,,,');
      } // blank: skipped
      else if (kind === 2) {
        lines.push(`x, F${i} ,,nope,maybe,id${i - 1}`);
      } // required, bad values, maybe a duplicate id
      else lines.push(`x,"F,${i}",L${i},e${i}@x.io,YES,  id${i}  `);
    }
    const text = lines.join('\r\n');
    for (const size of [1, 7, 10_000]) {
      const byRows = validate(contactLike, text, {
        externalIdColumn: 'ExternalDataObjectId',
        packageSize: size,
      });
      const byColumns = viaColumns(text, size);
      assert.deepEqual(byColumns.packages, byRows.packages, `package size ${size}`);
      assert.deepEqual(byColumns.summary, byRows.summary, `package size ${size}`);
    }
  });
});

describe('rowsSoFar (progress without packages)', () => {
  it('counts the data rows read so far, chunk by chunk, with no package callback', () => {
    const v = createCsvValidator(contactLike);
    const text = makeFile(25, '\r\n');
    const bytes = enc.encode(text);
    const cut = text.indexOf('\r\n', Math.floor(text.length / 2)) + 2;
    assert.equal(v.rowsSoFar, 0);
    v.push(bytes.subarray(0, cut));
    const half = v.rowsSoFar;
    assert.ok(half > 0 && half < 25, `after half the file: ${half}`);
    v.push(bytes.subarray(cut));
    const summary = v.end();
    assert.equal(v.rowsSoFar, 25);
    assert.equal(summary.rowsTotal, 25);
  });
});

describe('column packages keep cells as spans of the text (value(i))', () => {
  const schema = {
    object: 'Account',
    fields: [
      { name: 'Name', type: 'text' as const, required: true },
      { name: 'Revenue', type: 'currency' as const },
      { name: 'Active', type: 'boolean' as const },
      { name: 'Note', type: 'text' as const },
    ],
  };
  // quoted with "" (a string of its own), a normal form (currency, boolean), trimmed spaces,
  // a ragged row (its cells kept unchecked) with an empty cell, a control character, non-ASCII text and a blank line
  const text = [
    'Name,Revenue,Active,Note',
    '  Acme  ,"$1,234.50",YES,"say ""hi"""',
    'Bolt,12.5,no,plain',
    'Cog,,1',
    '',
    'Dyn\u0007amo,(7.00),false,"a,b"',
    'Émile,3,true,naïve  ',
  ].join('\r\n');
  const expected = [
    ['Acme', '1234.50', 'true', 'say "hi"'],
    ['Bolt', '12.5', 'false', 'plain'],
    ['Cog', '', '1', ''], // ragged: kept as written (trimmed), not checked
    ['Dyn\u0007amo', '-7.00', 'false', 'a,b'],
    ['Émile', '3', 'true', 'naïve'],
  ];

  function cells(
    chunk: number,
    packageSize: number,
  ): { byValue: string[][]; byValues: string[][] } {
    const byValue: string[][] = [];
    const byValues: string[][] = [];
    const v = createCsvValidator(schema, {
      packageSize,
      onColumnPackage: (p) => {
        const w = p.columns.length;
        for (let k = 0; k < p.count; k++) {
          byValue.push(p.columns.map((_, c) => p.value(k * w + c)));
          byValues.push(p.columns.map((_, c) => p.values[k * w + c]!));
        }
      },
    });
    const bytes = enc.encode(text);
    for (let at = 0; at < bytes.length; at += chunk) v.push(bytes.subarray(at, at + chunk));
    const s = v.end();
    assert.equal(s.rowsTotal, 5);
    return { byValue, byValues };
  }

  for (const chunk of [1, 2, 5, 13, 1 << 20]) {
    for (const size of [1, 2, 10_000]) {
      it(`gives every value, normalised, in ${chunk}-byte chunks and packages of ${size}`, () => {
        const { byValue, byValues } = cells(chunk, size);
        assert.deepEqual(byValue, expected);
        assert.deepEqual(byValues, expected);
      });
    }
  }
});
