import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { accountSchema, leadSchema } from '../../../../core/schema/demo-schemas.ts';
import { createCsvValidator } from '../../../../core/csv/index.ts';
import type { ObjectSchema } from '../../../../core/schema/object-schema.ts';
import { contactLike, enc, validate } from './validate-helpers.ts';

describe('CSV validator: header (contract §5.2)', () => {
  it('matches header names case-insensitively with spaces trimmed and uses the schema spelling', () => {
    const { summary, packages } = validate(
      contactLike,
      ' firstname ,LASTNAME,email\nAnn,Lee,ann@example.com\n',
    );
    assert.equal(summary.valid, true);
    assert.deepEqual(packages[0]!.rows[0]!.values, {
      FirstName: 'Ann',
      LastName: 'Lee',
      Email: 'ann@example.com',
    });
    assert.deepEqual(summary.header, [' firstname ', 'LASTNAME', 'email']);
  });

  it('fails the file when a required column is missing, naming it and listing the template columns', () => {
    const { summary } = validate(contactLike, 'FirstName,Email\nAnn,a@b.co\n');
    assert.equal(summary.valid, false);
    assert.equal(summary.fileError?.code, 'missing-column');
    assert.match(summary.fileError.message, /"LastName"/);
    assert.match(summary.fileError.message, /FirstName, LastName, Email, Birthday, Subscribed/);
  });

  it('fails the file on a duplicate column', () => {
    const { summary } = validate(
      contactLike,
      'FirstName,LastName,email,Email\nA,B,c@d.co,e@f.co\n',
    );
    assert.equal(summary.fileError?.code, 'duplicate-column');
    assert.match(summary.fileError.message, /columns C and D/);
  });

  it('ignores unknown columns and lists them as warnings', () => {
    const { summary, packages } = validate(
      contactLike,
      'FirstName,LastName,Notes,Score\nA,B,x,1\n',
    );
    assert.equal(summary.valid, true);
    assert.deepEqual(summary.unknownColumns, ['Notes', 'Score']);
    assert.match(summary.warnings.join(' '), /Notes, Score/);
    assert.equal('Notes' in packages[0]!.rows[0]!.values, false);
  });

  it('recognises reserved columns the schema does not list, by mode', () => {
    const text =
      'FirstName,LastName,externaldataobjectid,RelatedTo,ExternalPinId,ExternalLeadId\nA,B, x1 ,R9,P1,L1\n';
    const flexible = validate(contactLike, text, { externalIdColumn: 'ExternalDataObjectId' });
    assert.deepEqual(flexible.packages[0]!.rows[0]!.values, {
      FirstName: 'A',
      LastName: 'B',
      ExternalDataObjectId: 'x1',
      RelatedTo: 'R9',
      ExternalPinId: 'P1',
    });
    assert.deepEqual(flexible.summary.unknownColumns, ['ExternalLeadId']);
    const classic = validate(contactLike, text, { externalIdColumn: 'ExternalLeadId' });
    assert.deepEqual(classic.summary.unknownColumns, ['externaldataobjectid', 'RelatedTo']);
  });

  it('fails an empty file and a file whose first row is empty', () => {
    assert.equal(validate(contactLike, '').summary.fileError?.code, 'empty-file');
    assert.equal(validate(contactLike, '\uFEFF').summary.fileError?.code, 'empty-file');
    assert.equal(validate(contactLike, ',,\nA,B\n').summary.fileError?.code, 'no-header');
  });

  it('accepts a header with no rows, with a warning', () => {
    const { summary } = validate(contactLike, 'FirstName,LastName\r\n');
    assert.equal(summary.valid, true);
    assert.equal(summary.rowsTotal, 0);
    assert.equal(summary.packages, 0);
    assert.match(summary.warnings.join(' '), /no data rows/);
  });

  it('requires one of a set of columns when asked (the pull profile)', () => {
    const schema = { object: 'Leads', fields: [{ name: 'Company Name', type: 'text' as const }] };
    const bad = validate(schema, 'Website\nx\n', {
      requiredColumnAnyOf: ['Company', 'Company Name'],
    });
    assert.equal(bad.summary.fileError?.code, 'missing-required-column-any-of');
    const good = validate(schema, 'company name\nx\n', {
      requiredColumnAnyOf: ['Company', 'Company Name'],
    });
    assert.equal(good.summary.valid, true);
  });
});

