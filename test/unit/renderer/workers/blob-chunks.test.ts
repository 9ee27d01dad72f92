/**
 * The checking worker's readers of a picked file (renderer/workers/blob-chunks.ts): every byte in
 * order whatever the chunking; `reusedChunks` reads into one buffer, and falls back to a new
 * buffer a chunk where a stream has no BYOB reader.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { blobChunks, reusedChunks } from '../../../../renderer/workers/blob-chunks.ts';

/** Bytes that differ from one position to the next, so a lost or doubled chunk shows. */
function bytes(n: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 7 + (i >> 8)) & 0xff;
  return b;
}

/** Copies each chunk as it comes (what a reader done with it at once would have seen). */
async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunks) out.push(c.slice());
  return out;
}

const joined = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
};

describe('reusedChunks', () => {
  it('gives every byte of a blob in order, in chunks no larger than its buffer', async () => {
    const data = bytes(3 * 65_536 + 123);
    const parts = [data.subarray(0, 1000), data.subarray(1000, 150_000), data.subarray(150_000)];
    const chunks = await readAll(reusedChunks(new Blob(parts), 50_000));
    assert.deepEqual(joined(chunks), data);
    assert.ok(chunks.length >= 4, 'a part larger than the buffer comes in several reads');
    assert.ok(chunks.every((c) => c.length > 0 && c.length <= 50_000));
  });

  it('reads into one buffer moved from read to read: a chunk kept past the next read is empty', async () => {
    const data = bytes(200_000);
    const seen: Uint8Array[] = [];
    for await (const c of reusedChunks(new Blob([data]), 64 * 1024)) seen.push(c);
    // The buffer is moved from read to read, so earlier views are detached (length 0).
    assert.ok(seen.length >= 3);
    assert.ok(
      seen.slice(0, -1).every((c) => c.byteLength === 0),
      'earlier chunks are no longer readable: only what was done with them at once counts',
    );
  });

  it('an empty blob gives no chunk', async () => {
    assert.deepEqual(await readAll(reusedChunks(new Blob([]))), []);
  });

  it('a stream without a BYOB reader is read chunk by chunk as it is', async () => {
    const data = bytes(10_000);
    const source = {
      stream: () =>
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(data.slice(0, 4000));
            c.enqueue(data.slice(4000));
            c.close();
          },
        }),
    };
    const chunks = await readAll(reusedChunks(source));
    assert.deepEqual(
      chunks.map((c) => c.length),
      [4000, 6000],
    );
    assert.deepEqual(joined(chunks), data);
  });

  it('stopping early releases the stream', async () => {
    const blob = new Blob([bytes(300_000)]);
    for await (const c of reusedChunks(blob, 1024)) {
      assert.equal(c.length, 1024);
      break;
    }
    // A second read of the same blob starts from the beginning, whole.
    assert.deepEqual(joined(await readAll(reusedChunks(blob))), bytes(300_000));
  });
});

describe('blobChunks', () => {
  it('gives each chunk its own memory (safe to keep)', async () => {
    const data = bytes(150_000);
    const kept: Uint8Array[] = [];
    for await (const c of blobChunks(new Blob([data.subarray(0, 70_000), data.subarray(70_000)]))) {
      kept.push(c);
    }
    assert.deepEqual(joined(kept), data);
  });
});
