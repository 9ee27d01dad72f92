/**
 * Each workspace's processing interval (contract §8, §9): its own `interval`, else the global
 * `--interval`, else its profile's cadence (contact-lists 5 min, SPOTIO an hour).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs } from '../../../../server-emulator/cli.ts';
import { parseConfig } from '../../../../server-emulator/config/config.ts';
import {
  cycleIntervals,
  formatInterval,
  groupByInterval,
} from '../../../../server-emulator/config/cycle-intervals.ts';
import { profiles } from '../../../../core/profiles/profiles.ts';

const all = [
  { name: 'a', profile: 'classic' },
  { name: 'b', profile: 'flexible' },
  { name: 'c', profile: 'space' },
  { name: 'd', profile: 'contact-lists' },
  { name: 'e', profile: 'pull' },
];

describe('cycle intervals per workspace', () => {
  it('default to the profile cadence: contact-lists 5 min (seed 002), SPOTIO and pull an hour', () => {
    const m = cycleIntervals(all);
    assert.equal(m.get('d'), 5 * 60_000);
    assert.equal(m.get('a'), 60 * 60_000);
    assert.equal(m.get('b'), 60 * 60_000);
    assert.equal(m.get('e'), 60 * 60_000);
    assert.equal(m.get('c'), profiles.space.cadenceMs);
  });

  it('a global interval (--interval) applies to every workspace without its own', () => {
    const m = cycleIntervals([...all, { name: 'f', profile: 'classic', interval: '300ms' }], 2000);
    assert.deepEqual(
      [...m.entries()],
      [
        ['a', 2000],
        ['b', 2000],
        ['c', 2000],
        ['d', 2000],
        ['e', 2000],
        ['f', 300],
      ],
    );
  });

  it("a workspace's own interval wins over the profile cadence", () => {
    const m = cycleIntervals([{ name: 'd', profile: 'contact-lists', interval: '1h' }]);
    assert.equal(m.get('d'), 3_600_000);
  });

  it('groups workspaces by interval for one timer each, shortest first', () => {
    assert.deepEqual(groupByInterval(cycleIntervals(all)), [
      [profiles.space.cadenceMs, ['c']],
      [300_000, ['d']],
      [3_600_000, ['a', 'b', 'e']],
    ]);
  });

  it('prints intervals the way they are written', () => {
    assert.deepEqual(
      [3_600_000, 300_000, 60_000, 90_000, 1500, 250, 5_400_000].map(formatInterval),
      ['1h', '5m', '1m', '90s', '1.5s', '250ms', '90m'],
    );
  });

  it('the config file takes `interval` per workspace and refuses an unreadable one', () => {
    const ok = parseConfig({
      workspaces: [{ name: 'o', profile: 'contact-lists', users: [], interval: '30s' }],
    });
    assert.ok(ok.ok);
    if (ok.ok) assert.equal(ok.value.workspaces[0]?.interval, '30s');
    const bad = parseConfig({
      workspaces: [{ name: 'o', profile: 'classic', users: [], interval: 'soon' }],
    });
    assert.ok(!bad.ok);
    if (!bad.ok) {
      assert.match(bad.errors.join('\n'), /workspaces\.0\.interval: .*500ms, 5s, 5m or 1h/);
    }
  });

  it('the command line leaves the interval unset unless --interval is given', () => {
    const r = parseArgs(['--demo']);
    assert.ok(r.ok);
    if (r.ok) assert.equal(r.value.intervalMs, undefined);
  });
});
