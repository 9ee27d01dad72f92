/** Numbers, sizes, rates and durations in plain words for the UI. std. */

/** "1.5 MB" (decimal units, as file managers show). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = bytes / 1000;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

/** "2.4 MB/s" */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.max(0, Math.round(bytesPerSecond)))}/s`;
}

/** "about 3 min", "less than a minute", "about 1 h 5 min". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return 'unknown';
  const s = Math.round(ms / 1000);
  if (s < 60) return s <= 1 ? 'a second' : `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `about ${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest === 0 ? `about ${h} h` : `about ${h} h ${rest} min`;
}

/** "1,234,567" */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** A percentage 0–100 for a progress bar (0 when the total is unknown). */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((done / total) * 100)));
}

/** A date-time as the user's locale shows it, from an ISO string or epoch ms. */
export function formatWhen(when: string | number): string {
  const d = new Date(when);
  return Number.isNaN(d.getTime()) ? String(when) : d.toLocaleString();
}
