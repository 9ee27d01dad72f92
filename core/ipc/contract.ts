/**
 * The process-boundary contract: ONE map of renderer → main channels (`invokeContract`, key =
 * channel name `'area:verb-noun'`, one request object and one response object each) and one map
 * of main → renderer pushes (`eventContract`). Types are inferred from the zod schemas; the main
 * side validates every request with them (core/ipc/dispatch.ts). No response or event carries a
 * secret (contract §11): secrets travel only renderer → main, inside requests.
 * std: runs in Node and the browser.
 */
import { z } from 'zod';
import { ObjectSchema } from '../schema/object-schema.ts';
import { IpcError, type IpcResult } from './result.ts';

// ---------------------------------------------------------------------------------------------
// Building blocks

const Id = z.string().min(1).max(200);

/**
 * What the user chose when shown a server identity not seen before (an SSH host key or a TLS
 * certificate, contract §11, §12): `accept` remembers it, `once` trusts it for this connection,
 * `cancel` aborts. The one definition the engine, the host and the page use.
 */
export const TrustDecision = z.enum(['accept', 'once', 'cancel']);
export type TrustDecision = z.infer<typeof TrustDecision>;
const Path = z.string().min(1).max(4096);
/** A password, passphrase or similar. Only ever in requests. */
const Secret = z.string().min(1).max(4096);
const Port = z.number().int().min(1).max(65535);
/** An ISO 8601 timestamp. */
const Iso = z.string().max(64);

/** The platform profile of a site (core/profiles). */
export const ProfileId = z.enum(['classic', 'flexible', 'space', 'contact-lists', 'pull']);
export type ProfileId = z.infer<typeof ProfileId>;

/** What a drop target accepts (core/profiles `DropKind`). */
export const DropKind = z.enum(['records', 'territories', 'space-file', 'contact-list']);
export type DropKind = z.infer<typeof DropKind>;

/** A pinned SSH host key, by SHA-256 fingerprint (`SHA256:<base64>`). */
export const HostKey = z.object({ type: z.string().max(100), fingerprint: z.string().max(200) });
export type HostKey = z.infer<typeof HostKey>;

/** How a site is reached (contract §12): SSH, FTP over implicit TLS (`ftps://`), explicit TLS (`ftpes://`). */
export const SiteProtocol = z.enum(['sftp', 'ftps', 'ftpes']);
export type SiteProtocol = z.infer<typeof SiteProtocol>;

/** The profiles whose platform also speaks FTPS (SPOTIO's workspaces, contract §12); the rest are SFTP only. */
export const ftpsProfiles: readonly ProfileId[] = ['classic', 'flexible'];

/** A site as the user edits it. `id` is absent for a new site. */
export const SiteInput = z.strictObject({
  id: Id.optional(),
  name: z.string().trim().min(1).max(200),
  profile: ProfileId,
  host: z.string().trim().min(1).max(255),
  port: Port,
  /** Absent = 'sftp'. */
  protocol: SiteProtocol.optional(),
  /** The address named no protocol (a bare host): the next "Test connection" finds it and saves it. */
  probe: z.boolean().optional(),
  username: z.string().min(1).max(255),
  authMethod: z.enum(['password', 'publickey']),
  privateKeyPath: Path.optional(),
  /** `keychain`: the secret is stored in the OS keychain; `ask`: asked for at each use. */
  secretMode: z.enum(['keychain', 'ask']),
  hostKey: HostKey.optional(),
  /** Also offer SHA-1 to an old SSH server (weak; off unless the user allows it, issue 14). */
  allowSha1: z.boolean().optional(),
});
export type SiteInput = z.infer<typeof SiteInput>;

/** A saved site as the renderer sees it: never its secret, only whether one is stored. */
export const SiteView = z.object({
  id: Id,
  name: z.string(),
  profile: ProfileId,
  host: z.string(),
  port: Port,
  protocol: SiteProtocol.optional(),
  probe: z.boolean().optional(),
  username: z.string(),
  authMethod: z.enum(['password', 'publickey']),
  privateKeyPath: z.string().optional(),
  secretMode: z.enum(['keychain', 'ask']),
  hostKey: HostKey.optional(),
  allowSha1: z.boolean().optional(),
  hasSecret: z.boolean(),
});
export type SiteView = z.infer<typeof SiteView>;

