/**
 * When to look again for a platform's verdict after an upload (contract §1: the platform's
 * cadence). A check soon after the upload, then further apart, up to a ceiling set by the
 * profile's cadence: an emulator that answers in seconds is seen in seconds, while a platform
 * that looks once an hour is not asked more than twice a minute. Pure: the caller passes the time
 * since the upload, read from its own clock; no I/O.
 */

export type CheckSchedule = {
  /** The shortest wait between two checks (the first check comes this long after the upload). */
  firstMs: number;
  /** Each wait is this fraction of the time since the upload (0.5: checks at ×1.5 steps). */
  growth: number;
  /** The longest wait between two checks. */
  ceilingMs: number;
};

/**
 * The schedule for a profile's cadence: the first check 1 s after the upload, then waits growing
 * by half the time elapsed, to a ceiling of a 60th of the cadence kept between 1 s and 30 s
 * (SPOTIO's hour: 30 s; Ocelot's 5 minutes: 5 s; Flatfile's minute: 1 s).
 */
export function checkScheduleFor(cadenceMs: number): CheckSchedule {
  return {
    firstMs: 1000,
    growth: 0.5,
    ceilingMs: Math.min(30_000, Math.max(1000, Math.round(cadenceMs / 60))),
  };
}

/**
 * How long to wait before the next check, `sinceUploadMs` after the upload. Checks then fall at
 * 1, 2, 3, 4.5, 6.8, 10.1 … s, each wait half the time so far, never below `firstMs` nor above
 * `ceilingMs`.
 */
export function nextCheckDelay(s: CheckSchedule, sinceUploadMs: number): number {
  const grown = Math.round(Math.max(0, sinceUploadMs) * s.growth);
  return Math.min(s.ceilingMs, Math.max(s.firstMs, grown));
}