describe('CSV validator: rows (contract §5.4)', () => {
  it('reports every problem of a row with row, column, value and message, and normalises valid values', () => {
    const text =
      'FirstName,LastName,Email,Birthday,Subscribed\nAnn,Lee,ann@x.com,03/31/1990,YES\n,Kim,bob@,1990-02-30,maybe\n';
    const { summary, packages } = validate(contactLike, text);
    assert.equal(summary.valid, false);
    assert.equal(summary.rowsTotal, 2);
    assert.equal(summary.rowsValid, 1);
    assert.equal(summary.rowsInvalid, 1);
    assert.deepEqual(packages[0]!.rows[0]!.values, {
      FirstName: 'Ann',
      LastName: 'Lee',
      Email: 'ann@x.com',
      Birthday: '1990-03-31',
      Subscribed: 'true',
    });
    assert.deepEqual(
      summary.errors.map((e) => [e.row, e.column, e.value, e.code]),
      [
        [3, 'FirstName', '', 'required'],
        [3, 'Email', 'bob@', 'not-an-email'],
        [3, 'Birthday', '1990-02-30', 'not-a-date'],
        [3, 'Subscribed', 'maybe', 'not-a-boolean'],
      ],
    );
    assert.equal(packages[0]!.rows[1]!.problems.length, 4);
  });

  it('finds the same problems when no rows are kept (the CLI) as when packages are (the emulator)', () => {
    const schema: ObjectSchema = {
      object: 'Note',
      fields: [
        { name: 'Title', type: 'text', required: true, maxLength: 5 },
        { name: 'Tag', type: 'text', maxLength: 5 },
        { name: 'Body', type: 'text' },
      ],
    };
    const rows = [
      'Title,Tag,Body',
      'a,abcde,x', // at the limit
      'b,  abcde  ,x', // over it only with its spaces: fine
      'c,abcdef,x', // over it
      'd, abcdef ,x', // over it after trimming too
      '  ,ok,x', // a required value that is only spaces
      'e,,', // empty optional values
      'g,ok,' + 'y'.repeat(300), // a long value without a limit
    ];
    const expected = [
      [4, 'Tag', 'too-long'],
      [5, 'Tag', 'too-long'],
      [6, 'Title', 'required'],
    ];
    // Without a control character anywhere, and with one (then every value is searched for one).
    for (const [extra, more] of [
      [[], []],
      [['f,a\u0001b,x'], [[9, 'Tag', 'control-character']]],
    ] as const) {
      const text = [...rows, ...extra].join('\n') + '\n';
      const kept = validate(schema, text).summary;
      const v = createCsvValidator(schema);
      v.push(enc.encode(text));
      const notKept = v.end();
      const shape = (x: typeof kept): unknown[] => x.errors.map((e) => [e.row, e.column, e.code]);
      assert.deepEqual(shape(notKept), [...expected, ...more]);
      assert.deepEqual(shape(kept), shape(notKept));
      assert.equal(notKept.rowsInvalid, expected.length + more.length);
    }
  });

  it('reports ragged rows once per row, and accepts extra empty trailing cells', () => {
    const text = 'FirstName,LastName,Email\nA,B\nA,B,c@d.co,extra\nA,B,c@d.co,,\n';
    const { summary } = validate(contactLike, text);
    assert.deepEqual(
      summary.errors.map((e) => [e.row, e.code]),
      [
        [2, 'ragged-row'],
        [3, 'ragged-row'],
      ],
    );
    assert.match(summary.errors[0]!.message, /2 values but the header has 3 columns/);
    assert.equal(summary.rowsValid, 1);
  });

  it('numbers rows as a spreadsheet shows them: a quoted line break stays in one row', () => {
    const text = 'FirstName,LastName,Email\r\n"Ann\r\nMarie",Lee,bad\r\nBo,"Li\nLi",worse\r\n';
    const { summary } = validate(contactLike, text);
    assert.deepEqual(
      summary.errors.map((e) => e.row),
      [2, 3],
    );
  });

  it('skips rows with no values at all, keeping the numbering, and says so', () => {
    const text = 'FirstName,LastName,Email\nA,B,x\n\n,,\n  ,\t,\nC,D,y\n';
    const { summary } = validate(contactLike, text);
    assert.equal(summary.rowsTotal, 2);
    assert.deepEqual(
      summary.errors.map((e) => e.row),
      [2, 6],
    );
    assert.match(summary.warnings.join(' '), /3 empty rows/);
  });

  it('handles RFC 4180 quoting: commas, doubled quotes, line breaks, text after a closing quote', () => {
    const text = 'FirstName,LastName\n"Smith, John","say ""hi"""\n"multi\nline",x"y\n"ab"cd,e\n';
    const { packages } = validate(contactLike, text);
    assert.deepEqual(
      packages[0]!.rows.map((r) => [r.values.FirstName, r.values.LastName]),
      [
        ['Smith, John', 'say "hi"'],
        ['multi\nline', 'x"y'],
        ['abcd', 'e'],
      ],
    );
  });

  it('accepts CRLF, LF and lone CR line ends and a missing final line break', () => {
    for (const eol of ['\r\n', '\n', '\r']) {
      const { summary, packages } = validate(
        contactLike,
        ['FirstName,LastName', 'A,B', 'C,D'].join(eol),
      );
      assert.equal(summary.rowsTotal, 2, JSON.stringify(eol));
      assert.deepEqual(packages[0]!.rows[1]!.values, { FirstName: 'C', LastName: 'D' });
    }
  });

  it('reports a duplicate external id on the later row, naming the first, and never coerces 007', () => {
    const text = 'Name,ExternalDataObjectId\nA,007\nB,7\nC, 007 \nD,\nE,\n';
    const { summary, packages } = validate(accountSchema, text, {
      externalIdColumn: 'ExternalDataObjectId',
    });
    assert.equal(summary.problemCount, 1);
    assert.equal(summary.errors[0]!.row, 4);
    assert.equal(summary.errors[0]!.code, 'duplicate-external-id');
    assert.match(summary.errors[0]!.message, /row 2/);
    assert.equal(packages[0]!.rows[0]!.values.ExternalDataObjectId, '007');
    assert.equal(packages[0]!.rows[1]!.values.ExternalDataObjectId, '7');
  });

  it('checks duplicate ExternalLeadId in classic mode, case-sensitively', () => {
    const text = 'Company,Address,ExternalLeadId\nA,x,abc\nB,y,ABC\nC,z,abc\n';
    const { summary } = validate(leadSchema, text, { externalIdColumn: 'ExternalLeadId' });
    assert.deepEqual(
      summary.errors.map((e) => [e.row, e.code]),
      [[4, 'duplicate-external-id']],
    );
  });

  it('keeps counts exact but reports at most maxReportedProblems problems', () => {
    const rows = Array.from({ length: 50 }, () => ',x').join('\n');
    const { summary } = validate(contactLike, `FirstName,LastName\n${rows}\n`, {
      maxReportedProblems: 10,
    });
    assert.equal(summary.errors.length, 10);
    assert.equal(summary.problemCount, 50);
    assert.equal(summary.rowsInvalid, 50);
  });

  it('in columns-only mode checks columns but not types', () => {
    const schema = {
      object: 'Contact',
      fields: [
        { name: 'Birthday', type: 'date' as const },
        { name: 'Email', type: 'text' as const },
      ],
    };
    const { summary } = validate(schema, 'Birthday,Other\nnot a date,x\n', {
      mode: 'columns-only',
    });
    assert.equal(summary.valid, true);
    assert.match(summary.warnings.join(' '), /lacks: Email/);
    assert.match(summary.warnings.join(' '), /Other/);
  });
});

