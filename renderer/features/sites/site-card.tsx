/**
 * One saved site: what it is, how it logs in, and its Test connection button and results. Its
 * buttons name the site for screen readers ("Edit Acme leads"), so a list of cards never has
 * two buttons of one name. DOM.
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { DoctorSteps } from './doctor-steps.tsx';
import { doctorReducer, getEmptyDoctorState } from './doctor-steps-reducer.ts';
import { testSite } from './sites-controller.ts';

type Props = { site: SiteView; autoTest: boolean; onEdit: () => void; onImport: () => void };

/** The card. `autoTest` runs the test once, right after the site was saved. */
export function SiteCard({ site, autoTest, onEdit, onImport }: Props) {
  const bridge = useBridge();
  const [doctor, dispatch] = useReducer(doctorReducer, undefined, getEmptyDoctorState);
  const [password, setPassword] = useState('');
  const needsSecret =
    site.authMethod === 'password' && (site.secretMode === 'ask' || !site.hasSecret);
  const run = () => void testSite(bridge, dispatch, site.id, needsSecret ? password : undefined);
  const autoRan = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Just saved: the form is gone, so focus lands on the new site's name, not on the page.
    if (autoTest) heading.current?.focus();
  }, [autoTest]);
  useEffect(() => {
    if (autoTest && !autoRan.current && !needsSecret) {
      autoRan.current = true;
      void testSite(bridge, dispatch, site.id);
    }
  }, [autoTest, needsSecret, bridge, site.id]);

  const p = profiles[site.profile];
  const passId = `pw-${site.id}`;
  return (
    <section className="panel" aria-label={`Site ${site.name}`}>
      <div className="spread">
        <div>
          <h2 ref={heading} tabIndex={-1} style={{ marginTop: 0 }}>
            {site.name}
          </h2>
          <div className="muted small">
            {p.title} ·{' '}
            <span className="mono">
              {site.username}@{site.host}:{site.port}
            </span>
          </div>
          <div className="small">
            {site.authMethod === 'publickey'
              ? 'Logs in with an SSH key'
              : site.secretMode === 'ask'
                ? 'Password: asked every time'
                : site.hasSecret
                  ? 'Password: saved in keychain'
                  : 'Password: not saved yet'}
            {site.hostKey && (
              <>
                {' '}
                · Server key <span className="mono">{site.hostKey.fingerprint}</span>
              </>
            )}
          </div>
        </div>
        <div className="row">
          {needsSecret && (
            <span className="field" style={{ minWidth: '10rem' }}>
              <label htmlFor={passId}>Password for this test</label>
              <input
                id={passId}
                type="password"
                value={password}
                autoComplete="off"
                onChange={(e) => setPassword(e.target.value)}
              />
            </span>
          )}
          <button
            type="button"
            className="btn"
            onClick={run}
            disabled={doctor.phase === 'running' || (needsSecret && password === '')}
          >
            Test connection
            <Of name={site.name} />
          </button>
          <button type="button" className="btn" onClick={onEdit}>
            Edit
            <Of name={site.name} />
          </button>
          {p.drops.length > 0 && (
            <button type="button" className="btn primary" onClick={onImport}>
              Import files
              <Of name={site.name} prefix="to" />
            </button>
          )}
          {site.profile === 'pull' && (
            <button type="button" className="btn primary" onClick={onImport}>
              Check my server’s file
              <Of name={site.name} prefix="for" />
            </button>
          )}
        </div>
      </div>
      <DoctorSteps state={doctor} siteName={site.name} />
    </section>
  );
}

/** The site's name, for screen readers only: "Edit" reads "Edit Acme leads". */
function Of({ name, prefix }: { name: string; prefix?: string }) {
  return <span className="visually-hidden"> {prefix ? `${prefix} ${name}` : name}</span>;
}
