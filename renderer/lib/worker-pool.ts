/**
 * Check workers kept warm. A module worker spends 40–70 ms loading its script before it reads a
 * message, and a picked file takes two requests in a row (the first look, then the check; bench
 * app-check), so: a finished worker goes back to the pool instead of ending, and taking one
 * always leaves one started for the next request. A worker whose request was cancelled or crashed
 * is ended, never reused (runCheck in features/import-wizard/check-client.ts). At most `maxIdle`
 * idle workers exist. std.
 */
export type Releasable = { terminate(): void; release?: () => void };

export function workerPool<W extends Releasable>(
  make: () => W,
  maxIdle = 2,
): { take: () => W; prime: () => void; idle: () => number } {
  const idle: W[] = [];
  const fresh = (): W => {
    const w = make();
    w.release = () => {
      if (idle.length < maxIdle && !idle.includes(w)) idle.push(w);
      else if (!idle.includes(w)) w.terminate();
    };
    return w;
  };
  return {
    // The most recently released worker first: it is surely loaded.
    take: () => {
      const w = idle.pop() ?? fresh();
      if (idle.length === 0) idle.push(fresh());
      return w;
    },
    prime: () => {
      if (idle.length === 0) idle.push(fresh());
    },
    idle: () => idle.length,
  };
}