describe('CSV validator: encoding (contract §5.1)', () => {
  it('drops a UTF-8 BOM so the first column matches', () => {
    const { summary } = validate(contactLike, '\uFEFFFirstName,LastName\nA,B\n');
    assert.equal(summary.valid, true);
    assert.equal(summary.header[0], 'FirstName');
  });

  it('fails a Windows-1252 file ("Café") with a message that says to save as CSV UTF-8', () => {
    const bytes = new Uint8Array([
      ...enc.encode('FirstName,LastName\nA,B\nCaf'),
      0xe9,
      ...enc.encode(',x\n'),
    ]);
    const { summary } = validate(contactLike, bytes);
    assert.equal(summary.fileError?.code, 'not-utf8');
    assert.match(summary.fileError.message, /row 3/);
    assert.match(summary.fileError.message, /Windows-1252\/Latin-1/);
    assert.match(summary.fileError.message, /Café/);
    assert.match(summary.fileError.message, /CSV UTF-8/);
  });

  it('fails a UTF-16LE file with a BOM, saying it is UTF-16', () => {
    const text = 'FirstName,LastName\r\nA,B\r\n';
    const bytes = new Uint8Array(2 + text.length * 2);
    bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[2 + i * 2] = text.charCodeAt(i);
    for (const chunk of [1, 3, 1 << 20]) {
      const { summary } = validate(contactLike, bytes, {}, chunk);
      assert.equal(summary.fileError?.code, 'not-utf8');
      assert.match(summary.fileError.message, /saved as UTF-16/);
    }
  });

  it('decodes a multi-byte character split across chunks', () => {
    const { summary, packages } = validate(contactLike, 'FirstName,LastName\nZoë,Ünal😀\n', {}, 1);
    assert.equal(summary.valid, true);
    assert.deepEqual(packages[0]!.rows[0]!.values, { FirstName: 'Zoë', LastName: 'Ünal😀' });
  });
});

