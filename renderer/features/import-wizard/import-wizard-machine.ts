/**
 * The import wizard as a pure state machine: what to import → which file → local check →
 * upload → waiting for the platform → imported / failed. A reducer over a discriminated union;
 * effects live in import-controller.ts. std (no DOM).
 */
import type { ProblemRow } from '../../lib/problems.ts';
import { assertNever } from '../../lib/assert-never.ts';
import { remoteNameProblem } from '../../lib/remote-name.ts';
import { canFixFailedRows, isPartial, outcomeHeadline } from './outcome-words.ts';

/** What the user is importing (contract §1–§3). */
export type ImportTarget =
  | {
      kind: 'records';
      /** `Lead` in classic; a data object (`Account`, `Contact`, …) in flexible. */
      object: string;
      /** Where the rules come from: the server's /Templates, or a header-only file the user picked. */
      rules: 'server-schema' | 'template-file';
    }
  | { kind: 'territories' }
  | { kind: 'space-file' }
  | { kind: 'contact-list' };

/** A file the user dropped or picked; the bytes stay with the controller. */
export type PickedFile = { name: string; size: number; lastModified: number };

export type CheckProgress = { bytes: number; total: number; rows: number };

/** What the local check found (CSV rows or KML placemarks). */
export type CheckSummary = {
  itemsTotal: number;
  itemsValid: number;
  itemsInvalid: number;
  /** Problems shown in the table (the first 1,000 at most); `problemCount` is exact. */
  problems: readonly ProblemRow[];
  problemCount: number;
  warnings: readonly string[];
  /** A problem that fails the whole file (not UTF-8, missing column, malformed KML, …). */
  fileError?: string;
  /** Columns-only check (a template file from disk): types were not checked. */
  columnsOnly: boolean;
};

export type UploadProgress = { bytes: number; total: number; rateBps: number; etaMs: number };

/** What one imported Placemark did on the server (result.json's optional `territories`). */
export type TerritoryChange = { name: string; level: number; action: 'created' | 'updated' };

/** The platform's verdict (contract §5.7, §9). */
export type VerdictView = {
  status: 'imported' | 'failed' | 'removed' | 'moved-away' | 'timeout';
  rowsTotal?: number;
  rowsImported?: number;
  rowsFailed?: number;
  /** Territory files, when the platform says so: exact counts and the listed territories. */
  territoriesCreated?: number;
  territoriesUpdated?: number;
  territories?: readonly TerritoryChange[];
  /** The server's errors.csv rows, shown in the same table as local problems. */
  problems: readonly ProblemRow[];
  message?: string;
};

type Chosen = { siteId: string; target: ImportTarget };
/** Several files only for territories (1_regions.kml, 2_areas.kml: uploaded in level order). */
type WithFile = Chosen & { files: readonly PickedFile[] };
type Named = WithFile & { summary: CheckSummary; remoteNames: readonly string[] };

export type WizardState =
  | { step: 'choose-target'; siteId: string | null }
  | ({
      step: 'choose-file';
      error?: string;
      /**
       * "Fix the failed rows" of this upload (ledger entry id): the rows the platform's report
       * names are edited in place of picking a file (issue 12 §5).
       */
      fixRowsOf?: string;
    } & Chosen)
  | ({ step: 'checking'; progress: CheckProgress } & WithFile)
  | ({ step: 'checked' } & Named)
  | ({
      step: 'uploading';
      current: number;
      progress: UploadProgress;
      entryIds: readonly string[];
      error?: string;
      /** The user cancelled (the engine removed the partial file). */
      cancelled?: boolean;
      /** This exact file was uploaded before: nothing was sent; ask before sending it again. */
      duplicate?: boolean;
      /** The server refused the password typed for this import: ask it again, not Retry. */
      passwordRefused?: boolean;
    } & Named)
  | ({
      step: 'waiting';
      entryIds: readonly string[];
      outcomes: readonly (VerdictView | null)[];
      uploadedAt: number;
      expectedWaitMs: number;
    } & Named)
  | ({
      step: 'done';
      entryIds: readonly string[];
      outcomes: readonly VerdictView[];
      outcome: VerdictView;
    } & Named);

