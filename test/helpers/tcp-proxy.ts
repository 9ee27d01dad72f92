/**
 * A loopback TCP proxy for fault tests: forwards 127.0.0.1:<port> to a target and can cut the
 * connection after N client→server bytes, stall (stop forwarding, keep sockets open), throttle
 * to a byte rate (in bursts of whole reads, or `smooth`ly like a slow line), or accept and never
 * answer. The mode can change between connections. node, tests only.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode =
  | { kind: 'pass' }
  /** Destroys both sockets once this many bytes went client→server on a connection. */
  | { kind: 'cut'; afterBytes: number }
  /** Stops forwarding (both ways) once this many bytes went client→server; sockets stay open. */
  | { kind: 'stall'; afterBytes: number }
  /**
   * Limits client→server to this many bytes per second. By default each read (up to 64 KiB) is
   * forwarded at once and the client then paused for its cost (a 1 s bucket): bursty, with
   * seconds of silence between bursts at low rates. `smooth` forwards the bytes a slice every
   * 20 ms instead, as a slow line delivers them.
   */
  | { kind: 'throttle'; bytesPerSecond: number; smooth?: boolean }
  /** Accepts and never connects to the target nor says anything. */
  | { kind: 'silent' };

export type TcpProxy = {
  host: string;
  port: number;
  /** The mode for new connections (and, for cut/stall/throttle, connections still open). */
  setMode(mode: ProxyMode): void;
  /** Bytes forwarded client→server over all connections. */
  readonly upBytes: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Resolves at the next cut or stall (one that happens after this call). */
  nextFault(): Promise<void>;
  /** Cuts and stalls so far. */
  readonly faults: number;
  close(): Promise<void>;
};

/** Starts a proxy on 127.0.0.1 port 0 in front of `target`. */
export async function startTcpProxy(
  target: { host: string; port: number },
  mode: ProxyMode = { kind: 'pass' },
): Promise<TcpProxy> {
  let current = mode;
  let upBytes = 0;
  let connections = 0;
  const sockets = new Set<Socket>();
  const faultWaiters: (() => void)[] = [];
  let faults = 0;
  const onFault = (): void => {
    faults++;
    for (const w of faultWaiters.splice(0)) w();
  };

  const server: Server = createServer((client) => {
    connections++;
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (current.kind === 'silent') return;
    const upstream = connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.setNoDelay(true);
    client.setNoDelay(true);
    let seen = 0;
    let stalled = false;

    upstream.on('data', (d: Buffer) => {
      if (stalled) return;
      if (!client.write(d)) {
        upstream.pause();
        client.once('drain', () => upstream.resume());
      }
    });
    let budget = 0;
    let lastRefill = Date.now();
    // smooth throttle: bytes read but not yet forwarded (the client is paused meanwhile).
    const held: Buffer[] = [];
    let drainTimer: NodeJS.Timeout | undefined;
    const drain = (): void => {
      drainTimer = undefined;
      const m = current;
      if (stalled) return;
      if (m.kind !== 'throttle' || !m.smooth) {
        // The mode changed: what is held goes through the new mode's rules (counted once).
        client.resume();
        for (const d of held.splice(0)) {
          seen -= d.length;
          upBytes -= d.length;
          onUp(d);
        }
        return;
      }
      const t = Date.now();
      // A 20 ms bucket: no burst larger than one slice.
      budget = Math.min(
        m.bytesPerSecond / 50,
        budget + ((t - lastRefill) * m.bytesPerSecond) / 1000,
      );
      lastRefill = t;
      while (held.length > 0 && budget >= 1) {
        const d = held[0]!;
        const n = Math.min(d.length, Math.floor(budget));
        upstream.write(d.subarray(0, n));
        budget -= n;
        if (n === d.length) held.shift();
        else held[0] = d.subarray(n);
      }
      if (held.length === 0) client.resume();
      else drainTimer = setTimeout(drain, 20);
    };
    client.on('close', () => clearTimeout(drainTimer));
    const onUp = (d: Buffer): void => {
      if (stalled) return;
      const m = current;
      if (m.kind === 'cut' || m.kind === 'stall') {
        const room = m.afterBytes - seen;
        if (d.length >= room) {
          if (room > 0) upstream.write(d.subarray(0, room));
          seen += Math.max(0, room);
          upBytes += Math.max(0, room);
          if (m.kind === 'cut') {
            client.destroy();
            upstream.destroy();
          } else {
            stalled = true;
          }
          onFault();
          return;
        }
      }
      seen += d.length;
      upBytes += d.length;
      if (m.kind === 'throttle' && m.smooth) {
        held.push(d);
        client.pause();
        drainTimer ??= setTimeout(drain, 0);
        return;
      }
      if (m.kind === 'throttle') {
        // Token bucket: pause the client until the budget covers this chunk.
        const t = Date.now();
        budget = Math.min(m.bytesPerSecond, budget + ((t - lastRefill) * m.bytesPerSecond) / 1000);
        lastRefill = t;
        budget -= d.length;
        upstream.write(d);
        if (budget < 0) {
          client.pause();
          setTimeout(() => client.resume(), (-budget * 1000) / m.bytesPerSecond);
        }
        return;
      }
      if (!upstream.write(d)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    };
    client.on('data', onUp);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    setMode: (m) => {
      current = m;
    },
    get upBytes() {
      return upBytes;
    },
    get connections() {
      return connections;
    },
    nextFault: () => new Promise<void>((r) => faultWaiters.push(r)),
    get faults() {
      return faults;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
