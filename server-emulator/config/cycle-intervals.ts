/**
 * How often each workspace's processing cycle runs (contract §8, §9). A workspace's own
 * `interval` wins; else a global interval given to the emulator (`--interval`); else its
 * profile's cadence from core/profiles (SPOTIO and pull 1 h, Flatfile space 1 min, Ocelot
 * contact lists 5 min, "within 5 minutes" in seed 002). Pure.
 */
import { getProfile } from '../../core/profiles/profiles.ts';

/** Parses `500ms`, `5s`, `5m`, `1h` into milliseconds (undefined for anything else). */
export function parseInterval(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(n * unit);
  return ms > 0 && ms <= 2_147_483_647 ? ms : undefined;
}

/** `3600000` → `1h`, `300000` → `5m`, `90000` → `90s`, `1500` → `1.5s`, `250` → `250ms`. */
export function formatInterval(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/** Used when a profile is unknown (the config check refuses those first). */
const fallbackMs = 60 * 60_000;

/** The cycle interval of each workspace, by name (see the file comment for the precedence). */
export function cycleIntervals(
  workspaces: readonly { name: string; profile: string; interval?: string | undefined }[],
  globalMs?: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const ws of workspaces) {
    const own = ws.interval === undefined ? undefined : parseInterval(ws.interval);
    out.set(ws.name, own ?? globalMs ?? getProfile(ws.profile)?.cadenceMs ?? fallbackMs);
  }
  return out;
}

/** Workspaces grouped by interval (one timer per group), shortest first. */
export function groupByInterval(intervals: ReadonlyMap<string, number>): [number, string[]][] {
  const groups = new Map<number, string[]>();
  for (const [name, ms] of intervals) groups.set(ms, [...(groups.get(ms) ?? []), name]);
  return [...groups.entries()].sort((a, b) => a[0] - b[0]);
}
