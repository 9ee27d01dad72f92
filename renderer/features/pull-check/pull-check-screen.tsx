/**
 * Leadbay (pull profile): "Check my server's file". Leadbay logs in to the customer's own SFTP
 * server and reads one CSV; this screen checks the same path from here (`pull:check`): reach,
 * host key (SHA256 fingerprint to pin), login, file present, company-name column — then shows
 * what to hand over to Leadbay. DOM.
 */
import { useReducer, useState } from 'react';
import type { SiteView } from '../../../core/ipc/contract.ts';
import { TextField } from '../../components/text-field.tsx';
import { useBridge } from '../../bridge/bridge-context.tsx';
import { doctorReducer, getEmptyDoctorState } from '../sites/doctor-steps-reducer.ts';
import {
  handoverOf,
  pullFormProblem,
  runPullCheck,
  type Handover,
  type PullForm,
} from './pull-check-controller.ts';
import { PullHandover } from './pull-handover.tsx';
import { PullSteps } from './pull-steps.tsx';

/** The screen; `site` (a saved Leadbay site) fills host, port and user. */
export function PullCheckScreen(props: { site: SiteView | null }) {
  const bridge = useBridge();
  const s = props.site;
  const [form, setForm] = useState<PullForm>({
    host: s?.host ?? '',
    port: String(s?.port ?? 22),
    username: s?.username ?? '',
    password: '',
    path: '',
  });
  const [doctor, dispatch] = useReducer(doctorReducer, undefined, getEmptyDoctorState);
  const [handover, setHandover] = useState<Handover | null>(null);
  const [tried, setTried] = useState(false);
  const problem = pullFormProblem(form);
  const set = (k: keyof PullForm) => (v: string) => {
    setForm((f) => ({ ...f, [k]: v }));
    setHandover(null);
  };

  const check = async () => {
    setTried(true);
    if (problem) return;
    setHandover(null);
    const key = await runPullCheck(bridge, dispatch, form);
    if (key) setHandover(handoverOf(form, key));
  };

  return (
    <div>
      <h1>Check my server’s file</h1>
      <p>
        Leadbay logs in to <strong>your</strong> SFTP server and reads one CSV file about once an
        hour. Check here that it can: this app connects the way Leadbay will.
      </p>
      <p className="muted">
        Leadbay connects over SFTP (SSH) only — not FTP or FTPS — so the server must offer SFTP.
      </p>
      <form
        className="panel stack"
        aria-label="Your SFTP server"
        onSubmit={(e) => {
          e.preventDefault();
          void check();
        }}
      >
        <div className="row">
          <TextField label="Host" value={form.host} onChange={set('host')} autoComplete="off" />
          <TextField label="Port" value={form.port} onChange={set('port')} inputMode="numeric" />
        </div>
        <div className="row">
          <TextField label="User name" value={form.username} onChange={set('username')} />
          <TextField
            label="Password"
            type="password"
            value={form.password}
            onChange={set('password')}
            autoComplete="off"
            hint="Used for this check only; not saved."
          />
        </div>
        <TextField
          label="File path"
          value={form.path}
          onChange={set('path')}
          hint="The full path of the CSV on your server, e.g. /exports/leads.csv"
        />
        {tried && problem && (
          <p className="error-text" role="alert">
            {problem}
          </p>
        )}
        <div className="row">
          <button type="submit" className="btn primary" disabled={doctor.phase === 'running'}>
            Check my server’s file
          </button>
        </div>
      </form>
      <PullSteps state={doctor} />
      {handover && <PullHandover handover={handover} />}
    </div>
  );
}