/** One step of "Test connection" (contract §11), in plain words. */
export const DoctorStep = z.object({
  /** 'reach' | 'banner' | 'host-key' | 'login' | 'folders' | 'write' | 'file' | 'header' … */
  id: z.string(),
  label: z.string(),
  status: z.enum(['running', 'ok', 'failed', 'skipped']),
  message: z.string(),
  hint: z.string().optional(),
  /** On a failed step, the engine's error code ('host-key-changed', 'auth-failed', …). */
  code: z.string().max(64).optional(),
});
export type DoctorStep = z.infer<typeof DoctorStep>;

/** The whole "Test connection" answer. */
export const DoctorReport = z.object({
  ok: z.boolean(),
  steps: z.array(DoctorStep),
  /** The host key seen, when the connection got that far. */
  hostKey: HostKey.optional(),
});
export type DoctorReport = z.infer<typeof DoctorReport>;

/**
 * A remembered host key or certificate: from the known-hosts list (`addedAt` set) and/or saved
 * with sites (`sites` names them). Forgetting the server clears both, so a changed key is
 * unblocked from one place (issue 11 "Trust").
 */
export const KnownHostView = z.object({
  host: z.string(),
  port: Port,
  type: z.string(),
  fingerprint: z.string(),
  addedAt: Iso.optional(),
  /** Names of the sites that hold this key saved with them. */
  sites: z.array(z.string()).optional(),
});
export type KnownHostView = z.infer<typeof KnownHostView>;

/** A template found in a site's `/Templates` (contract §3). */
export const RemoteTemplate = z.object({
  object: z.string(),
  /** Absent when only the header row (`<Object>.csv`) is there. */
  schema: ObjectSchema.optional(),
  headerOnly: z.boolean(),
  /** Columns of the header row, when known. */
  columns: z.array(z.string()).optional(),
});
export type RemoteTemplate = z.infer<typeof RemoteTemplate>;

/** Where an upload stands, from the ledger (engine/ledger.ts). */
export const LedgerOutcome = z.enum([
  'uploading',
  'uploaded',
  'waiting',
  'imported',
  'failed',
  'removed',
  'moved-away',
  'timeout',
  'error',
]);
export type LedgerOutcome = z.infer<typeof LedgerOutcome>;

