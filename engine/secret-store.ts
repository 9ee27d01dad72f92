/**
 * Secrets (passwords, key passphrases) live only in the OS keychain (contract §11): on Linux the
 * Secret Service (GNOME Keyring, KWallet), pinned so there is never a silent fallback to a less
 * safe store, and never plain text. When no keychain is reachable, status() says so plainly and
 * the app offers "ask every time". node (@napi-rs/keyring).
 */
import { AsyncEntry } from '@napi-rs/keyring';
import { errorText, fail, ok, type Result } from './result.ts';

/** Where secrets are kept. Accounts are `user@host:port` (or a key id). */
export interface SecretStore {
  status(): Promise<{ available: boolean; backend: string; reason?: string }>;
  get(account: string): Promise<Result<string | null>>;
  set(account: string, secret: string): Promise<Result<void>>;
  delete(account: string): Promise<Result<void>>;
}

/** The keychain account for a site's password: `user@host:port`. */
export function accountFor(site: { username: string; host: string; port: number }): string {
  return `${site.username}@${site.host}:${site.port}`;
}

const unavailableHint =
  'No keychain is available on this computer, so passwords cannot be saved safely. Choose "ask every time" and enter the password when you connect; it will not be written to disk.';

function backendName(): string {
  switch (process.platform) {
    case 'darwin':
      return 'macOS Keychain';
    case 'win32':
      return 'Windows Credential Manager';
    default:
      return 'Secret Service (GNOME Keyring / KWallet)';
  }
}

/** The OS keychain through @napi-rs/keyring. */
export function createKeyringSecretStore(service = 'sftp-import-assistant'): SecretStore {
  const entry = (account: string): AsyncEntry =>
    new AsyncEntry(
      service,
      account,
      process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined,
    );
  const backend = backendName();
  const unavailable = (
    e: unknown,
  ): { ok: false; error: { code: 'keychain-unavailable'; message: string; detail: string } } =>
    fail('keychain-unavailable', unavailableHint, scrub(errorText(e))) as {
      ok: false;
      error: { code: 'keychain-unavailable'; message: string; detail: string };
    };
  return {
    async status() {
      if (
        process.platform === 'linux' &&
        !process.env.DBUS_SESSION_BUS_ADDRESS &&
        !process.env.XDG_RUNTIME_DIR
      ) {
        return {
          available: false,
          backend,
          reason: `No desktop session bus (D-Bus) is running, so the ${backend} cannot be reached. ${unavailableHint}`,
        };
      }
      try {
        // A read of a probe entry proves the service answers; nothing is written.
        await withDeadline(entry('__sia_probe__').getPassword(), 5000);
        return { available: true, backend };
      } catch (e) {
        return {
          available: false,
          backend,
          reason: `The ${backend} did not answer (${scrub(errorText(e))}). ${unavailableHint}`,
        };
      }
    },
    async get(account) {
      try {
        return ok(await withDeadline(entry(account).getPassword(), 10_000));
      } catch (e) {
        return unavailable(e);
      }
    },
    async set(account, secret) {
      try {
        await withDeadline(entry(account).setPassword(secret), 10_000);
        return ok(undefined);
      } catch (e) {
        return unavailable(e);
      }
    },
    async delete(account) {
      try {
        await withDeadline(entry(account).deletePassword(), 10_000);
        return ok(undefined);
      } catch (e) {
        return unavailable(e);
      }
    },
  };
}

/** An in-memory store (renderer demos and unit tests only; nothing is persisted). */
export function createMemorySecretStore(): SecretStore {
  const map = new Map<string, string>();
  return {
    status: () => Promise.resolve({ available: true, backend: 'memory (tests only)' }),
    get: (a) => Promise.resolve(ok(map.get(a) ?? null)),
    set: (a, s) => {
      map.set(a, s);
      return Promise.resolve(ok(undefined));
    },
    delete: (a) => {
      map.delete(a);
      return Promise.resolve(ok(undefined));
    },
  };
}

async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Keychain errors never contain secrets, but keep them short and single-line. */
function scrub(text: string): string {
  return text.replace(/\s+/g, ' ').slice(0, 300);
}
