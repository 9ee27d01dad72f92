/**
 * A loopback TCP forwarder whose target can be switched between connections: the same
 * host:port first leads to one server, then to another with a different host key. node, tests only.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type SwitchProxy = { port: number; target: number; close(): Promise<void> };

/** Starts on 127.0.0.1 port 0 forwarding to `target` (mutable). */
export async function startSwitchProxy(target: number): Promise<SwitchProxy> {
  const sockets = new Set<Socket>();
  const proxy: SwitchProxy = { port: 0, target, close: () => Promise.resolve() };
  const server = createServer((client) => {
    const upstream = connect(proxy.target, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as AddressInfo).port;
  proxy.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return proxy;
}
