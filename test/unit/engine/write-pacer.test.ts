import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SFTPWrapper } from 'ssh2';
import {
  createWritePacer,
  maxWriteLen,
  type SentMark,
  type WritePacer,
} from '../../../engine/transport/sftp/sftp-transfer.ts';

const KiB = 1024;
const ceiling = 16 * 255 * KiB;

/** What the simulated link reports for one acknowledged WRITE. */
type Ack = {
  atMs: number;
  bytes: number;
  sentAtMs: number;
  /** The pacer's cap when this WRITE was sent, just before and just after its acknowledgement. */
  capAtSend: number;
  capBefore: number;
  capAfter: number;
  chunkAfter: number;
  rateAfter: number;
};

/**
 * Drives a pacer over a simulated link with one bottleneck: WRITEs cross it one after another at
 * `bytesPerSecond` (the rate when a WRITE starts crossing), plus a fixed round trip. New WRITEs go
 * out by pipelinedWrite's rule: one always, otherwise while under 16 requests and the byte cap.
 * The clock is the simulation's; nothing waits.
 */
function drive(
  pacer: WritePacer,
  link: { bytesPerSecond: (atMs: number) => number; rttMs: number },
  untilMs: number,
  maxInFlight = 16,
): Ack[] {
  type Pending = { ackAt: number; bytes: number; mark: SentMark; sentAt: number; cap: number };
  const pending: Pending[] = [];
  const acks: Ack[] = [];
  let now = 0;
  let linkFreeAt = 0;
  let inFlightBytes = 0;
  const pump = (): void => {
    for (;;) {
      const want = pacer.chunkBytes;
      const room =
        pending.length === 0 ||
        (pending.length < maxInFlight && inFlightBytes + want <= pacer.capBytes);
      if (!room) return;
      const mark = pacer.sent(now);
      const startsAt = Math.max(now + link.rttMs / 2, linkFreeAt);
      linkFreeAt = startsAt + (want * 1000) / link.bytesPerSecond(startsAt);
      pending.push({
        ackAt: linkFreeAt + link.rttMs / 2,
        bytes: want,
        mark,
        sentAt: now,
        cap: pacer.capBytes,
      });
      inFlightBytes += want;
    }
  };
  pump();
  while (pending.length > 0 && now < untilMs) {
    // The bottleneck is first in, first out, so acknowledgements come in sending order.
    const w = pending.shift()!;
    now = w.ackAt;
    inFlightBytes -= w.bytes;
    const capBefore = pacer.capBytes;
    pacer.acked(w.mark, w.bytes, now);
    acks.push({
      atMs: now,
      bytes: w.bytes,
      sentAtMs: w.sentAt,
      capAtSend: w.cap,
      capBefore,
      capAfter: pacer.capBytes,
      chunkAfter: pacer.chunkBytes,
      rateAfter: pacer.rateBps,
    });
    pump();
  }
  return acks;
}

/** Longest wait between consecutive acknowledgements (and before the first), ms. */
function longestGap(acks: Ack[]): number {
  return Math.max(...acks.map((a, i) => a.atMs - (i === 0 ? 0 : acks[i - 1]!.atMs)));
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= expected * tolerance,
    `${what}: ${Math.round(actual)}, expected ${Math.round(expected)} ± ${tolerance * 100}%`,
  );
}