export type WizardAction =
  | { type: 'wizard/site-chosen'; siteId: string }
  | { type: 'wizard/target-chosen'; target: ImportTarget }
  | { type: 'wizard/files-picked'; files: readonly PickedFile[] }
  | { type: 'wizard/file-rejected'; message: string }
  | { type: 'wizard/check-progress'; progress: CheckProgress }
  | { type: 'wizard/check-finished'; summary: CheckSummary; remoteNames: readonly string[] }
  | { type: 'wizard/renamed'; index: number; remoteName: string }
  | { type: 'wizard/upload-started'; index: number; total: number }
  | { type: 'wizard/file-uploaded'; index: number; entryId: string }
  | { type: 'wizard/upload-progress'; progress: UploadProgress }
  | {
      type: 'wizard/upload-failed';
      message: string;
      cancelled?: boolean;
      duplicate?: boolean;
      passwordRefused?: boolean;
    }
  | { type: 'wizard/uploaded'; at: number; expectedWaitMs: number }
  | { type: 'wizard/outcome'; entryId: string; outcome: VerdictView }
  | { type: 'wizard/back' }
  /** From a checked file back to picking one for the same target (a corrected file, say). */
  | { type: 'wizard/pick-again' }
  /** Edit and resend only the failed rows of an upload (its verdict, or History's). */
  | { type: 'wizard/fix-failed-rows'; entryId: string }
  /** From the failed rows to picking a corrected file (the sent file is gone, or by choice). */
  | { type: 'wizard/pick-file-instead' }
  | { type: 'wizard/reset' };

/** The first state: nothing chosen yet (or a site already known). */
export function getEmptyState(siteId: string | null = null): WizardState {
  return { step: 'choose-target', siteId };
}

type ActionOf<T extends WizardAction['type']> = Extract<WizardAction, { type: T }>;

type TransferAction = ActionOf<
  | 'wizard/upload-started'
  | 'wizard/file-uploaded'
  | 'wizard/upload-progress'
  | 'wizard/upload-failed'
  | 'wizard/uploaded'
  | 'wizard/outcome'
>;
type PrepareAction = Exclude<WizardAction, TransferAction>;
const transferTypes: ReadonlySet<string> = new Set<TransferAction['type']>([
  'wizard/upload-started',
  'wizard/file-uploaded',
  'wizard/upload-progress',
  'wizard/upload-failed',
  'wizard/uploaded',
  'wizard/outcome',
]);

/** The wizard's transitions. Actions that make no sense in the current step are ignored. */
export function wizardReducer(state: Readonly<WizardState>, action: WizardAction): WizardState {
  return transferTypes.has(action.type)
    ? transferReducer(state, action as TransferAction)
    : prepareReducer(state, action as PrepareAction);
}

/** Choosing, checking, naming, going back. */
function prepareReducer(state: Readonly<WizardState>, action: PrepareAction): WizardState {
  if (isRepick(action)) return repick(state, action);
  switch (action.type) {
    case 'wizard/site-chosen':
      return state.step === 'choose-target' ? { ...state, siteId: action.siteId } : state;
    case 'wizard/target-chosen':
      return targetChosen(state, action);
    case 'wizard/files-picked':
      return filesPicked(state, action);
    case 'wizard/file-rejected':
      return state.step === 'choose-file' ? { ...state, error: action.message } : state;
    case 'wizard/check-progress':
      return state.step === 'checking' ? { ...state, progress: action.progress } : state;
    case 'wizard/check-finished':
      return checkFinished(state, action);
    case 'wizard/renamed':
      return renamed(state, action);
    case 'wizard/back':
      return back(state);
    case 'wizard/reset':
      return getEmptyState(state.siteId);
    default:
      return assertNever(action);
  }
}

/** Uploading and the platform's verdicts. */
function transferReducer(state: Readonly<WizardState>, action: TransferAction): WizardState {
  switch (action.type) {
    case 'wizard/upload-started':
      return uploadStarted(state, action);
    case 'wizard/file-uploaded':
      if (state.step !== 'uploading' || action.index !== state.entryIds.length) return state;
      return { ...state, entryIds: [...state.entryIds, action.entryId] };
    case 'wizard/upload-progress':
      if (state.step !== 'uploading') return state;
      return { ...state, progress: monotonic(state.progress, action.progress) };
    case 'wizard/upload-failed':
      if (state.step !== 'uploading') return state;
      return {
        ...state,
        error: action.message,
        ...(action.cancelled ? { cancelled: true } : {}),
        ...(action.duplicate ? { duplicate: true } : {}),
        ...(action.passwordRefused ? { passwordRefused: true } : {}),
      };
    case 'wizard/uploaded':
      return uploaded(state, action);
    case 'wizard/outcome':
      return withOutcome(state, action.entryId, action.outcome);
    default:
      return assertNever(action);
  }
}

function targetChosen(
  state: Readonly<WizardState>,
  action: ActionOf<'wizard/target-chosen'>,
): WizardState {
  if (state.step !== 'choose-target' || state.siteId === null) return state;
  return { step: 'choose-file', siteId: state.siteId, target: action.target };
}

type RepickAction = ActionOf<
  'wizard/pick-again' | 'wizard/fix-failed-rows' | 'wizard/pick-file-instead'
