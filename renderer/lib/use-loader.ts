/**
 * Loads data through an async function when the inputs change, and again on `reload()`; a result
 * that arrives after unmount or a newer load is dropped. DOM (React hook).
 */
import { useCallback, useEffect, useState } from 'react';

/** `load` runs on mount, when `key` changes, and on each `reload()`; `apply` gets its result. */
export function useLoader<T>(
  load: () => Promise<T>,
  apply: (value: T) => void,
  key: unknown,
): () => void {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    void load().then((value) => {
      if (live) apply(value);
    });
    return () => {
      live = false;
    };
    // `load`/`apply` are re-made each render; `key` and `tick` say when to load again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);
  return useCallback(() => setTick((t) => t + 1), []);
}
