/**
 * Shared pieces of the engine's integration tests: random local files with their SHA-256, a
 * minimal ssh2 server that counts authentication attempts (to prove nothing was sent), and a
 * deadline guard that fails a test still pending after N seconds, and the app's handlers on a
 * data folder. node, tests only.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import type { SecretStore } from '../../../engine/secret-store.ts';
import type { HostHandlers } from '../../../host/create-handlers.ts';
import { openHost } from '../../../host/open-host.ts';
import type {
  EventPayload,
  InvokeChannel,
  InvokeRequest,
  InvokeResponse,
} from '../../../core/ipc/contract.ts';
import { dispatchInvoke } from '../../../core/ipc/dispatch.ts';
import { checkEvent } from '../../../core/ipc/event-guard.ts';
import type { IpcResult } from '../../../core/ipc/result.ts';
import { generateEd25519KeyPair } from '../../../server-emulator/auth/host-key.ts';

/** Writes `bytes` random bytes to a new temp file. */
export async function randomFile(
  bytes: number,
  name = 'data.bin',
): Promise<{ path: string; sha256: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sia-engine-test-'));
  const data = randomBytes(bytes);
  const path = join(dir, name);
  await writeFile(path, data);
  return { path, dir, sha256: createHash('sha256').update(data).digest('hex') };
}

/** SHA-256 of a file on disk (the server's copy). */
export function sha256OfDiskFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Resolves with the promise's value, or rejects if it is still pending after `ms`. */
export async function within<T>(ms: number, p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${what}: still pending after ${ms / 1000} s`)),
          ms,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export type CountingServer = {
  port: number;
  /** Every authentication attempt the server saw (method and whether a password was present). */
  attempts: { method: string; hadPassword: boolean }[];
  close(): Promise<void>;
};

/**
 * An ssh2 server on 127.0.0.1:0 with a given ed25519 host key (PEM); accepts password `good`.
 * It records every authentication attempt, so a test can prove none happened.
 */
export async function startCountingServer(hostKeyPem: string): Promise<CountingServer> {
  const attempts: CountingServer['attempts'] = [];
  const server = new ssh2.Server({ hostKeys: [hostKeyPem] }, (client) => {
    client.on('authentication', (ctx) => {
      attempts.push({
        method: ctx.method,
        hadPassword: ctx.method === 'password' && typeof ctx.password === 'string',
      });
      if (ctx.method === 'password' && ctx.password === 'good') ctx.accept();
      else ctx.reject(['password']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        const session = accept();
        session.on('sftp', (acceptSftp) => {
          const sftp = acceptSftp();
          sftp.on('REALPATH', (id) =>
            sftp.name(id, [{ filename: '/', longname: '/', attrs: {} as never }]),
          );
        });
      });
    });
    client.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as { port: number };
  return {
    port: address.port,
    attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A fresh ed25519 host key (OpenSSH format) and its `SHA256:` fingerprint, computed independently. */
export function newHostKey(): { pem: string; fingerprint: string; publicLine: string } {
  const pair = generateEd25519KeyPair();
  const blob = Buffer.from(pair.public.trim().split(/\s+/)[1] ?? '', 'base64');
  return {
    pem: pair.private,
    publicLine: pair.public.trim(),
    fingerprint: 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, ''),
  };
}

/**
 * The app's handlers (host) on real stores in `dataDir` and the given keychain, as both
 * shells build them; every response and pushed event is kept in `seen` for the no-secret checks.
 * With `acceptHostKeys`, a first-contact prompt is answered "accept" (its fingerprint noted).
 */
export function appHandlers(
  dataDir: string,
  secrets: SecretStore,
  opts: { acceptHostKeys?: boolean } = {},
): {
  host: HostHandlers;
  seen: unknown[];
  call: CallFn;
  acceptedHostKeys: string[];
  /** Pushed events the contract's schemas refuse (the page would drop them). */
  invalidEvents: string[];
} {
  const seen: unknown[] = [];
  const acceptedHostKeys: string[] = [];
  const invalidEvents: string[] = [];
  const host: HostHandlers = openHost({
    secrets,
    dataDir,
    localFiles: { resolve: () => undefined, discard: () => Promise.resolve() },
    warn: (w) => assert.fail(`unexpected store warning: ${w}`),
    emit: (event, payload) => {
      seen.push({ event, payload });
      checkEvent(event, payload, (m) => invalidEvents.push(m));
      if (event === 'hostkey:prompt' && opts.acceptHostKeys) {
        const p = payload as EventPayload<'hostkey:prompt'>;
        acceptedHostKeys.push(p.fingerprint);
        queueMicrotask(() => host.prompts.answer(p.promptId, 'accept'));
      }
    },
    app: {
      name: 'SFTP Import Assistant',
      version: '0.0.0-test',
      platform: 'linux',
      transport: 'web',
    },
  });
  const call: CallFn = async (channel, request) => {
    const r = await dispatchInvoke(host.handlers, channel, request);
    seen.push(r);
    return r as never;
  };
  return { host, seen, call, acceptedHostKeys, invalidEvents };
}

type CallFn = <C extends InvokeChannel>(
  channel: C,
  request: InvokeRequest<C>,
) => Promise<IpcResult<InvokeResponse<C>>>;