>;
const isRepick = (a: WizardAction): a is RepickAction =>
  a.type === 'wizard/pick-again' ||
  a.type === 'wizard/fix-failed-rows' ||
  a.type === 'wizard/pick-file-instead';

/** Back to choosing what to send for the same target: another file, or the failed rows. */
function repick(state: Readonly<WizardState>, action: RepickAction): WizardState {
  if (action.type === 'wizard/fix-failed-rows') return fixFailedRows(state, action.entryId);
  const from = action.type === 'wizard/pick-again' ? 'checked' : 'choose-file';
  return state.step === from
    ? { step: 'choose-file', siteId: state.siteId, target: state.target }
    : state;
}

/**
 * To the failed rows: from a records file's verdict (that upload's rows) or from the start of a
 * History resubmission (choose-file). Territories and several files have no such rows.
 */
function fixFailedRows(state: Readonly<WizardState>, entryId: string): WizardState {
  if (state.step === 'done' && canFixFailedRows(state)) {
    return { step: 'choose-file', siteId: state.siteId, target: state.target, fixRowsOf: entryId };
  }
  if (state.step === 'choose-file' && state.target.kind === 'records') {
    return { step: 'choose-file', siteId: state.siteId, target: state.target, fixRowsOf: entryId };
  }
  return state;
}

function filesPicked(
  state: Readonly<WizardState>,
  action: ActionOf<'wizard/files-picked'>,
): WizardState {
  if ((state.step !== 'choose-file' && state.step !== 'checked') || action.files.length === 0) {
    return state;
  }
  const total = action.files.reduce((n, f) => n + f.size, 0);
  return {
    step: 'checking',
    siteId: state.siteId,
    target: state.target,
    files: action.files,
    progress: { bytes: 0, total, rows: 0 },
  };
}

function checkFinished(
  state: Readonly<WizardState>,
  action: ActionOf<'wizard/check-finished'>,
): WizardState {
  if (state.step !== 'checking') return state;
  return {
    ...withFile(state),
    step: 'checked',
    summary: action.summary,
    remoteNames: action.remoteNames,
  };
}

function renamed(state: Readonly<WizardState>, action: ActionOf<'wizard/renamed'>): WizardState {
  if (state.step !== 'checked') return state;
  return {
    ...state,
    remoteNames: state.remoteNames.map((n, i) => (i === action.index ? action.remoteName : n)),
  };
}

function uploadStarted(
  state: Readonly<WizardState>,
  action: ActionOf<'wizard/upload-started'>,
): WizardState {
  if (state.step === 'checked' && canUpload(state) && action.index === 0) {
    return {
      ...named(state),
      step: 'uploading',
      current: 0,
      entryIds: [],
      progress: fresh(action.total),
    };
  }
  // The next file, or a retry of the current one (which clears the error).
  if (
    state.step === 'uploading' &&
    (action.index === state.current || action.index === state.entryIds.length)
  ) {
    const {
      error: _retrying,
      cancelled: _cancelled,
      duplicate: _duplicate,
      passwordRefused: _refused,
      ...rest
    } = state;
    return { ...rest, current: action.index, progress: fresh(action.total) };
  }
  return state;
}

function uploaded(state: Readonly<WizardState>, action: ActionOf<'wizard/uploaded'>): WizardState {
  if (state.step !== 'uploading' || state.entryIds.length !== state.files.length) return state;
  return {
    ...named(state),
    step: 'waiting',
    entryIds: state.entryIds,
    outcomes: state.entryIds.map(() => null),
    uploadedAt: action.at,
    expectedWaitMs: action.expectedWaitMs,
  };
}

function withFile(s: WithFile): WithFile {
  return { siteId: s.siteId, target: s.target, files: s.files };
}

/** A checked file may be uploaded when nothing fails the whole file and no row is invalid. */
export function canUpload(state: Readonly<WizardState>): boolean {
  if (state.step !== 'checked' && state.step !== 'uploading') return false;
  const s = state.summary;
  return (
    s.fileError === undefined &&
    s.itemsInvalid === 0 &&
    s.itemsTotal > 0 &&
    state.remoteNames.every(isValidRemoteName) &&
    new Set(state.remoteNames).size === state.remoteNames.length
  );
}

/** All outcomes in one: failed if any file failed, else the first file's kind of success. */
export function combineOutcomes(outcomes: readonly VerdictView[]): VerdictView {
  const bad =
    outcomes.find((o) => o.status === 'failed') ?? outcomes.find((o) => o.status === 'timeout');
  const first = outcomes[0];
  const combined: VerdictView = {
    status: bad?.status ?? first?.status ?? 'imported',
    problems: outcomes.flatMap((o) => o.problems),
  };
  // A count is given when any file gave it.
  for (const k of countKeys) {
    if (outcomes.some((o) => o[k] !== undefined)) {
      combined[k] = outcomes.reduce((n, o) => n + (o[k] ?? 0), 0);
    }
  }
  if (outcomes.some((o) => o.territories)) {
    combined.territories = outcomes.flatMap((o) => o.territories ?? []);
  }
  const message = (bad ?? first)?.message;
  return message ? { ...combined, message } : combined;
}