describe('createWritePacer: start and slow start', () => {
  it('starts at a 32 KiB cap with 8 KiB WRITEs and no rate estimate', () => {
    const p = createWritePacer();
    assert.equal(p.capBytes, 32 * KiB);
    assert.equal(p.chunkBytes, 8 * KiB);
    assert.equal(p.rateBps, 0);
  });

  it('one acknowledgement grows the cap by exactly the bytes it acknowledged, however fast', () => {
    const p = createWritePacer();
    const m = p.sent(0);
    p.acked(m, 8 * KiB, 1); // 8 KiB in 1 ms: 8 MB/s, room for 16 MB, but slow start allows +8 KiB
    assert.equal(p.rateBps, 8 * KiB * 1000);
    assert.equal(p.capBytes, 40 * KiB);
    assert.equal(p.chunkBytes, 10 * KiB);
  });

  it('on a fast link slow-starts to 16 × 255 KiB within milliseconds, at most doubling per round trip', () => {
    const acks = drive(createWritePacer(), { bytesPerSecond: () => 100e6, rttMs: 1 }, 500);
    for (const a of acks) {
      assert.ok(a.capAfter <= ceiling, `cap ${a.capAfter} above the ceiling at ${a.atMs} ms`);
      assert.ok(a.chunkAfter <= 255 * KiB, `WRITE ${a.chunkAfter} above 255 KiB`);
      assert.ok(a.capAfter - a.capBefore <= a.bytes, `grew by more than acknowledged at ${a.atMs}`);
      // Everything acknowledged between a WRITE's sending and its acknowledgement was in flight
      // when it was sent, so within one round trip the cap can at most double.
      assert.ok(
        a.capAfter <= 2 * a.capAtSend,
        `cap ${a.capAfter} more than twice ${a.capAtSend} within one round trip`,
      );
    }
    const first = acks.findIndex((a) => a.capAfter === ceiling);
    assert.ok(first > 0, 'never reached 16 × 255 KiB');
    assert.ok(acks[first]!.atMs < 100, `took ${acks[first]!.atMs} ms to reach the ceiling`);
    // Doubling from 32 KiB to 4080 KiB needs at least 7 round trips (1 ms each plus transfer).
    assert.ok(acks[first]!.atMs > 7, `reached the ceiling after only ${acks[first]!.atMs} ms`);
    const last = acks.at(-1)!;
    assert.equal(last.capAfter, ceiling);
    assert.equal(last.chunkAfter, 255 * KiB);
  });
});

describe('createWritePacer: settling on the link rate', () => {
  // cap ≈ clamp(rate × 2 s, 16 KiB, 16 × 255 KiB), WRITE = clamp(cap / 4, 8 KiB, 255 KiB).
  const cases = [
    { bps: 4_000, cap: 16 * KiB, chunk: 8 * KiB }, // 8 KB of 2 s is under the 16 KiB floor
    { bps: 16_000, cap: 32_000, chunk: 8 * KiB }, // cap / 4 = 8000 is under the 8 KiB floor
    { bps: 256_000, cap: 512_000, chunk: 128_000 }, // neither bound applies
    { bps: 1_000_000, cap: 2_000_000, chunk: 255 * KiB }, // cap / 4 is over 255 KiB
  ];
  for (const c of cases) {
    it(`at ${c.bps / 1000} KB/s keeps ~2 s in flight: cap ${c.cap}, WRITE ${c.chunk}`, () => {
      const acks = drive(createWritePacer(), { bytesPerSecond: () => c.bps, rttMs: 50 }, 120_000);
      assert.ok(acks.length >= 20, `only ${acks.length} acknowledgements in 120 s`);
      const settled = acks.slice(Math.floor(acks.length / 2));
      for (const a of settled) {
        near(a.capAfter, c.cap, 0.05, `cap at ${Math.round(a.atMs)} ms`);
        near(a.chunkAfter, c.chunk, 0.05, `WRITE size at ${Math.round(a.atMs)} ms`);
        near(a.rateAfter, c.bps, 0.1, 'rate estimate');
        // A WRITE waits behind at most ~2 s of data (or the 16 KiB floor's worth).
        const outMs = a.atMs - a.sentAtMs;
        assert.ok(outMs <= Math.max(2100, (16 * KiB * 1000) / c.bps + 100), `out ${outMs} ms`);
      }
      // One WRITE crosses the link in about cap / 4 / rate, so acknowledgements come every ~2 s
      // at worst (8 KiB at 4 KB/s), from the very first one on.
      const gap = longestGap(acks);
      assert.ok(gap <= 2100, `${Math.round(gap)} ms without an acknowledgement`);
    });
  }

  it('at 1.5 KB/s the first acknowledgement still comes inside the 6 s watchdog', () => {
    const acks = drive(createWritePacer(), { bytesPerSecond: () => 1_500, rttMs: 50 }, 60_000);
    assert.ok(acks[0]!.atMs < 6000, `first acknowledgement after ${Math.round(acks[0]!.atMs)} ms`);
    assert.ok(longestGap(acks) < 6000, `${Math.round(longestGap(acks))} ms without one`);
  });
});

