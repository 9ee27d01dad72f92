/**
 * The admin endpoint's HTML page (contract §10): workspaces, records per object, territories,
 * space and contact-list files (with a "use" button), and the processing log. Plain HTML, no
 * script; every value passes through `escapeHtml`. node.
 */
import type { Processor } from '../processing/processor.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';
import { territoriesGeoJson, workspaceSummaries } from './admin-queries.ts';

/** Escapes text for HTML element content and quoted attribute values. Pure. */
export function escapeHtml(s: unknown): string {
  return String(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const e = escapeHtml;
const enc = (s: string) => e(encodeURIComponent(s));

/** `path` with the admin token added to its query (already HTML-escaped). Pure. */
export function withToken(path: string, token: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;
}

/** The whole page; every link and form carries `token` (the page's own requests need it). */
export function renderAdminPage(
  p: Processor,
  workspaces: readonly WorkspaceRuntime[],
  message: string | null,
  addressesOf: (workspace: string) => readonly string[] = () => [],
  token = '',
): string {
  const t = (path: string) => withToken(path, token);
  const post = (action: string, label: string) =>
    `<form method="post" action="${t(action)}" style="display:inline"><button type="submit">${e(label)}</button></form>`;
  const sections: string[] = [];
  for (const w of workspaceSummaries(p.db, workspaces)) {
    const rows = w.objects
      .map(
        (o) =>
          `<tr><td>${e(o.object)}</td><td>${o.records}</td><td><a href="${t(`/api/workspaces/${enc(w.name)}/records?object=${enc(o.object)}`)}">JSON</a></td></tr>`,
      )
      .join('');
    const addresses = addressesOf(w.name);
    // The SFTP address, and for SPOTIO workspaces the FTPS ones beside it (contract §12).
    let extra =
      addresses.length > 0
        ? `<p class="addresses">Connect: ${addresses.map((a) => `<code>${e(a)}</code>`).join(' · ')}</p>`
        : '';
    if (w.profile === 'classic' || w.profile === 'flexible') {
      const terr = territoriesGeoJson(p.db, w.name).features;
      extra += `<h3>Territories (${terr.length})</h3>`;
      if (terr.length > 0) {
        extra += `<table><tr><th>name</th><th>level</th><th>parent</th></tr>${terr
          .slice(0, 200)
          .map(
            (t) =>
              `<tr><td>${e(t.properties.name)}</td><td>${t.properties.level}</td><td>${e(t.properties.parent ?? '')}</td></tr>`,
          )
          .join('')}</table>`;
      }
      extra += `<p><a href="${t(`/api/workspaces/${enc(w.name)}/territories`)}">GeoJSON</a> ${post(`/api/workspaces/${enc(w.name)}/export`, 'Export now')}</p>`;
    }
    if (w.profile === 'space') {
      const files = p.files.spaceFiles(w.name);
      extra += `<h3>Space files (${files.length})</h3><table><tr><th>#</th><th>name</th><th>size</th><th>rows</th><th>SHA-256</th><th>imported</th></tr>${files
        .map(
          (f) =>
            `<tr><td>${f.id}</td><td>${e(f.name)}</td><td>${f.size}</td><td>${f.rows ?? ''}</td><td><code>${e(f.sha256.slice(0, 16))}…</code></td><td>${e(new Date(f.importedAt).toISOString())}</td></tr>`,
        )
        .join('')}</table>`;
    }
    if (w.profile === 'contact-lists') {
      const files = p.files.contactLists(w.name);
      extra += `<h3>Server file list (${files.length})</h3><table><tr><th>#</th><th>name</th><th>size</th><th>rows</th><th>last used</th><th></th></tr>${files
        .map(
          (f) =>
            `<tr><td>${f.id}</td><td>${e(f.name)}</td><td>${f.size}</td><td>${f.rows ?? ''}</td><td>${e(new Date(f.lastUsedAt).toISOString())}</td><td>${post(`/api/workspaces/${enc(w.name)}/contact-lists/${f.id}/use`, 'Use')}</td></tr>`,
        )
        .join('')}</table>`;
    }
    if (w.profile === 'pull') {
      extra += `<h3>Pull sources</h3><ul>${w.pullSources.map((s) => `<li>${e(s.id)}: ${e(s.host)}:${s.port} ${e(s.path)}</li>`).join('')}</ul>${post(`/api/workspaces/${enc(w.name)}/pull/test`, 'Test connection')}`;
    }
    sections.push(
      `<section><h2>${e(w.name)} <small>(${e(w.profile)}, export ${e(w.exportSchedule)})</small></h2>` +
        (rows ? `<table><tr><th>object</th><th>records</th><th></th></tr>${rows}</table>` : '') +
        extra +
        `</section>`,
    );
  }
  const log = p.journal
    .readLog(100, 0)
    .map(
      (l) =>
        `<tr class="${e(l.level)}"><td>${e(new Date(l.at).toISOString())}</td><td>${e(l.level)}</td><td>${e(l.ws ?? '')}</td><td>${e(l.file ?? '')}</td><td>${e(l.message)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SFTP Import emulator — admin</title>
<style>body{font:14px system-ui,sans-serif;margin:1.5em}table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}tr.warn{background:#fff6d6}tr.error{background:#fde0e0}section{margin-bottom:2em}</style>
</head><body>
<h1>SFTP Import emulator</h1>
${message ? `<p><strong>${e(message)}</strong></p>` : ''}
<p>${post('/api/process', 'Process now')} JSON: <a href="${t('/api/workspaces')}">/api/workspaces</a> · <a href="${t('/api/log')}">/api/log</a></p>
${sections.join('\n')}
<h2>Processing log</h2>
<table><tr><th>time</th><th>level</th><th>workspace</th><th>file</th><th>message</th></tr>${log}</table>
</body></html>
`;
}
