/**
 * The import assistant inside the wizard (issue 12): reads a picked file first (in the worker),
 * asks only when it must (a header unlike the template's, several sheets), remembers the pairing
 * per site and object, and hands the wizard the conversion to check and upload. Renders its own
 * pieces: the template's columns before picking, the reading/pairing panel, and the note on the
 * checked step (what was read, what is sent, save the converted file). DOM (React hook).
 */
import { useRef, useState, type ReactNode } from 'react';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import { useAppServices } from '../../app-services.tsx';
import type { ColumnFix, Converted, Prepare, Reading } from '../../workers/check-protocol.ts';
import type { CheckSummary } from '../import-wizard/import-wizard-machine.ts';
import { FixOffers } from './fix-offers.tsx';
import type { WorkerGrid } from './grid-client.ts';
import { GridPanel } from './grid-panel.tsx';
import { PartialNote, SaveFileButton, ValidRowsOffer, type LeftOut } from './valid-rows.tsx';
import { inspectInWorker, splitInWorker } from './assistant-controller.ts';
import { AssistantNote } from './assistant-note.tsx';
import { AssistantPanel } from './assistant-panel.tsx';
import {
  choicesOf,
  convertedName,
  initialPairing,
  isIdentity,
  memoryKey,
  needsConfirmation,
  needsConversion,
  parseRemembered,
  prepareOf,
  readingInWords,
  type Pairing,
} from './assistant-rules.ts';
import { TemplateColumns } from './template-columns.tsx';

type Asking = {
  file: File;
  reading: Reading;
  pairing: Pairing;
  showPairing: boolean;
  busy: boolean;
};

/** What the checked step says about the conversion. */
export type Prepared = {
  fileName: string;
  reading: Reading;
  converted: Converted | null;
  /** One-click fixes applied while converting. */
  fixes: ColumnFix[];
};

type Context = {
  siteId: string;
  schema: ObjectSchema | null;
  columnsOnly: boolean;
  externalIdColumn?: 'ExternalLeadId' | 'ExternalDataObjectId' | undefined;
  /**
   * Goes on to the check: with a conversion, or the file as it is (`prepare` undefined).
   * `carried`: the conversion's warnings, for a file made from the converted one (fixed in the
   * grid, its valid rows only), whose own check cannot know them.
   */
  onReady: (file: File, prepare: Prepare | undefined, carried?: readonly string[]) => void;
  onError: (message: string) => void;
};

