/**
 * The Import screen's state and effects: the sites, the wizard reducer, the chosen rules, and
 * following the platform's verdicts while waiting. A resubmission starts on its site; its rules
 * are read by resubmit-start.tsx once the password (if asked) is known. DOM (React hook).
 */
import { useEffect, useReducer, useState } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import type { ObjectSchema } from '../../../core/schema/object-schema.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { loadSites } from '../sites/sites-controller.ts';
import { followOutcomes, type Resubmit } from './import-controller.ts';
import { getEmptyState, wizardReducer } from './import-wizard-machine.ts';

/** Everything the screen renders from. */
export function useImportWizard(resubmit: Resubmit | null, siteId: string | null) {
  const bridge = useBridge();
  const [sites, setSites] = useState<SiteView[] | null>(null);
  const [state, dispatch] = useReducer(wizardReducer, resubmit?.siteId ?? siteId, getEmptyState);
  const [schema, setSchema] = useState<ObjectSchema | null>(null);

  useEffect(() => {
    let live = true;
    void loadSites(bridge).then((r) => {
      if (!live || !r.ok) return;
      setSites(r.value);
      const first = r.value[0];
      if (first && !r.value.some((s) => s.id === (resubmit?.siteId ?? siteId))) {
        dispatch({ type: 'wizard/site-chosen', siteId: first.id });
      }
    });
    return () => {
      live = false;
    };
  }, [bridge, resubmit, siteId]);

  const waitingFor = state.step === 'waiting' ? state.entryIds.join(',') : '';
  const territories = state.step === 'waiting' && state.target.kind === 'territories';
  useEffect(() => {
    if (waitingFor === '') return;
    return followOutcomes(bridge, dispatch, waitingFor.split(','), { territories });
  }, [bridge, waitingFor, territories]);

  return { sites, state, dispatch, schema, setSchema };
}