describe('createWritePacer: the rate drops', () => {
  it('a slow sample a second after the fast ones sets the cap to 2 s of it at once', () => {
    const p = createWritePacer();
    const fast = drive(p, { bytesPerSecond: () => 100e6, rttMs: 1 }, 200);
    assert.equal(fast.at(-1)!.capAfter, ceiling);
    const t = fast.at(-1)!.atMs + 2000;
    const m = p.sent(t - 2000);
    p.acked(m, 64 * KiB, t); // 64 KiB in 2 s: 32 KiB/s, 2 s of which is 64 KiB
    assert.equal(p.rateBps, 32 * KiB);
    assert.equal(p.capBytes, 64 * KiB);
    assert.equal(p.chunkBytes, 16 * KiB);
  });

  it('the estimate is the largest sample of the last second, not the first or the latest', () => {
    const p = createWritePacer();
    const a = p.sent(0);
    const b = p.sent(0);
    const c = p.sent(0);
    p.acked(a, 4 * KiB, 1000); // 4 KiB/s
    p.acked(b, 4 * KiB, 1100); // 8 KiB since 0 over 1.1 s: ~7.4 KiB/s
    assert.equal(Math.round(p.rateBps), Math.round((8 * KiB * 1000) / 1100));
    const d = p.sent(1100);
    p.acked(d, 1 * KiB, 1200); // 10 KiB/s
    assert.equal(p.rateBps, 10 * KiB);
    p.acked(c, 1 * KiB, 1300); // 10 KiB since 0 over 1.3 s: ~7.7 KiB/s, below the 10 KiB/s one
    assert.equal(p.rateBps, 10 * KiB);
    // 2 s of 10 KiB/s is 20 KiB, reached from the 16 KiB floor by the 1 KiB acknowledged each time.
    assert.equal(p.capBytes, 18 * KiB);
  });

  it('a slow sample within a second of a fast one does not cut the cap (largest of the last second)', () => {
    const p = createWritePacer();
    const fast = drive(p, { bytesPerSecond: () => 100e6, rttMs: 1 }, 200);
    const t = fast.at(-1)!.atMs;
    const rate = p.rateBps;
    const m = p.sent(t);
    p.acked(m, 8 * KiB, t + 500); // 16 KiB/s, but the fast sample is 500 ms old
    assert.equal(p.rateBps, rate);
    assert.equal(p.capBytes, ceiling);
    const m2 = p.sent(t + 500);
    p.acked(m2, 8 * KiB, t + 1200); // the fast sample has left the window; 16 KiB/s is the largest
    assert.equal(p.rateBps, 16 * KiB);
    assert.equal(p.capBytes, 32 * KiB);
  });

  it('from 10 MB/s to 16 KB/s: the cap falls at the first slow acknowledgement and settles at ~2 s', () => {
    const dropAt = 2000;
    const acks = drive(
      createWritePacer(),
      { bytesPerSecond: (t) => (t < dropAt ? 10e6 : 16_000), rttMs: 20 },
      400_000,
    );
    const before = acks.filter((a) => a.atMs < dropAt);
    assert.equal(before.at(-1)!.capAfter, ceiling);
    // The first WRITE that crossed at the slow rate is the first acknowledged long after the drop
    // (255 KiB at 16 KB/s takes ~16 s); the ones before it had crossed at 10 MB/s.
    const firstSlow = acks.findIndex((a, i) => i > 0 && a.atMs - acks[i - 1]!.atMs > 1000);
    assert.ok(firstSlow > 0, 'no slow acknowledgement');
    assert.ok(acks[firstSlow - 1]!.capAfter === ceiling, 'cap fell before the rate did');
    assert.ok(
      acks[firstSlow]!.capAfter <= ceiling / 8,
      `cap only fell to ${acks[firstSlow]!.capAfter} at the first slow acknowledgement`,
    );
    // While the ~4 MiB already queued drains, the cap only falls; then it settles at 2 s of 16 KB/s.
    let settledAt = -1;
    for (let i = firstSlow + 1; i < acks.length; i++) {
      const a = acks[i]!;
      if (a.atMs - a.sentAtMs < 2100) {
        settledAt = i;
        break;
      }
      assert.ok(a.capAfter <= a.capBefore, `cap grew from ${a.capBefore} while draining`);
    }
    assert.ok(settledAt > 0, 'the queue never drained');
    for (const a of acks.slice(settledAt + 5)) {
      near(a.capAfter, 32_000, 0.05, `cap at ${Math.round(a.atMs)} ms`);
      assert.equal(a.chunkAfter, 8 * KiB);
      assert.ok(a.atMs - a.sentAtMs <= 2100, `out ${Math.round(a.atMs - a.sentAtMs)} ms`);
    }
  });
});

