/**
 * `sftp-import … | head` (issue 13): when the reader of the output goes away, the command ends
 * quietly with its own exit code; no EPIPE stack. Runs the real `bin/sftp-import.js` with the
 * read end of its stdout (or stderr) closed before it writes.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '../../../bin/sftp-import.js');

/** Runs the CLI with one of its output pipes closed at once; the other is collected. */
function runClosed(
  closed: 'stdout' | 'stderr',
  args: string[],
): Promise<{ code: number | null; other: string }> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child[closed].destroy();
  const open = closed === 'stdout' ? child.stderr : child.stdout;
  let other = '';
  open.on('data', (d: Buffer) => (other += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, other })));
}

describe('sftp-import with its output closed (… | head)', { timeout: 60_000 }, () => {
  it('stdout closed: no EPIPE stack on stderr, exit 0 for --help', async () => {
    const r = await runClosed('stdout', ['--help']);
    assert.equal(r.other, '', r.other);
    assert.equal(r.code, 0);
  });

  it('stderr closed: no crash, the usage error keeps its exit code 2', async () => {
    const r = await runClosed('stderr', ['no-such-command']);
    assert.doesNotMatch(r.other, /EPIPE/);
    assert.equal(r.code, 2);
  });
});
