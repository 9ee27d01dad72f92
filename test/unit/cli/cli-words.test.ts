/**
 * Engine messages in the command line's words (issue 13): where the engine tells the app's user
 * to press something, the CLI says which flag or environment variable to use instead.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cliMessage } from '../../../cli/cli-words.ts';

const appWords =
  /ask every time|Test connection|Edit the site|in the app|accept it|Enter the right/i;

describe('cli/cli-words', () => {
  it('the keychain being unavailable points at the flags and the variable', () => {
    const m = cliMessage({
      code: 'keychain-unavailable',
      message:
        'No keychain is available on this computer, so passwords cannot be saved safely. Choose "ask every time" and enter the password when you connect; it will not be written to disk.',
    });
    assert.doesNotMatch(m, appWords);
    assert.match(m, /--password-file PATH, --password-stdin, or SFTP_IMPORT_PASSWORD/);
  });

  it('a missing folder says to check --profile and --user, keeping the folder', () => {
    const m = cliMessage({
      code: 'folder-missing',
      message:
        'The folder for /Leads/Import/New does not exist on the server. Check the profile and run "Test connection".',
    });
    assert.doesNotMatch(m, appWords);
    assert.match(m, /^The folder for \/Leads\/Import\/New does not exist on the server\./);
    assert.match(m, /--profile and --user/);
  });

  it('a changed or unknown host key names --host-key', () => {
    const changed = cliMessage({
      code: 'host-key-changed',
      message:
        "The server's identity (host key) has CHANGED since you last connected to h:22. Expected SHA256:a, but the server showed ssh-ed25519 SHA256:b. This can mean someone is intercepting the connection. Nothing was sent. Ask the platform whether they changed their key before you trust the new one.",
    });
    assert.match(changed, /CHANGED/);
    assert.match(changed, /only if they confirm it, run the same command with --host-key/);
    const unknown = cliMessage({
      code: 'host-key-rejected',
      message:
        'The server h:22 is not known yet; its host key is ssh-ed25519 SHA256:b. Confirm this fingerprint with the platform, then accept it.',
    });
    assert.doesNotMatch(unknown, appWords);
    assert.match(unknown, /--host-key/);
  });

  it('a changed or unknown FTPS certificate names --cert, once, and keeps old and new', () => {
    const changed = cliMessage(
      {
        code: 'host-key-changed',
        message:
          "The server's certificate has CHANGED since you last connected to h:990. Expected SHA256:a, but the server showed SHA256:b (CN=x). This can mean someone is intercepting the connection. Nothing was sent (no user name, no password). Ask the platform whether they changed their certificate before you trust the new one.",
      },
      { identityFlag: '--cert' },
    );
    assert.match(changed, /Expected SHA256:a, but the server showed SHA256:b/);
    assert.match(
      changed,
      /whether they changed their certificate; only if they confirm it, run the same command with --cert and the new fingerprint\.$/,
    );
    assert.doesNotMatch(changed, /--host-key|before you trust/);
    const unknown = cliMessage(
      {
        code: 'host-key-rejected',
        message:
          'The server h:990 is not known yet. Confirm this fingerprint with the platform, then accept it.',
      },
      { identityFlag: '--cert' },
    );
    assert.match(unknown, /run the same command with --cert and that fingerprint\.$/);
  });

  it('a failed login says where the password came from; a key passphrase names its variable', () => {
    const m = cliMessage(
      { code: 'auth-failed', message: 'Authentication failed: the server did not accept it.' },
      { secretOrigin: 'password-file' },
    );
    assert.match(m, /The password came from the --password-file\./);
    const k = cliMessage({
      code: 'auth-failed',
      message:
        'The passphrase of the private key is wrong, so the key cannot be used. Enter the right passphrase.',
    });
    assert.doesNotMatch(k, appWords);
    assert.match(k, /SFTP_IMPORT_PASSPHRASE/);
  });

  it('other messages pass through unchanged', () => {
    const e = { code: 'refused' as const, message: 'Connection refused by h:22.' };
    assert.equal(cliMessage(e), e.message);
  });
});