describe('CSV validator: broken files', () => {
  it('fails an unterminated quote with the row where it opened', () => {
    const { summary } = validate(contactLike, 'FirstName,LastName\nA,B\nC,"open\nmore\nrows\n');
    assert.equal(summary.fileError?.code, 'unterminated-quote');
    assert.match(summary.fileError.message, /^Row 3 /);
  });

  it('fails a field over maxFieldBytes and a row over maxRowBytes with the row number', () => {
    const big = validate(contactLike, `FirstName,LastName\nA,B\n${'x'.repeat(2000)},B\n`, {
      maxFieldBytes: 1000,
    });
    assert.equal(big.summary.fileError?.code, 'field-too-large');
    assert.match(big.summary.fileError.message, /Row 3/);
    const wide = validate(contactLike, `FirstName,LastName\n${'a,'.repeat(3000)}\n`, {
      maxRowBytes: 4000,
      maxFieldBytes: 1000,
    });
    assert.equal(wide.summary.fileError?.code, 'row-too-large');
    assert.match(wide.summary.fileError.message, /Row 2/);
  });

  it('counts field size in UTF-8 bytes, not characters', () => {
    const r = validate(contactLike, `FirstName,LastName\n${'é'.repeat(600)},B\n`, {
      maxFieldBytes: 1000,
    });
    assert.equal(r.summary.fileError?.code, 'field-too-large');
    const ok = validate(contactLike, `FirstName,LastName\n${'é'.repeat(400)},B\n`, {
      maxFieldBytes: 1000,
    });
    assert.equal(ok.summary.fileError, undefined);
  });

  it('stops at a file error: later pushes are ignored and end() returns the same summary', () => {
    const v = createCsvValidator(contactLike);
    v.push(new Uint8Array([0xff, 0xfe, 0x41, 0x00]));
    assert.equal(v.failed, true);
    v.push(enc.encode('FirstName,LastName\nA,B\n'));
    const first = v.end();
    assert.equal(first.fileError?.code, 'not-utf8');
    assert.equal(first.rowsTotal, 0);
    assert.equal(v.end(), first);
  });
});
