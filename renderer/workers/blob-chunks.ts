/**
 * A picked file's bytes chunk by chunk, as the checking worker reads them. std (Blob streams).
 *
 * `reusedChunks` reads into one buffer again and again (a BYOB reader): each chunk is valid only
 * until the next is asked for, so it is for readers that are done with a chunk when they return
 * (the CSV validator and the converter decode it to text at once). In Chromium that takes ~30–60
 * ms less of a 1,000,000-row check (124 MB) than a new buffer per chunk, which is fresh memory
 * for every chunk and more for the garbage collector (bench app-check). Where a stream has no
 * BYOB reader it falls back to the plain one.
 */

/** What is read: a Blob, or anything with a byte stream. */
export type ByteSource = { stream(): ReadableStream<Uint8Array> };

/** The bytes of `blob`, one new buffer a chunk (safe to keep). */
export function blobChunks(blob: ByteSource): AsyncGenerator<Uint8Array> {
  return streamChunks(blob.stream());
}

/** Largest chunk `reusedChunks` reads at once. */
const bufferBytes = 4 * 1024 * 1024;

/**
 * The bytes of `blob` read into one reused buffer: a chunk must not be kept past the next step
 * of the loop (copy it if it must be).
 */
export async function* reusedChunks(
  blob: ByteSource,
  size = bufferBytes,
): AsyncGenerator<Uint8Array> {
  const stream = blob.stream();
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    // Not a byte stream: one new buffer a chunk, as before.
    yield* streamChunks(stream);
    return;
  }
  let buffer = new ArrayBuffer(size);
  try {
    for (;;) {
      const { done, value } = await reader.read(new Uint8Array(buffer, 0, size));
      if (done || value === undefined) return;
      // The read moved the buffer into `value`; the next read takes it back.
      buffer = value.buffer;
      if (value.byteLength > 0) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
