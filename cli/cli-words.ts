/**
 * Engine messages in the command line's words. The engine speaks to the app's user ("choose
 * ask every time", "run Test connection", "accept it"); a terminal user needs the flag or the
 * environment variable instead. The translation is made here, at the CLI's edge, by error
 * code, so the messages the app shows stay as they are (issue 13, "a newcomer's first hour").
 * std.
 */
import type { EngineError } from '../engine/result.ts';

/** Where the password (or key passphrase) of this run came from, to say what to check. */
export type SecretOrigin = 'password-file' | 'password-stdin' | 'environment' | 'keychain';

/** What the CLI knows that the engine does not: the run's flags and secret origin. */
export type CliContext = {
  account?: string;
  secretOrigin?: SecretOrigin;
  /** The run used an SSH key (`--key`). */
  usesKey?: boolean;
  /** The flag that pins the server's identity: `--host-key` (SFTP, default) or `--cert` (FTPS). */
  identityFlag?: '--host-key' | '--cert';
};

const origins: Record<SecretOrigin, string> = {
  'password-file': 'the --password-file',
  'password-stdin': 'standard input (--password-stdin)',
  environment: 'SFTP_IMPORT_PASSWORD',
  keychain: 'the OS keychain',
};

/** Where a password can come from on the command line, as one sentence's end. */
export const passwordWays = '--password-file PATH, --password-stdin, or SFTP_IMPORT_PASSWORD';

/**
 * The message to print for an engine error on the command line: the engine's own words when
 * they already fit a terminal, else the same facts with the flag or variable to use.
 */
export function cliMessage(e: Pick<EngineError, 'code' | 'message'>, c: CliContext = {}): string {
  const flag = c.identityFlag ?? '--host-key';
  switch (e.code) {
    case 'keychain-unavailable':
      return `No OS keychain is available here, so no saved password can be read. Give it with ${passwordWays}.`;
    case 'folder-missing':
      // "The folder for /x does not exist on the server." — then the CLI's advice.
      return `${firstSentence(e.message)} Check --profile and --user: each workspace (and each profile) has its own folders.`;
    case 'host-key-changed': {
      // SFTP says "their key", FTPS (contract §12) "their certificate".
      const what = /their certificate/.test(e.message) ? 'certificate' : 'key';
      return `${e.message.replace(/ Ask the platform whether they changed their (key|certificate) before you trust the new one\.$/, '')} Ask the platform whether they changed their ${what}; only if they confirm it, run the same command with ${flag} and the new fingerprint.`;
    }
    case 'host-key-rejected':
      return e.message.replace(
        /, then accept it\.$/,
        `, then run the same command with ${flag} and that fingerprint.`,
      );
    case 'auth-failed':
      return authWords(e.message, c);
    default:
      return e.message;
  }
}

function authWords(message: string, c: CliContext): string {
  if (/passphrase/i.test(message)) {
    const what = /wrong/.test(message)
      ? 'The passphrase of the private key is wrong, so the key cannot be used.'
      : 'The private key is protected by a passphrase.';
    return `${what} Give the right one with SFTP_IMPORT_PASSPHRASE, --password-file PATH or --password-stdin.`;
  }
  const from = c.secretOrigin ? ` The password came from ${origins[c.secretOrigin]}.` : '';
  const keychain =
    c.secretOrigin === 'keychain' && c.account
      ? ` To use another, give it with ${passwordWays} (the keychain entry is ${c.account}).`
      : '';
  return `${message}${from}${keychain}`;
}

function firstSentence(text: string): string {
  const end = text.indexOf('. ');
  return end < 0 ? text : text.slice(0, end + 1);
}
