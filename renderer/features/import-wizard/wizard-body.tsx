/**
 * The wizard's current step: renders it and runs its effects through the controller. Keeps the
 * picked `File`s and the territory map data beside the pure state. DOM.
 */
import { useState, type Dispatch } from 'react';
import type { DropKind, SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import { useAppServices } from '../../app-services.tsx';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { remoteNameFor, resubmitSuffix } from '../../lib/remote-name.ts';
import type { TerritoryCollection } from '../territories/territory-features.ts';
import { checkFiles, uploadAll, uploadOrder, type Resubmit } from './import-controller.ts';
import { useUploadCancel } from './use-upload-cancel.ts';
import type { ImportTarget, WizardAction, WizardState } from './import-wizard-machine.ts';
import { acceptFor, rejectFiles } from './file-rules.ts';
import { sentAsIs } from './check-summary.ts';
import { CheckedStep } from './steps/checked-step.tsx';
import { CheckingStep } from './steps/checking-step.tsx';
import { ChooseFile } from './steps/choose-file.tsx';
import { ChooseTarget } from './steps/choose-target.tsx';
import { ResultStep } from './steps/result-step.tsx';
import { UploadingStep } from './steps/uploading-step.tsx';

type Props = {
  state: WizardState;
  dispatch: Dispatch<WizardAction>;
  site: SiteView;
  schema: ObjectSchema | null;
  onSchema: (schema: ObjectSchema | null) => void;
  secret: string | undefined;
  resubmit: Resubmit | null;
};

/** One switch over the step. */
export function WizardBody({ state, dispatch, site, schema, onSchema, secret, resubmit }: Props) {
  const bridge = useBridge();
  const services = useAppServices();
  const [files, setFiles] = useState<File[]>([]);
  const [collection, setCollection] = useState<TerritoryCollection | null>(null);
  const cancellable = useUploadCancel(bridge);
  const profile = profiles[site.profile];

  const onFiles = async (target: ImportTarget, picked: File[]) => {
    const rejected = rejectFiles(target, profile, picked);
    if (rejected) return dispatch({ type: 'wizard/file-rejected', message: rejected });
    const ordered = uploadOrder(picked);
    setFiles(ordered);
    setCollection(null);
    dispatch({
      type: 'wizard/files-picked',
      files: ordered.map((f) => ({ name: f.name, size: f.size, lastModified: f.lastModified })),
    });
    const suffix = resubmit ? resubmitSuffix(new Date(services.now())) : '';
    const nameOf = (n: string) =>
      remoteNameFor(target, profile.objectFromFileName, n, suffix, () => new Date(services.now()));
    const isZip = ordered.some((f) => f.name.toLowerCase().endsWith('.zip'));
    const rules =
      target.kind === 'records' && schema
        ? {
            schema,
            mode: target.rules === 'template-file' ? ('columns-only' as const) : ('full' as const),
            ...(profile.externalIdColumn ? { externalIdColumn: profile.externalIdColumn } : {}),
          }
        : null;
    if (isZip || (rules === null && target.kind !== 'territories')) {
      // A ZIP, a Space file or a contact list: no template to check against here.
      const summary = sentAsIs(isZip);
      return dispatch({
        type: 'wizard/check-finished',
        summary,
        remoteNames: ordered.map((f) => nameOf(f.name)),
      });
    }
    const c = await checkFiles(services.createCheckWorker, dispatch, target, ordered, rules, (n) =>
      nameOf(n),
    );
    setCollection(c);
  };

  const upload = () => {
    if (state.step !== 'checked' && state.step !== 'uploading') return;
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
      ...(secret ? { secret } : {}),
      now: services.now,
      onUploadId: cancellable.onUploadId,
    });
  };

  switch (state.step) {
    case 'choose-target':
      return (
        <ChooseTarget
          site={site}
          {...(secret ? { secret } : {})}
          onChoose={(target, s) => {
            onSchema(s);
            dispatch({ type: 'wizard/target-chosen', target });
          }}
        />
      );
    case 'choose-file':
      return (
        <ChooseFile
          target={state.target}
          accept={acceptFor(state.target, profile)}
          error={state.error}
          resubmitOf={resubmit?.fileName}
          onFiles={(f) => void onFiles(state.target, f)}
          onBack={() => dispatch({ type: 'wizard/back' })}
        />
      );
    case 'checking':
      return <CheckingStep state={state} />;
    case 'checked':
      return (
        <CheckedStep state={state} dispatch={dispatch} collection={collection} onUpload={upload} />
      );
    case 'uploading':
      return (
        <UploadingStep
          state={state}
          onRetry={upload}
          onCancel={cancellable.cancel}
          onBack={() => dispatch({ type: 'wizard/back' })}
        />
      );
    case 'waiting':
    case 'done':
      return (
        <ResultStep
          state={state}
          collection={collection}
          onAnother={() => dispatch({ type: 'wizard/reset' })}
        />
      );
  }
}
