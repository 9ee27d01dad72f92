/**
 * createWsBridge with a fake WebSocket: pushes reach listeners only after their schema check;
 * an invalid or unknown one is dropped and logged without its values.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createWsBridge, type WebSocketLike } from '../../../../core/ipc/ws-bridge.ts';

class FakeSocket implements WebSocketLike {
  static last: FakeSocket | undefined;
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.last = this;
    queueMicrotask(() => {
      this.readyState = 1;
      this.onopen?.({});
    });
  }
  send(): void {}
  close(): void {
    this.readyState = 3;
  }
  /** A frame from the host. */
  push(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

function setup() {
  const logged: string[] = [];
  const bridge = createWsBridge({
    url: 'http://127.0.0.1:5000',
    token: 't',
    WebSocket: FakeSocket,
    fetch: () => Promise.reject(new Error('not used')),
    log: (m) => logged.push(m),
  });
  return { bridge, logged, socket: FakeSocket.last! };
}

const progress = { uploadId: 'u', entryId: 'e', bytes: 1, total: 2, rateBps: 1, etaMs: 5 };

describe('createWsBridge pushes', () => {
  it('delivers a valid push to its listeners, without fields outside the schema', () => {
    const { bridge, logged, socket } = setup();
    const got: unknown[] = [];
    bridge.on('upload:progress', (p) => got.push(p));
    socket.push({ t: 'event', event: 'upload:progress', payload: { ...progress, extra: 'x' } });
    assert.deepEqual(got, [progress]);
    assert.deepEqual(logged, []);
    bridge.close();
  });

  it('drops invalid and unknown pushes and logs them without their values', () => {
    const { bridge, logged, socket } = setup();
    const got: unknown[] = [];
    bridge.on('upload:progress', (p) => got.push(p));
    bridge.on('outcome:update', (p) => got.push(p));
    const secret = 'P@ss-not-in-logs';
    // JSON turns an Infinity ETA into null: refused like any wrong type.
    socket.push({ t: 'event', event: 'upload:progress', payload: { ...progress, etaMs: null } });
    socket.push({
      t: 'event',
      event: 'outcome:update',
      payload: { entryId: 'e', outcome: secret, message: secret },
    });
    socket.push({ t: 'event', event: 'upload:progress', payload: secret });
    socket.push({ t: 'event', event: '__proto__', payload: {} });
    assert.deepEqual(got, []);
    assert.equal(logged.length, 4);
    assert.match(logged[0]!, /"upload:progress".*etaMs: invalid_type/);
    assert.match(logged[1]!, /"outcome:update".*outcome: invalid_value/);
    assert.match(logged[2]!, /\(payload\): invalid_type/);
    assert.match(logged[3]!, /unknown channel "__proto__"/);
    for (const line of logged) assert.ok(!line.includes(secret), line);
    bridge.close();
  });
});
