import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkScheduleFor, nextCheckDelay } from '../../../engine/watch-schedule.ts';
import { profiles } from '../../../core/profiles/profiles.ts';

/** The times (ms after the upload) of the checks after the first, until `untilMs`. */
function checkTimes(cadenceMs: number, untilMs: number): number[] {
  const s = checkScheduleFor(cadenceMs);
  const out: number[] = [];
  for (let t = 0; t < untilMs;) {
    t += nextCheckDelay(s, t);
    out.push(t);
  }
  return out;
}

describe('the watch schedule', () => {
  it('checks 1 s after the upload, then ×1.5 further apart', () => {
    assert.deepEqual(
      checkTimes(profiles.classic.cadenceMs, 20_000),
      [1000, 2000, 3000, 4500, 6750, 10_125, 15_188, 22_782],
    );
  });

  it("keeps SPOTIO's hourly cadence to one check every 30 s at most", () => {
    const s = checkScheduleFor(profiles.classic.cadenceMs);
    assert.equal(s.ceilingMs, 30_000);
    assert.equal(nextCheckDelay(s, 59_000), 29_500);
    assert.equal(nextCheckDelay(s, 61_000), 30_000);
    assert.equal(nextCheckDelay(s, 3 * 3_600_000), 30_000);
    // Two cycles and a minute of waiting cost about 250 checks, not 7,260 of one a second.
    assert.ok(checkTimes(profiles.classic.cadenceMs, 2 * 3_600_000 + 60_000).length < 260);
  });

  it('derives the ceiling from the cadence: 5 minutes → 5 s, a minute → 1 s', () => {
    const ocelot = checkScheduleFor(profiles['contact-lists'].cadenceMs);
    assert.equal(ocelot.ceilingMs, 5000);
    assert.equal(nextCheckDelay(ocelot, 60_000), 5000);
    const space = checkScheduleFor(profiles.space.cadenceMs);
    assert.equal(space.ceilingMs, 1000);
    assert.deepEqual(checkTimes(profiles.space.cadenceMs, 4000), [1000, 2000, 3000, 4000]);
  });

  it('never waits less than the first step, even for a clock that went back', () => {
    const s = checkScheduleFor(3_600_000);
    assert.equal(nextCheckDelay(s, -5000), 1000);
    assert.equal(nextCheckDelay(s, 0), 1000);
  });
});
