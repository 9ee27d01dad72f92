import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  createDelimitedConverter,
  createRecordWriter,
  csvField,
  planConversion,
} from '../../../../core/import/convert.ts';
import { matchColumns, templateColumns } from '../../../../core/import/match-columns.ts';
import { encodeWindows1252 } from '../../../../core/import/windows-1252.ts';
import { createCsvValidator } from '../../../../core/csv/validator.ts';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';
import { makeFix } from '../../../../core/import/fixes.ts';

const tpl = templateColumns(leadSchema);

function planFor(header: string[]) {
  const m = matchColumns(header, tpl);
  assert.ok(m.ok);
  return planConversion(m.value, tpl);
}

describe('csvField', () => {
  it('quotes only what needs it (RFC 4180)', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
  });
});

describe('createDelimitedConverter', () => {
  const input = encodeWindows1252(
    'Notes;E-mail;Company name;Adresse\r\n"x;y";zoë@example.com;"Müller, €uro ""GmbH""";1 Rue\r\n;;Acme;2 Main\r\n',
  );
  const expected =
    'Company,Email,Address\r\n"Müller, €uro ""GmbH""",zoë@example.com,1 Rue\r\nAcme,,2 Main\r\n';

  it('writes the template names in template order, commas and quotes, wherever chunks are cut', () => {
    const plan = planFor(['Notes', 'E-mail', 'Company name', 'Adresse']);
    assert.deepEqual(plan.columns, ['Company', 'Email', 'Address']);
    for (let cut = 0; cut <= input.length; cut++) {
      const c = createDelimitedConverter({ encoding: 'windows-1252', delimiter: ';', plan });
      const out = c.push(input.subarray(0, cut)) + c.push(input.subarray(cut)) + c.end();
      assert.equal(out, expected, `cut at ${cut}`);
      assert.equal(c.counts.rows, 2);
      assert.equal(c.failure, undefined);
    }
  });

  it('leaves the input bytes as they were', () => {
    const copy = input.slice();
    const c = createDelimitedConverter({
      encoding: 'windows-1252',
      delimiter: ';',
      plan: planFor(['Notes', 'E-mail', 'Company name', 'Adresse']),
    });
    c.push(input);
    c.end();
    assert.deepEqual(input, copy);
  });

  it('produces a file the platform validator reads as valid', () => {
    const c = createDelimitedConverter({
      encoding: 'windows-1252',
      delimiter: ';',
      plan: planFor(['Notes', 'E-mail', 'Company name', 'Adresse']),
    });
    const text = c.push(input) + c.end();
    const v = createCsvValidator(leadSchema);
    v.push(new TextEncoder().encode(text));
    const s = v.end();
    assert.equal(s.fileError, undefined);
    assert.equal(s.rowsTotal, 2);
    assert.equal(s.rowsInvalid, 1); // zoë@… is not an ASCII email: the platform's verdict stands
  });

  it('pads short rows, keeps every value of long rows past the header, and counts both', () => {
    const plan = planFor(['Company', 'Address']);
    const c = createDelimitedConverter({ encoding: 'utf-8', delimiter: ',', plan });
    const out =
      c.push(new TextEncoder().encode('Company,Address\nA\nB,1,extra,"x,y",\nC,2,\n')) + c.end();
    assert.equal(out, 'Company,Address\r\nA,\r\nB,1,extra,"x,y"\r\nC,2\r\n');
    assert.deepEqual(c.counts, {
      rows: 3,
      shortRows: 1,
      longRows: 1,
      firstRaggedRow: 2,
      blankRows: 0,
    });
  });

  it('loses no value of a row split by a stray separator: the check says it has too many', () => {
    const plan = planFor(['Company', 'Address', 'City']);
    const c = createDelimitedConverter({ encoding: 'utf-8', delimiter: ';', plan });
    const text =
      c.push(
        new TextEncoder().encode(
          'Company;Address;City\nAcme;1 Main; Suite 4;Springfield\nBeta;2 Oak;Shelbyville\n',
        ),
      ) + c.end();
    assert.equal(
      text,
      'Company,Address,City\r\nAcme,1 Main, Suite 4,Springfield\r\nBeta,2 Oak,Shelbyville\r\n',
    );
    assert.equal(c.counts.longRows, 1);
    const v = createCsvValidator(leadSchema);
    v.push(new TextEncoder().encode(text));
    const s = v.end();
    assert.equal(s.rowsInvalid, 1);
    assert.deepEqual(
      s.errors.map((e) => [e.row, e.code]),
      [[2, 'ragged-row']],
    );
    assert.match(s.errors[0]!.message, /4 values but the header has 3 columns/);
  });

  it('keeps the values past the header after the imported columns when some are not imported', () => {
    const plan = planFor(['Notes', 'Company', 'Address']);
    const w = createRecordWriter(plan);
    w.write(['Notes', 'Company', 'Address'], 3, 1);
    assert.equal(w.write(['n', 'A', '1', 'x', ' '], 5, 2), 'A,1,x\r\n');
    assert.equal(w.write(['n', 'B', '2', ' ', ''], 5, 3), 'B,2\r\n');
    assert.equal(w.counts.longRows, 1);
  });

  it('keeps rows with no values at all as empty lines, so row numbers stay the same', () => {
    const plan = planFor(['Company', 'Address', 'FollowUp']);
    const c = createDelimitedConverter({ encoding: 'utf-8', delimiter: ';', plan });
    const out =
      c.push(new TextEncoder().encode('Company;Address;FollowUp\n\nA;1;\n ; ;\nB;2;soon\n;;\n\n')) +
      c.end();
    assert.equal(out, 'Company,Address,FollowUp\r\n\r\nA,1,\r\n\r\nB,2,soon\r\n');
    assert.equal(c.counts.blankRows, 2, 'the empty rows at the end are left out, not counted');
    assert.equal(c.counts.rows, 2);
    assert.equal(c.counts.shortRows, 0);
    // the platform skips them without renumbering: the bad date in row 5 of the file is row 5
    const v = createCsvValidator(leadSchema);
    v.push(new TextEncoder().encode(out));
    const s = v.end();
    assert.deepEqual(
      s.errors.map((e) => [e.row, e.column]),
      [[5, 'FollowUp']],
    );
    assert.equal(s.rowsTotal, 2);
    assert.ok(s.warnings.some((w) => /^2 empty rows/.test(w)));
  });

  it('fails on an unterminated quote and on bytes that are not the encoding', () => {
    const plan = planFor(['Company', 'Address']);
    const a = createDelimitedConverter({ encoding: 'utf-8', delimiter: ',', plan });
    a.push(new TextEncoder().encode('Company,Address\n"open,x\n'));
    a.end();
    assert.deepEqual(a.failure, { code: 'unterminated-quote', row: 2 });
    const b = createDelimitedConverter({ encoding: 'utf-8', delimiter: ',', plan });
    b.push(new TextEncoder().encode('Company,Address\nCafé,x\n'));
    b.push(new Uint8Array([0xe9, 0x2c, 0x0a]));
    b.end();
    assert.equal(b.failure?.code, 'bad-encoding');
  });
});

describe('createRecordWriter', () => {
  it('applies a fix per output column', () => {
    const plan = planFor(['Company', 'Address', 'FollowUp']);
    const w = createRecordWriter(plan, [undefined, undefined, makeFix('date', { order: 'dmy' })]);
    assert.equal(w.write(['Company', 'Address', 'FollowUp'], 3, 1), 'Company,Address,FollowUp\r\n');
    assert.equal(w.write(['A', 'B', '31/12/2026'], 3, 2), 'A,B,2026-12-31\r\n');
  });
});
