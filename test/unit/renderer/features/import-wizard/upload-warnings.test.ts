/**
 * The check's warnings sent with `upload:start` (issue 12 §6) fit the contract's `Warnings`
 * (at most 100, each at most 2,000 characters): a wide file's "These columns are not in the
 * template and are ignored: …" can be longer, and a request past the schema is refused whole
 * (`bad-request`), so the upload itself would not start. Long ones are cut, a long list ends
 * with how many more there were; nothing else changes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { invokeContract, type SiteView } from '../../../../../core/ipc/contract.ts';
import { createFakeBridge } from '../../../../../renderer/bridge/fake-bridge.ts';
import {
  uploadAll,
  warningsToKeep,
} from '../../../../../renderer/features/import-wizard/import-controller.ts';

const site: SiteView = {
  id: 'c1',
  name: 'Acme leads',
  profile: 'classic',
  host: 'sftp.example.com',
  port: 22,
  username: 'classic',
  authMethod: 'password',
  secretMode: 'keychain',
  hasSecret: true,
};

/** What a file with 300 extra columns gets from the check (core/csv/header.ts's wording). */
const wide = `These columns are not in the Lead template and are ignored: ${Array.from(
  { length: 300 },
  (_, i) => `Extra column ${i + 1}`,
).join(', ')}. Rename them to template columns if they should be imported.`;

describe('the check’s warnings sent with the upload', () => {
  it('a very long warning does not stop the upload: the request fits the contract', async () => {
    assert.ok(wide.length > 2000, 'the warning is longer than the contract takes');
    const bridge = createFakeBridge({ delayMs: 0, sites: [site] });
    await uploadAll(bridge, () => undefined, {
      siteId: 'c1',
      kind: 'records',
      files: [new File(['Company\nAcme\n'], 'leads.csv')],
      remoteNames: ['Lead_leads.csv'],
      now: () => 0,
      warnings: [wide, '1 empty row (no values at all) was skipped.'],
    });
    const start = bridge.calls.find((c) => c.channel === 'upload:start');
    assert.ok(start, 'upload:start was sent');
    const parsed = invokeContract['upload:start'].request.safeParse(start.request);
    assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
    const kept = parsed.data.warnings ?? [];
    assert.equal(kept.length, 2);
    assert.ok(kept[0]!.startsWith('These columns are not in the Lead template and are ignored:'));
    assert.ok(kept[0]!.endsWith('…'), 'a cut warning says it was cut');
    assert.equal(kept[1], '1 empty row (no values at all) was skipped.');
  });

  it('keeps short warnings as they are, and says how many more a long list had', () => {
    assert.deepEqual(warningsToKeep(['a', 'b']), ['a', 'b']);
    const many = Array.from({ length: 130 }, (_, i) => `warning ${i + 1}`);
    const kept = warningsToKeep(many);
    assert.equal(kept.length, 100);
    assert.equal(kept[98], 'warning 99');
    assert.equal(kept[99], '…and 31 more warnings.');
    assert.ok(invokeContract['upload:start'].request.shape.warnings.safeParse(kept).success);
  });
});
