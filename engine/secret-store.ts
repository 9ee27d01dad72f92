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
  'No keychain is available on this computer, so passwords cannot be saved safely. Choose “ask every time” and enter the password when you connect; it will not be written to disk.';

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

/**
 * Keychain calls run one at a time in this process. gnome-keyring 42–50 aborts when a new
 * client's OpenSession is dispatched before the daemon has registered that client — which
 * concurrent calls on fresh D-Bus connections make likely (gnome-keyring issues 190, 194) — and
 * the daemon that D-Bus starts again comes back locked on a desktop. Shared by every store.
 */
let keychainQueue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(run: () => Promise<T>): Promise<T> {
  const next = keychainQueue.then(run, run);
  keychainQueue = next.catch(() => undefined);
  return next;
}

/** How many accounts keep their entry (each holds a D-Bus connection) between calls. */
const keptEntries = 16;
/** A call cut off by the keyring going away is tried once more after this pause (D-Bus starts it again meanwhile). */
const retryPauseMs = 300;

/** How D-Bus words a call cut off because the Secret Service went away or is being started. */
const goneWords = new RegExp(
  [
    'disconnected from (the )?message bus', // the daemon died with the call unanswered
    'NoReply',
    'did not receive a reply',
    'ServiceUnknown', // no daemon owns the name at this moment
    'not provided by any \\.service files',
    'Connection reset',
  ].join('|'),
  'i',
);

/**
 * Whether a keychain error says the Secret Service went away during the call (its daemon died,
 * or D-Bus is starting it again), which a second try a moment later gets past.
 */
export function isKeychainGone(text: string): boolean {
  return goneWords.test(text);
}

/** The OS keychain through @napi-rs/keyring. */
export function createKeyringSecretStore(service = 'sftp-import-assistant'): SecretStore {
  // Each AsyncEntry opens its own D-Bus connection, closed only when the entry is collected: one
  // kept per account (most recently used first) instead of a new one per call.
  const entries = new Map<string, AsyncEntry>();
  const entry = (account: string): AsyncEntry => {
    let kept = entries.get(account);
    if (kept) entries.delete(account);
    else {
      kept = new AsyncEntry(
        service,
        account,
        process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined,
      );
      if (entries.size >= keptEntries) entries.delete(entries.keys().next().value as string);
    }
    entries.set(account, kept);
    return kept;
  };
  /** One call, one at a time, tried again once on a fresh connection if it fails. */
  const call = <T>(account: string, op: (e: AsyncEntry) => Promise<T>, ms: number): Promise<T> =>
    oneAtATime(async () => {
      try {
        return await withDeadline(op(entry(account)), ms);
      } catch (e) {
        // Only a keychain that went away mid-call is asked again: a refusal (a dismissed unlock
        // prompt, access denied on macOS) would otherwise put the same question to the user twice.
        if (e instanceof NoAnswer || !isKeychainGone(errorText(e))) throw e;
        entries.delete(account);
        await new Promise((resolve) => setTimeout(resolve, retryPauseMs));
        return await withDeadline(op(entry(account)), ms);
      }
    });
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
        await call('__sia_probe__', (e) => e.getPassword(), 5000);
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
        return ok(await call(account, (e) => e.getPassword(), 10_000));
      } catch (e) {
        return unavailable(e);
      }
    },
    async set(account, secret) {
      try {
        await call(account, (e) => e.setPassword(secret), 10_000);
        return ok(undefined);
      } catch (e) {
        return unavailable(e);
      }
    },
    async delete(account) {
      try {
        await call(account, (e) => e.deletePassword(), 10_000);
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

class NoAnswer extends Error {}

async function withDeadline<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new NoAnswer(`no answer within ${ms / 1000} s`)), ms);
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