/** The assistant's state and pieces for one wizard. */
export function useImportAssistant(ctx: Context) {
  const services = useAppServices();
  const [asking, setAsking] = useState<Asking | null>(null);
  const [reading, setReading] = useState<string | null>(null);
  const [prepared, setPrepared] = useState<Prepared | null>(null);
  const [last, setLast] = useState<Asking | null>(null);
  const [applied, setApplied] = useState<ColumnFix[]>([]);
  /** Set while the wizard checks a file the assistant read (else `clear` forgets the last one). */
  const handedOver = useRef(false);
  const [leftOut, setLeftOut] = useState<LeftOut | null>(null);
  const [splitting, setSplitting] = useState<{ busy: boolean; error: string | null }>({
    busy: false,
    error: null,
  });
  /** The file as fixed in the grid, when that is what the wizard checks now. */
  const [fixed, setFixed] = useState<File | null>(null);
  /** The open grid: "Send only the valid rows" splits its (edited) rows. */
  const grid = useRef<WorkerGrid | null>(null);
  /** Rows were changed in the grid: a column fix (applied to the original) would lose them. */
  const [gridEdited, setGridEdited] = useState(false);
  /**
   * The last conversion's warnings (encoding, columns not imported, padded rows): still true of a
   * file fixed in the grid or split from it, so they go with its check to the result and History.
   */
  const conversionWarnings = useRef<readonly string[]>([]);
  const schema = ctx.schema;
  const key = schema ? memoryKey(ctx.siteId, schema.object) : '';

  /** Reads `file`; asks or goes straight on. */
  const read = async (file: File, options: { delimiter?: string; sheet?: string } = {}) => {
    if (!schema) return ctx.onReady(file, undefined);
    setReading(file.name);
    const r = await inspectInWorker(services.createCheckWorker, file, options);
    setReading(null);
    if (!r.ok) {
      setAsking(null);
      return ctx.onError(r.message);
    }
    const remembered = parseRemembered(services.storage?.get(key) ?? null);
    const { pairing, match } = initialPairing(r.value.header, schema, remembered);
    const showPairing = needsConfirmation(pairing, match, schema);
    const severalSheets = r.value.format === 'xlsx' && r.value.sheets.length > 1;
    const next: Asking = { file, reading: r.value, pairing, showPairing, busy: false };
    setLast(next);
    conversionWarnings.current = [];
    setApplied([]);
    setLeftOut(null);
    setFixed(null);
    if (showPairing || severalSheets || options.delimiter || options.sheet) {
      return setAsking(next);
    }
    go(next);
  };

  const go = (a: Asking, fixes: ColumnFix[] = []) => {
    setAsking(null);
    setLast(a);
    setFixed(null);
    const convert =
      fixes.length > 0 || needsConversion(a.reading) || !isIdentity(a.pairing, schema!);
    conversionWarnings.current = [];
    setPrepared(
      convert ? { fileName: a.file.name, reading: a.reading, converted: null, fixes } : null,
    );
    handedOver.current = true;
    ctx.onReady(a.file, convert ? { ...prepareOf(a.reading, a.pairing), fixes } : undefined);
    handedOver.current = false;
  };

  /** A one-click fix for a whole column: the file is converted and checked again with it. */
  const apply = (fix: ColumnFix) => {
    if (!last) return;
    const fixes = [...applied.filter((f) => f.column !== fix.column), fix];
    setApplied(fixes);
    setLeftOut(null);
    go(last, fixes);
  };

  /** Splits the file and checks (then sends) its valid rows only; the rest is kept to save. */
  const sendValidOnly = async () => {
    if (!last || !schema) return;
    setSplitting({ busy: true, error: null });
    const rules = {
      schema,
      mode: ctx.columnsOnly ? ('columns-only' as const) : ('full' as const),
      ...(ctx.externalIdColumn ? { externalIdColumn: ctx.externalIdColumn } : {}),
    };
    const prepare = { ...prepareOf(last.reading, last.pairing), fixes: applied };
    // Rows edited in the grid: split as edited there (issue 12 §4). Else the file as converted,
    // whether or not the grid has opened yet, so the same file always gives the same parts.
    const r =
      grid.current && gridEdited
        ? await grid.current.split()
        : await splitInWorker(services.createCheckWorker, last.file, rules, prepare);
    if (!r.ok) return setSplitting({ busy: false, error: r.message });
    setFixed(null);
    setSplitting({ busy: false, error: null });
    const name = convertedName(last.file.name);
    setLeftOut({
      fileName: last.file.name,
      sentName: name,
      valid: r.value.valid,
      validRows: r.value.validRows,
      invalidRows: r.value.invalidRows,
      invalid: r.value.invalid,
    });
    ctx.onReady(
      new File([r.value.valid], name, { type: 'text/csv' }),
      undefined,
      conversionWarnings.current,
    );
  };

  /** The file as edited in the grid goes through the check (and then the upload) again. */
  const sendFixed = (blob: Blob) => {
    if (!last) return;
    const file = new File([blob], convertedName(last.file.name), { type: 'text/csv' });
    setFixed(file);
    setLeftOut(null);
    handedOver.current = true;
    ctx.onReady(file, undefined, conversionWarnings.current);
    handedOver.current = false;
  };

  /** What the grid opens: the file as the wizard checked it (converted, as is, or as fixed). */
  const gridFile: Blob | null =
    fixed ?? (prepared ? (prepared.converted?.blob ?? null) : (last?.file ?? null));

  const confirm = (a: Asking) => {
    if (a.showPairing) services.storage?.set(key, JSON.stringify(choicesOf(a.pairing)));
    go(a);
  };

  /** Before picking (records with a template), or the panel once a file is read. */
  const beforeCheck = (chooseFile: ReactNode): ReactNode => {
    if (asking) {
      return (
        <AssistantPanel
          fileName={asking.file.name}
          reading={asking.reading}
          schema={schema!}
          pairing={asking.pairing}
          showPairing={asking.showPairing}
          busy={asking.busy}
          onPairing={(pairing) => setAsking({ ...asking, pairing })}
          onDelimiter={(delimiter) => {
            setAsking({ ...asking, busy: true });
            void read(asking.file, { delimiter });
          }}
          onSheet={(sheet) => {
            setAsking({ ...asking, busy: true });
            void read(asking.file, { sheet });
          }}
          onContinue={() => confirm(asking)}
          onCancel={() => setAsking(null)}
        />
      );
    }
    return (
      <>
        {schema && <TemplateColumns schema={schema} columnsOnly={ctx.columnsOnly} />}
        {chooseFile}
        {reading && (
          <p className="muted" role="status">
            Reading “{reading}”…
          </p>
        )}
      </>
    );
  };

  /** What the checked file is: fixed in the grid, or the picked file read as it is. */
  const howRead = (onChange: () => void): ReactNode => (
    <>
      {fixed && (
        <div className="row" data-testid="grid-fixed-note">
          <span className="small">
            Checked as you fixed it in the grid: “{fixed.name}”, CSV UTF-8.
          </span>
          <SaveFileButton file={fixed} />
        </div>
      )}
      {!prepared && !leftOut && !fixed && last && (
        <div className="row" data-testid="assistant-read-as">
          <span className="small muted">
            Read as {readingInWords(last.reading)}, as the platform wants it: sent as it is.
          </span>
          <button
            type="button"
            className="btn"
            onClick={() => {
              setAsking({ ...last, showPairing: true });
              onChange();
            }}
          >
            Change how it is read
          </button>
        </div>
      )}
    </>
  );

  /** Whether the grid is shown: a checked file with problems the assistant read. */
  const offersGrid = (summary: CheckSummary): boolean =>
    !leftOut &&
    last !== null &&
    schema !== null &&
    Boolean(gridFile) &&
    summary.fileError === undefined &&
    summary.itemsInvalid > 0;

  /** The grid, on a checked file with problems the assistant read. */
  const gridPanel = (summary: CheckSummary): ReactNode =>
    offersGrid(summary) &&
    schema &&
    gridFile && (
      <GridPanel
        key={gridKey(gridFile)}
        file={gridFile}
        rules={{
          schema,
          mode: ctx.columnsOnly ? 'columns-only' : 'full',
          ...(ctx.externalIdColumn ? { externalIdColumn: ctx.externalIdColumn } : {}),
        }}
        onOpen={(g) => (grid.current = g)}
        onSendFixed={sendFixed}
        onEdited={setGridEdited}
      />
    );

  /**
   * Under the checked file's heading and verdict: what is sent (the conversion, the file fixed in
   * the grid, the valid rows only — each with "Save"), the one-click fixes, then the grid.
   */
  const note = (summary: CheckSummary, onChange: () => void): ReactNode => (
    <>
      {prepared && (
        <AssistantNote
          prepared={prepared}
          onChange={() => {
            setLeftOut(null);
            if (last) setAsking({ ...last, showPairing: true });
            onChange();
          }}
        />
      )}
      {howRead(onChange)}
      {leftOut && <PartialNote partial={leftOut} />}
      {!leftOut && !fixed && !gridEdited && last && schema && summary.fileError === undefined && (
        <FixOffers
          key={`${last.file.name}:${last.file.lastModified}:${applied.length}`}
          file={last.file}
          schema={schema}
          prepare={prepareOf(last.reading, last.pairing)}
          applied={applied}
          onApply={apply}
        />
      )}
      {!leftOut && last && schema && summary.itemsInvalid > 0 && summary.itemsValid > 0 && (
        <ValidRowsOffer
          valid={summary.itemsValid}
          invalid={summary.itemsInvalid}
          busy={splitting.busy}
          error={splitting.error}
          onSendValid={() => void sendValidOnly()}
        />
      )}
      {gridPanel(summary)}
    </>
  );

  return {
    read,
    beforeCheck,
    note,
    offersGrid,
    /** The conversion finished: its file, for the note's "Save". */
    converted: (c: Converted | null) => {
      conversionWarnings.current = c?.warnings ?? [];
      setPrepared((p) => (p ? { ...p, converted: c } : p));
    },
    /** A file checked as it is: no conversion note (and, unless the assistant read it, no offers). */
    clear: () => {
      setPrepared(null);
      if (!handedOver.current) {
        setLast(null);
        setFixed(null);
        conversionWarnings.current = [];
      }
    },
  };
}

/** One key per file object, so a new check opens a new grid (and closes the old one's worker). */
const keys = new WeakMap<Blob, number>();
let lastKey = 0;
function gridKey(file: Blob): number {
  let k = keys.get(file);
  if (k === undefined) keys.set(file, (k = ++lastKey));
  return k;
}