describe("createWritePacer: the server's limit and the minimums", () => {
  it("never sends a WRITE larger than the server's limit, and caps at 16 of them", () => {
    const limit = 32 * KiB - 13; // the SFTP minimum a server must accept
    const acks = drive(
      createWritePacer({ maxChunk: limit }), // 16 WRITEs of it at most, as pipelinedWrite asks
      { bytesPerSecond: () => 100e6, rttMs: 1 },
      500,
    );
    for (const a of acks) {
      assert.ok(a.bytes <= limit && a.chunkAfter <= limit, `WRITE ${a.chunkAfter} over ${limit}`);
      assert.ok(a.capAfter <= 16 * limit);
    }
    assert.equal(acks.at(-1)!.chunkAfter, limit);
    assert.equal(acks.at(-1)!.capAfter, 16 * limit);
  });

  it('a server limit below 8 KiB wins over the 8 KiB minimum WRITE', () => {
    const p = createWritePacer({ maxChunk: 4 * KiB, maxBytes: 16 * 4 * KiB });
    assert.equal(p.chunkBytes, 4 * KiB);
    const acks = drive(p, { bytesPerSecond: () => 1_000, rttMs: 50 }, 60_000);
    for (const a of acks) assert.ok(a.bytes <= 4 * KiB && a.chunkAfter <= 4 * KiB);
  });

  it('on a 500 B/s link the cap stays at 16 KiB and WRITEs at 8 KiB, never below', () => {
    const acks = drive(createWritePacer(), { bytesPerSecond: () => 500, rttMs: 50 }, 300_000);
    assert.ok(acks.length >= 10);
    for (const a of acks) {
      assert.equal(a.capAfter, 16 * KiB); // 2 s of 500 B/s is 1000 B
      assert.equal(a.chunkAfter, 8 * KiB); // cap / 4 is 4 KiB
      assert.equal(a.bytes, 8 * KiB);
    }
  });

  it("maxWriteLen reads ssh2's negotiated limit and falls back to the SFTP minimum", () => {
    const sftp = (fields: object): SFTPWrapper => fields as unknown as SFTPWrapper;
    assert.equal(maxWriteLen(sftp({ _maxWriteLen: 261_120 })), 261_120);
    assert.equal(maxWriteLen(sftp({})), 32 * KiB - 13);
    assert.equal(maxWriteLen(sftp({ _maxWriteLen: 0 })), 32 * KiB - 13);
  });
});
