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
import { Sha1Warning } from './sha1-field.tsx';
import { testSite } from './sites-controller.ts';

type Props = {
  site: SiteView;
  autoTest: boolean;
  onEdit: () => void;
  onImport: () => void;
  /** The test saved a change to the site (the protocol and port a probe found, issue 11). */
  onSiteChanged: (site: SiteView) => void;
};

/** The card. `autoTest` runs the test once, right after the site was saved. */
export function SiteCard({ site, autoTest, onEdit, onImport, onSiteChanged }: Props) {
  const bridge = useBridge();
  const [doctor, dispatch] = useReducer(doctorReducer, undefined, getEmptyDoctorState);
  const [password, setPassword] = useState('');
  const needsSecret =
    site.authMethod === 'password' && (site.secretMode === 'ask' || !site.hasSecret);
  const run = () =>
    void testSite(bridge, dispatch, site.id, needsSecret ? password : undefined, onSiteChanged);
  const autoRan = useRef(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Just saved: the form is gone, so focus lands on the new site's name, not on the page.
    if (autoTest) heading.current?.focus();
  }, [autoTest]);
  useEffect(() => {
    if (autoTest && !autoRan.current && !needsSecret) {
      autoRan.current = true;
      void testSite(bridge, dispatch, site.id, undefined, onSiteChanged);
    }
  }, [autoTest, needsSecret, bridge, site.id, onSiteChanged]);

  const p = profiles[site.profile];
  const passId = `pw-${site.id}`;
  return (
    <section className="panel" aria-label={`Site ${site.name}`}>
      <div className="spread">
        <div>
          <h2 ref={heading} tabIndex={-1} style={{ marginTop: 0 }}>
            {site.name}
          </h2>
          <div className="muted small" data-testid="site-address">
            {p.title} · {protocolWords(site)} ·{' '}
            <span className="mono">
              {site.username}@{site.host}:{site.port}
            </span>
          </div>
          <div className="small">
            {loginWords(site)}
            {site.hostKey && (
              <>
                {' '}
                · {site.hostKey.type === 'x509' ? 'Certificate' : 'Server key'}{' '}
                <span className="mono">{site.hostKey.fingerprint}</span>
              </>
            )}
          </div>
          {site.allowSha1 && (site.protocol ?? 'sftp') === 'sftp' && <Sha1Warning />}
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

/** How the site logs in and where its secret is. */
function loginWords(site: SiteView): string {
  if (site.authMethod === 'publickey') return 'Logs in with an SSH key';
  if (site.secretMode === 'ask') return 'Password: asked every time';
  return site.hasSecret ? 'Password: saved in keychain' : 'Password: not saved yet';
}

/** How the site is reached, in the words of the site form (contract §12). */
function protocolWords(site: SiteView): string {
  if (site.probe) return 'protocol found by “Test connection”';
  switch (site.protocol ?? 'sftp') {
    case 'sftp':
      return 'SFTP';
    case 'ftps':
      return 'FTPS (implicit TLS)';
    case 'ftpes':
      return 'FTPS (explicit TLS, AUTH TLS)';
  }
}

/** The site's name, for screen readers only: "Edit" reads "Edit Acme leads". */
function Of({ name, prefix }: { name: string; prefix?: string }) {
  return <span className="visually-hidden"> {prefix ? `${prefix} ${name}` : name}</span>;
}