/** `<file>.result.json` (contract §5.7). Loose: newer platform fields pass through. */
export const ResultJson = z.looseObject({
  status: z.string(),
  file: z.string().optional(),
  object: z.string().optional(),
  rowsTotal: z.number().optional(),
  rowsImported: z.number().optional(),
  rowsFailed: z.number().optional(),
  packages: z.number().optional(),
  warnings: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type ResultJson = z.infer<typeof ResultJson>;

/**
 * One row of `<file>.errors.csv` (contract §5.7); `row` as a spreadsheet shows it (header = 1),
 * 0 for a problem with the whole file.
 */
export const ErrorRow = z.object({
  row: z.number(),
  column: z.string(),
  value: z.string(),
  message: z.string(),
});
export type ErrorRow = z.infer<typeof ErrorRow>;

/** Warnings of the app's check that travel with a file (issue 12 §6). */
export const Warnings = z.array(z.string().max(2000)).max(100);

/** One upload in the history. */
export const HistoryEntry = z.object({
  id: Id,
  siteId: Id,
  fileName: z.string(),
  remotePath: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  startedAt: Iso,
  finishedAt: Iso.optional(),
  outcome: LedgerOutcome,
  /** Counts from result.json, when the platform wrote one. */
  rowsTotal: z.number().optional(),
  rowsImported: z.number().optional(),
  rowsFailed: z.number().optional(),
  hasErrorReport: z.boolean(),
  /** Plain-words line for the list ("Imported 120 rows", "Failed: 3 rows with errors"). */
  message: z.string().optional(),
  /** The app's check warnings when the file was sent (absent in entries older than issue 12). */
  warnings: Warnings.optional(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

/** The app's own settings (appearance). */
export const Settings = z.object({
  theme: z.enum(['system', 'light', 'dark']),
  /** Show a desktop notification when an import is done. */
  notify: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

const Empty = z.strictObject({});
const Done = z.object({});

// ---------------------------------------------------------------------------------------------
// renderer → main

/** Every renderer → main request. Key = channel name. */
export const invokeContract = {
  'app:get-info': {
    request: Empty,
    response: z.object({
      name: z.string(),
      version: z.string(),
      /** `process.platform` of the main side ('linux', 'win32', 'darwin'). */
      platform: z.string(),
      /** Which shell hosts the renderer. */
      transport: z.enum(['electron', 'web']),
      /** Folder holding settings, ledger and keys (shown in "About"). */
      dataDir: z.string(),
    }),
  },

  'sites:list': { request: Empty, response: z.object({ sites: z.array(SiteView) }) },
  /**
   * Creates or updates a site; a given `secret` goes to the OS keychain, never to disk, before
   * the site is written: when the keychain cannot take it the answer is `keychain-unavailable`
   * and nothing is saved or changed, so the page can save the same draft again (e.g. with
   * `secretMode: 'ask'`) without making a second site.
   */
  'sites:save': {
    request: z.strictObject({ site: SiteInput, secret: Secret.optional() }),
    response: z.object({ site: SiteView }),
  },
  /** Removes a site and its keychain entry. */
  'sites:remove': { request: z.strictObject({ siteId: Id }), response: Done },
  /**
   * "Test connection": runs the doctor, pushing each step as `doctor:step` (tagged `testId` when
   * given) and a `hostkey:prompt` for an unknown host key. `secret` is for `ask` sites or to test
   * before saving.
   */
  'sites:test': {
    request: z.strictObject({ siteId: Id, secret: Secret.optional(), testId: Id.optional() }),
    response: z.object({
      report: DoctorReport,
      /** Set when the test found the site's protocol (a bare host) and saved it with its port. */
      site: SiteView.optional(),
    }),
  },

  /**
   * Electron only (the preload's `stageFile`): registers the path of a file the user picked and
   * returns an opaque `localRef`. The web host refuses it: a page never names host paths.
   */
  'files:stage-path': {
    request: z.strictObject({ path: Path }),
    response: z.object({ localRef: Id, name: z.string(), size: z.number() }),
  },
  /**
   * Electron only (the preload's `stageFile`, for a file made in the page: the assistant's
   * converted file, the fixed failed rows): its bytes in chunks — open, chunks, then close, which
   * answers as `files:stage-path` does. The web host refuses these: its page POSTs the bytes.
   */
  'files:stage-open': {
    request: z.strictObject({ name: z.string().min(1).max(1024) }),
    response: z.object({ upload: Id }),
  },
  'files:stage-chunk': {
    request: z.strictObject({ upload: Id, bytes: z.instanceof(Uint8Array) }),
    response: Done,
  },
  'files:stage-close': {
    request: z.strictObject({ upload: Id, abort: z.boolean().optional() }),
    response: z.object({ localRef: Id, name: z.string(), size: z.number() }),
  },
  /** Forgets a staged file (the web host deletes its copy). */
  'files:discard': { request: z.strictObject({ localRef: Id }), response: Done },

  'secrets:status': {
    request: Empty,
    response: z.object({
      available: z.boolean(),
      backend: z.string(),
      reason: z.string().optional(),
    }),
  },

  'hostkeys:list': { request: Empty, response: z.object({ hosts: z.array(KnownHostView) }) },
  /** Forgets every key of host:port, in the known-hosts list and saved with sites (named back). */
  'hostkeys:forget': {
    request: z.strictObject({ host: z.string().min(1).max(255), port: Port }),
    response: z.object({ sites: z.array(z.string()).optional() }),
  },
  /**
   * Answers a pushed `hostkey:prompt`: `accept` remembers the key, `once` trusts it for this
   * connection only, `cancel` aborts. An unknown or expired `promptId` → 'not-found'.
   */
  'hostkey:answer': {
    request: z.strictObject({ promptId: Id, decision: TrustDecision }),
    response: Done,
  },

  /**
   * Makes an RSA key pair (contact-lists: ssh-rsa, 2048 bits). The private key is written under
   * the app data dir and its passphrase kept in the keychain; with `siteId` the site is switched
   * to that key. Returns the public key line to paste into the platform.
   */
  'keys:generate': {
    request: z.strictObject({
      comment: z.string().max(200).optional(),
      passphrase: Secret.optional(),
      siteId: Id.optional(),
    }),
    response: z.object({
      keyId: Id,
      publicKey: z.string(),
      privateKeyPath: z.string(),
      /** The public key passes the profile's key rules (contract §9). */
      accepted: z.boolean(),
      reason: z.string().optional(),
    }),
  },

  /**
   * Electron only: the native "open file" dialog for a private key file (in ~/.ssh by default).
   * `path` is null when the user cancels. The web host answers 'unavailable' (type the path).
   */
  'keys:pick-file': { request: Empty, response: z.object({ path: z.string().nullable() }) },

  /** Templates of the site's `/Templates` folder (contract §3). */
  'templates:list': {
    request: z.strictObject({ siteId: Id, secret: Secret.optional() }),
    response: z.object({ templates: z.array(RemoteTemplate) }),
  },

  /**
   * Starts an upload of a staged file (`Bridge.stageFile`) into the site's drop folder for
   * `kind`; progress arrives as `upload:progress`, the end as `upload:finished`, then the
   * outcome as `outcome:update` (the watch starts by itself). A file already uploaded to this
   * site (same SHA-256) fails with 'duplicate' unless `allowDuplicate`.
   */
  'upload:start': {
    request: z.strictObject({
      siteId: Id,
      localRef: Id,
      kind: DropKind,
      object: z.string().max(100).optional(),
      remoteName: z.string().min(1).max(255),
      secret: Secret.optional(),
      allowDuplicate: z.boolean().optional(),
      /** The check's warnings (ignored columns, skipped rows, conversions), kept in History. */
      warnings: Warnings.optional(),
    }),
    response: z.object({ uploadId: Id, entryId: Id }),
  },
  'upload:cancel': {
    request: z.strictObject({ uploadId: Id }),
    response: z.object({ cancelled: z.boolean() }),
  },
  /** Uploads and watches still running (for a renderer that reloaded). */
  'upload:list-active': {
    request: Empty,
    response: z.object({
      uploads: z.array(
        z.object({
          uploadId: Id,
          entryId: Id,
          fileName: z.string(),
          bytes: z.number(),
          total: z.number(),
        }),
      ),
      watching: z.array(Id),
    }),
  },

  /** (Re)starts watching a ledger entry's outcome (after a restart, say); pushes `outcome:update`. */
  'watch:start': {
    request: z.strictObject({ entryId: Id, secret: Secret.optional() }),
    response: Done,
  },
  'watch:stop': { request: z.strictObject({ entryId: Id }), response: Done },

  'history:list': {
    request: z.strictObject({
      siteId: Id.optional(),
      limit: z.number().int().min(1).max(10_000).optional(),
    }),
    response: z.object({ entries: z.array(HistoryEntry) }),
  },
  /** The platform's result.json and error rows of one upload (contract §5.7). */
  'history:report': {
    request: z.strictObject({ entryId: Id }),
    response: z.object({
      entry: HistoryEntry,
      result: ResultJson.nullable(),
      errors: z.array(ErrorRow),
      /** More error rows exist than were returned. */
      errorsTruncated: z.boolean(),
    }),
  },

  /**
   * "Fix the failed rows" (issue 12 §5): the rows of a failed upload that its error report names,
   * as they were sent, with the platform's problems. Read from the sent file on this computer
   * when it is unchanged (same SHA-256), else from the platform's `Failed/` copy (also checked);
   * 'not-found' when neither is there any more, saying so (then: pick the corrected file).
   */
  'history:failed-rows': {
    request: z.strictObject({ entryId: Id, secret: Secret.optional() }),
    response: z.object({
      fileName: z.string(),
      /** Where the sent bytes were read: this computer, or the platform's Failed/ folder. */
      source: z.enum(['this-computer', 'server']),
      header: z.array(z.string()),
      rows: z.array(
        z.object({
          row: z.number().int(),
          values: z.array(z.string()),
          problems: z.array(
            z.object({ column: z.string(), value: z.string(), message: z.string() }),
          ),
        }),
      ),
      /** Report rows the sent file does not have, and problems with the whole file. */
      missing: z.array(z.number().int()),
      fileProblems: z.array(z.string()),
      /** The report has more rows than were read (the first 10,000 are). */
      truncated: z.boolean(),
    }),
  },

  /**
   * The territories a site's server is known to have, from the result.json of its earlier
   * territory imports in the ledger (an optional extra of result.json: `territories`), so the
   * wizard can say which Placemarks update a territory and which create one (contract §6).
   */
  'history:known-territories': {
    request: z.strictObject({ siteId: Id }),
    response: z.object({
      /** Names the platform reported as created or updated, with the level of the last import. */
      territories: z.array(z.object({ name: z.string(), level: z.number() })),
      /** Earlier territory imports of this site with a verdict. */
      imports: z.number().int().nonnegative(),
      /** Every one of them listed all its territories, and none is still waiting for a verdict. */
      complete: z.boolean(),
    }),
  },

  'settings:get': { request: Empty, response: z.object({ settings: Settings }) },
  'settings:set': {
    request: z.strictObject({ patch: Settings.partial().strict() }),
    response: z.object({ settings: Settings }),
  },

  /**
   * Issue 6, "check my server's file" (pull profile, contract §9): reach, host key, login, the
   * file is there and has a company-name column.
   */
  'pull:check': {
    request: z.strictObject({
      host: z.string().trim().min(1).max(255),
      port: Port,
      username: z.string().min(1).max(255),
      password: Secret,
      path: Path,
      hostKey: HostKey.optional(),
      testId: Id.optional(),
    }),
    response: z.object({ report: DoctorReport }),
  },
} as const;

// ---------------------------------------------------------------------------------------------
// main → renderer

/** Every main → renderer push. */
export const eventContract = {
  /** One step of a running `sites:test` / `pull:check`. */
  'doctor:step': z.object({ siteId: Id.optional(), testId: Id.optional(), step: DoctorStep }),
  /** An unknown host key needs the user's decision (`hostkey:answer`). */
  'hostkey:prompt': z.object({
    promptId: Id,
    host: z.string(),
    port: Port,
    keyType: z.string(),
    fingerprint: z.string(),
    /** Set when the key CHANGED: the connection is blocked, this is for the message only. */
    previousFingerprint: z.string().optional(),
    /**
     * FTPS (contract §12): the server showed a TLS certificate (keyType `x509`), not an SSH key;
     * what a person needs to judge it, and why the system's CAs do not vouch for it.
     */
    certificate: z
      .object({
        subject: z.string().max(1000),
        issuer: z.string().max(1000),
        validFrom: z.string().max(64),
        validTo: z.string().max(64),
        reason: z.string().max(500).optional(),
      })
      .optional(),
    /** Epoch ms after which the prompt counts as cancelled. */
    expiresAt: z.number(),
  }),
  /** A prompt ended (answered, timed out or its connection went away): close its dialog. */
  'hostkey:prompt-closed': z.object({
    promptId: Id,
    decision: z.enum([...TrustDecision.options, 'timeout']),
  }),
  'upload:progress': z.object({
    uploadId: Id,
    entryId: Id,
    bytes: z.number(),
    total: z.number(),
    rateBps: z.number(),
    etaMs: z.number(),
  }),
  'upload:finished': z.object({
    uploadId: Id,
    entryId: Id,
    ok: z.boolean(),
    remotePath: z.string().optional(),
    bytes: z.number().optional(),
    sha256: z.string().optional(),
    attempts: z.number().optional(),
    error: IpcError.optional(),
  }),
  /** The platform's verdict on an upload moved on (waiting → imported / failed / …). */
  'outcome:update': z.object({
    entryId: Id,
    outcome: LedgerOutcome,
    /** Where the file went (`/Leads/Import/Success/x.csv`), when known. */
    where: z.string().optional(),
    message: z.string(),
    rowsTotal: z.number().optional(),
    rowsImported: z.number().optional(),
    rowsFailed: z.number().optional(),
    error: IpcError.optional(),
  }),
} as const;

// ---------------------------------------------------------------------------------------------
// Types

export type InvokeChannel = keyof typeof invokeContract;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.infer<
  (typeof invokeContract)[C]['response']
>;
/** A request after validation (what a handler receives). */
export type ParsedRequest<C extends InvokeChannel> = z.output<
  (typeof invokeContract)[C]['request']
>;
export type EventChannel = keyof typeof eventContract;
export type EventPayload<E extends EventChannel> = z.infer<(typeof eventContract)[E]>;

/** Main-side implementation: one handler per channel; a missing channel is a compile error. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (request: ParsedRequest<C>) => Promise<IpcResult<InvokeResponse<C>>>;
};

/** Every channel name, in contract order. */
export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];
/** Every event name. */
export const eventChannels = Object.keys(eventContract) as EventChannel[];

/** Whether a string names an invoke channel (own property only: `__proto__` is not one). */
export function isInvokeChannel(name: string): name is InvokeChannel {
  return Object.hasOwn(invokeContract, name);
}

/** Whether a string names an event. */
export function isEventChannel(name: string): name is EventChannel {
  return Object.hasOwn(eventContract, name);
}
