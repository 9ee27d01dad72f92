/**
 * The last workbook sheet a worker read, kept for the next request about the same file. A picked
 * .xlsx is read whole by each step (the first look, the check, the fixes to offer, the grid) and
 * pooled workers (lib/worker-pool.ts) usually serve those steps in turn: unzipping and parsing
 * 100,000 rows again each time was most of the wait. One sheet only, dropped after `keepMs` so an
 * idle worker does not hold it. A file is the same when its name, size and last change are. std.
 */
export type SheetRead<T> = { ok: true; value: T } | { ok: false; message: string };

export function createSheetCache<T extends { name: string }>(
  keepMs = 30_000,
): {
  get(
    file: Blob,
    wanted: string | undefined,
    read: () => Promise<SheetRead<T>>,
  ): Promise<SheetRead<T>>;
  size(): number;
} {
  let kept: { keys: string[]; value: T } | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drop = () => {
    kept = undefined;
  };
  return {
    async get(file, wanted, read) {
      const keyOf = (sheet: string | undefined) =>
        file instanceof File
          ? JSON.stringify([file.name, file.size, file.lastModified, sheet ?? null])
          : undefined;
      const key = keyOf(wanted);
      if (key !== undefined && kept?.keys.includes(key)) return { ok: true, value: kept.value };
      const r = await read();
      // Kept under the name asked for and the sheet's own name: the first look asks for "the
      // first sheet", the check then names it.
      kept =
        r.ok && key !== undefined
          ? { keys: [key, keyOf(r.value.name)!], value: r.value }
          : undefined;
      clearTimeout(timer);
      if (kept) {
        timer = setTimeout(drop, keepMs);
        // Under Node (component tests) the timer must not keep the process alive.
        (timer as { unref?: () => void }).unref?.();
      }
      return r;
    },
    size: () => (kept ? 1 : 0),
  };
}
