/**
 * The wizard's current step: renders it and runs its effects through the controller. Keeps the
 * picked `File`s, the territory map data and what the ledger knows of the site's territories
 * beside the pure state. DOM.
 */
import { useState, type Dispatch } from 'react';
import type { DropKind, InvokeResponse, SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import { useAppServices } from '../../app-services.tsx';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { remoteNameFor, resubmitSuffix } from '../../lib/remote-name.ts';
import type { TerritoryCollection } from '../territories/territory-features.ts';
import { withKmzTerritories } from '../territories/kmz-files.ts';
import {
  checkFiles,
  loadKnownTerritories,
  uploadAll,
  uploadOrder,
  type CheckRules,
  type Resubmit,
} from './import-controller.ts';
import { useUploadCancel } from './use-upload-cancel.ts';
import type { ImportTarget, WizardAction, WizardState } from './import-wizard-machine.ts';
import { acceptFor, rejectFiles } from './file-rules.ts';
import { noRules, sentAsIs, withWarningsFirst } from './check-summary.ts';
import { CheckedStep } from './steps/checked-step.tsx';
import { CheckingStep } from './steps/checking-step.tsx';
import { ChooseFile } from './steps/choose-file.tsx';
import { ChooseTarget } from './steps/choose-target.tsx';
import { ResultStep } from './steps/result-step.tsx';
import { FailedRowsEditor } from './failed-rows-editor.tsx';
import { PasswordGate } from './password-gate.tsx';
import { wholeFileWarning } from './failed-rows-draft.ts';
import { UploadingStep } from './steps/uploading-step.tsx';
import { checkConverted } from '../import-assistant/assistant-controller.ts';
import { convertedName, withConvertedFiles } from '../import-assistant/assistant-rules.ts';
import { useImportAssistant } from '../import-assistant/use-import-assistant.tsx';
import type { Prepare } from '../../workers/check-protocol.ts';

type Props = {
  state: WizardState;
  dispatch: Dispatch<WizardAction>;
  site: SiteView;
  schema: ObjectSchema | null;
  onSchema: (schema: ObjectSchema | null) => void;
  /** The password typed for this import ("ask every time"), else undefined. */
  secret: string | undefined;
  /** A new password typed where the server refused the last one (password-refused.ts). */
  onSecret: (secret: string) => void;
  /**
   * The server refused `secret` before a file was sent (choosing what to import, reading the
   * failed rows): ask again in place (import-screen.tsx).
   */
  onPasswordRefused: () => void;
  resubmit: Resubmit | null;
};

export type KnownTerritories = InvokeResponse<'history:known-territories'>;

/** One switch over the step. */
export function WizardBody(props: Props) {
  const { state, dispatch, site, schema, onSchema, secret, resubmit } = props;
  const bridge = useBridge();
  const services = useAppServices();
  const [files, setFiles] = useState<File[]>([]);
  const [collection, setCollection] = useState<TerritoryCollection | null>(null);
  const [known, setKnown] = useState<KnownTerritories | null>(null);
  const cancellable = useUploadCancel(bridge);
  const profile = profiles[site.profile];
  // The import assistant (issue 12) reads a records file first and may convert it.
  const records = 'target' in state && state.target.kind === 'records' ? state.target : null;
  const assistant = useImportAssistant({
    siteId: site.id,
    schema: records ? schema : null,
    columnsOnly: records?.rules === 'template-file',
    externalIdColumn: profile.externalIdColumn,
    onReady: (file, prepare, carried) =>
      records && void startCheck(records, [file], prepare, carried),
    onError: (message) => dispatch({ type: 'wizard/file-rejected', message }),
  });
  const assisted = withConvertedFiles(profile);
  const plain = withKmzTerritories(profile); // the picker also takes a .kmz for territories

  const onFiles = async (target: ImportTarget, picked: File[]) => {
    const rejected = rejectFiles(target, target.kind === 'records' ? assisted : plain, picked);
    if (rejected) return dispatch({ type: 'wizard/file-rejected', message: rejected });
    const one = picked[0];
    if (target.kind === 'records' && schema && one && picked.length === 1 && !isZip(one.name)) {
      return assistant.read(one);
    }
    return startCheck(target, picked, undefined);
  };

  /** `carried`: warnings of the conversion `picked` was made from, put first in its summary. */
  const startCheck = async (
    target: ImportTarget,
    picked: File[],
    prepare: Prepare | undefined,
    carried?: readonly string[],
  ) => {
    const report = withWarningsFirst(dispatch, carried);
    const ordered = uploadOrder(picked);
    setFiles(ordered);
    setCollection(null);
    report({
      type: 'wizard/files-picked',
      files: ordered.map((f) => ({ name: f.name, size: f.size, lastModified: f.lastModified })),
    });
    const suffix = resubmit ? resubmitSuffix(new Date(services.now())) : '';
    const nameOf = (n: string) =>
      remoteNameFor(target, profile.objectFromFileName, n, suffix, () => new Date(services.now()));
    const remoteNames = ordered.map((f) => nameOf(prepare ? convertedName(f.name) : f.name));
    const finished = (summary: ReturnType<typeof noRules>) =>
      report({ type: 'wizard/check-finished', summary, remoteNames });
    if (ordered.some((f) => f.name.toLowerCase().endsWith('.zip'))) {
      return finished(sentAsIs('zip'));
    }
    if (target.kind === 'space-file' || target.kind === 'contact-list') {
      return finished(sentAsIs('platform-has-no-template'));
    }
    const rules = target.kind === 'records' ? rulesFor(target, schema) : null;
    // Records are always checked with the rules they were chosen with; never sent unchecked.
    if (target.kind === 'records' && rules === null) return finished(noRules());
    if (prepare && rules && ordered[0]) {
      // What is checked and uploaded is the converted file, never the original (issue 12 §2).
      const c = services.createCheckWorker;
      const r = await checkConverted(c, report, ordered[0], rules, prepare, remoteNames[0]!);
      if (r) setFiles([r.file]);
      return assistant.converted(r?.converted ?? null);
    }
    assistant.clear();
    if (target.kind === 'territories') {
      setKnown(null);
      void loadKnownTerritories(bridge, site.id).then(setKnown);
    }
    const c = await checkFiles(
      services.createCheckWorker,
      report,
      target,
      ordered,
      rules,
      nameOf,
      setFiles,
    );
    setCollection(c);
  };

  const rulesFor = (
    target: Extract<ImportTarget, { kind: 'records' }>,
    s: ObjectSchema | null,
  ): CheckRules | null =>
    s
      ? {
          schema: s,
          mode: target.rules === 'template-file' ? 'columns-only' : 'full',
          ...(profile.externalIdColumn ? { externalIdColumn: profile.externalIdColumn } : {}),
        }
      : null;

  /** `options.secret`: the password typed again after the server refused the last one. */
  const upload = (options: { allowDuplicate?: boolean; secret?: string } = {}) => {
    if (state.step !== 'checked' && state.step !== 'uploading') return;
    const password = options.secret ?? secret;
    cancellable.reset();
    const kind: DropKind = state.target.kind;
    void uploadAll(bridge, dispatch, {
      siteId: site.id,
      kind,
      ...(state.target.kind === 'records' && profile.objectFromFileName
        ? { object: state.target.object }
        : {}),
      files,
      remoteNames: state.remoteNames,
      ...(password ? { secret: password } : {}),
      now: services.now,
      onUploadId: cancellable.onUploadId,
      // A retry goes on with the file that did not go through.
      from: state.step === 'uploading' ? state.entryIds.length : 0,
      ...(options.allowDuplicate ? { allowDuplicate: true } : {}),
      warnings: state.summary.warnings,
    });
  };

  /** Step 2: the failed rows to fix (issue 12 §5), or the file to pick. */
  const chooseFile = (state: Extract<WizardState, { step: 'choose-file' }>) => {
    if (state.fixRowsOf) {
      // Only the failed rows, edited, then the same check and upload as a picked file.
      return (
        <FailedRowsEditor
          entryId={state.fixRowsOf}
          secret={secret}
          onPasswordRefused={props.onPasswordRefused}
          externalIdColumn={profile.externalIdColumn}
          rules={state.target.kind === 'records' ? rulesFor(state.target, schema) : null}
          onSend={(file) => void startCheck(state.target, [file], undefined)}
          onPickFile={() => dispatch({ type: 'wizard/pick-file-instead' })}
          onBack={() => dispatch({ type: 'wizard/back' })}
        />
      );
    }
    return assistant.beforeCheck(
      <ChooseFile
        target={state.target}
        accept={acceptFor(state.target, state.target.kind === 'records' ? assisted : plain)}
        error={state.error}
        resubmitOf={resubmit?.fileName}
        {...(resubmit && state.target.kind === 'records'
          ? { wholeFileWarning: wholeFileWarning(profile.externalIdColumn) }
          : {})}
        onFiles={(f) => void onFiles(state.target, f)}
        onBack={() => dispatch({ type: 'wizard/back' })}
      />,
    );
  };

  switch (state.step) {
    case 'choose-target':
      return (
        <ChooseTarget
          site={site}
          {...(secret ? { secret } : {})}
          onPasswordRefused={props.onPasswordRefused}
          onChoose={(target, s) => {
            onSchema(s);
            dispatch({ type: 'wizard/target-chosen', target });
          }}
        />
      );
    case 'choose-file':
      return chooseFile(state);
    case 'checking':
      return <CheckingStep state={state} />;
    case 'checked':
      return (
        <CheckedStep
          state={state}
          fixHere={assistant.offersGrid(state.summary)}
          assistant={assistant.note(state.summary, () => dispatch({ type: 'wizard/pick-again' }))}
          dispatch={dispatch}
          collection={collection}
          known={known}
          onUpload={() => upload()}
        />
      );
    case 'uploading':
      return (
        <UploadingStep
          state={state}
          onRetry={() => upload()}
          onSendAgain={() => upload({ allowDuplicate: true })}
          onCancel={cancellable.cancel}
          onBack={() => dispatch({ type: 'wizard/back' })}
          {...(secret !== undefined
            ? {
                passwordPrompt: (
                  <PasswordGate
                    siteName={site.name}
                    purpose="to upload"
                    refused
                    onSecret={(typed) => {
                      props.onSecret(typed);
                      upload({ secret: typed }); // goes on with the new one, from the same file
                    }}
                  />
                ),
              }
            : {})}
        />
      );
    case 'waiting':
    case 'done':
      return (
        <ResultStep
          state={state}
          collection={collection}
          onAnother={() => dispatch({ type: 'wizard/reset' })}
          onFixRows={(entryId) => dispatch({ type: 'wizard/fix-failed-rows', entryId })}
        />
      );
  }
}

const isZip = (name: string) => name.toLowerCase().endsWith('.zip');