const countKeys = [
  'rowsTotal',
  'rowsImported',
  'rowsFailed',
  'territoriesCreated',
  'territoriesUpdated',
] as const;

/** A remote name the platforms accept: safe, no leading dot, no `.part` ending (contract §4). */
export function isValidRemoteName(name: string): boolean {
  return remoteNameProblem(name) === null;
}

/** The timeline the user sees: checked → uploaded → waiting → imported / partly / failed. */
export type TimelineStep = {
  id: 'checked' | 'uploaded' | 'waiting' | 'outcome';
  label: string;
  /** `partial`: some rows imported, some failed (the outcome step only). */
  status: 'done' | 'current' | 'todo' | 'failed' | 'partial';
};

/** The timeline for a state (pure, for the timeline component). */
export function timelineOf(state: Readonly<WizardState>): TimelineStep[] {
  const order = [
    'choose-target',
    'choose-file',
    'checking',
    'checked',
    'uploading',
    'waiting',
    'done',
  ];
  const at = order.indexOf(state.step);
  const status = (doneFrom: number, currentAt: number): TimelineStep['status'] =>
    at >= doneFrom ? 'done' : at === currentAt ? 'current' : 'todo';
  const outcome = state.step === 'done' ? state.outcome : undefined;
  return [
    { id: 'checked', label: 'Checked on this computer', status: status(3, 2) },
    uploadedStep(state, status(5, 4)),
    { id: 'waiting', label: 'Waiting for the platform', status: status(6, 5) },
    outcome ? outcomeStep(outcome) : { id: 'outcome', label: 'Imported or failed', status: 'todo' },
  ];
}

/** The last step: "12 imported, 3 failed" for a partial import, as the verdict says it. */
function outcomeStep(o: VerdictView): TimelineStep {
  const failed = o.status === 'failed' || o.status === 'timeout';
  const status = isPartial(o) ? 'partial' : failed ? 'failed' : 'done';
  return { id: 'outcome', label: outcomeHeadline(o), status };
}

/** The "uploaded" step: cancelled, waiting for "send it again?", failed, or as far as it got. */
function uploadedStep(state: Readonly<WizardState>, reached: TimelineStep['status']): TimelineStep {
  if (state.step !== 'uploading' || !state.error) {
    return { id: 'uploaded', label: 'Uploaded', status: reached };
  }
  if (state.duplicate) return { id: 'uploaded', label: 'Sent before', status: 'current' };
  return { id: 'uploaded', label: state.cancelled ? 'Cancelled' : 'Uploaded', status: 'failed' };
}

function named(s: Named & { step: string }): Named {
  return {
    siteId: s.siteId,
    target: s.target,
    files: s.files,
    summary: s.summary,
    remoteNames: s.remoteNames,
  };
}

function fresh(total: number): UploadProgress {
  return { bytes: 0, total, rateBps: 0, etaMs: 0 };
}

function withOutcome(
  state: Readonly<WizardState>,
  entryId: string,
  outcome: VerdictView,
): WizardState {
  if (state.step !== 'waiting') return state;
  const i = state.entryIds.indexOf(entryId);
  if (i < 0) return state;
  const outcomes = state.outcomes.map((o, j) => (j === i ? outcome : o));
  if (outcomes.some((o) => o === null)) return { ...state, outcomes };
  const all = outcomes as VerdictView[];
  return {
    ...named(state),
    step: 'done',
    entryIds: state.entryIds,
    outcomes: all,
    outcome: combineOutcomes(all),
  };
}

function monotonic(prev: UploadProgress, next: UploadProgress): UploadProgress {
  // A restarted transfer reports from 0 again; the bar never runs backwards within one upload.
  return next.bytes >= prev.bytes ? next : { ...next, bytes: prev.bytes };
}

function back(state: Readonly<WizardState>): WizardState {
  switch (state.step) {
    case 'choose-target':
      return state;
    case 'choose-file':
    case 'checking':
    case 'checked':
      return { step: 'choose-target', siteId: state.siteId };
    case 'uploading':
      // Only a failed upload can step back; a running one is cancelled by the controller first.
      return state.error ? { ...named(state), step: 'checked' } : state;
    case 'waiting':
    case 'done':
      return state;
    default:
      return assertNever(state);
  }
}
