/** The assistant's note on rows with another number of values than the header (issue 12). */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { raggedInWords } from '../../../../../renderer/features/import-assistant/assistant-note.tsx';

describe('raggedInWords', () => {
  it('says the truth for long rows (nothing dropped) and for short ones (padded)', () => {
    assert.equal(raggedInWords(0, 0), '');
    assert.equal(
      raggedInWords(0, 1),
      ' 1 row has more values than the header: nothing was dropped, the values past the last column are kept and listed as problems (“Extra value” in the grid).',
    );
    assert.equal(
      raggedInWords(2, 0),
      ' 2 rows had fewer values than the header; the missing values were left empty.',
    );
    assert.match(raggedInWords(1, 3), /^ 3 rows have more values .* 1 row had fewer values/);
  });
});
