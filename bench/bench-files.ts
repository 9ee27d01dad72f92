/**
 * What several benchmarks need: a large file that costs little to make, its SHA-256 streamed,
 * the median of a few rounds and a seeded random source. node, benches only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** Writes `bytes` random-looking bytes: one random MiB, varied per block so no two are equal. */
export async function generateFile(path: string, bytes: number): Promise<void> {
  const block = randomBytes(1024 * 1024);
  const fh = await open(path, 'w');
  try {
    for (let off = 0, i = 0; off < bytes; off += block.length, i++) {
      block.writeUInt32BE(i, 0);
      await fh.write(block, 0, Math.min(block.length, bytes - off), off);
    }
  } finally {
    await fh.close();
  }
}

/** SHA-256 (hex) of a file, read in 1 MiB chunks. */
export async function sha256OfPath(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) {
    h.update(chunk as Buffer);
  }
  return h.digest('hex');
}

/** The middle value (the upper middle of an even count). */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A deterministic source of numbers in [0, 1) (mulberry32): the same seed, the same choices. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
