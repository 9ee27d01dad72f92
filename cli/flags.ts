/**
 * The command lines' one flag reader, on node:util `parseArgs` (`--flag value`, `--flag=value`),
 * with the checks several commands share: a port, an SSH `--host-key`, a TLS `--cert`, and the refusal of a
 * password given as an argument (contract §8: passwords come from the keychain, a file, a pipe or
 * the environment, never a command line). Errors are plain sentences for the usage line. node.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isSha256Fingerprint } from '../engine/fingerprint.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What the flags said: values by flag name (without `--`) and the positional arguments. */
export type ReadFlags = {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
};

/** Flags that would carry a secret: always refused, with why and what to do instead. */
const secretFlags = new Set(['--password', '-p', '--passphrase']);

export const passwordArgumentMessage =
  'Passwords are never accepted as arguments: other users can see command lines (ps) and shells keep them in history. Use --password-file PATH (chmod 600) or --password-stdin, set SFTP_IMPORT_PASSWORD, or keep it in the OS keychain (the app saves it there).';

/**
 * Reads `argv` against `options` (a `help` boolean is added). `{ help: true }` when `--help`/`-h`
 * is given; `{ error }` with a plain sentence for anything else wrong.
 */
export function readFlags(
  argv: readonly string[],
  options: Options,
  o: { positionals: boolean; noPositionalsMessage?: (arg: string) => string },
): ReadFlags | { help: true } | { error: string } {
  for (const arg of argv) {
    const flag = arg.startsWith('--') && arg.includes('=') ? arg.slice(0, arg.indexOf('=')) : arg;
    if (flag === '--help' || flag === '-h') return { help: true };
    if (secretFlags.has(flag)) return { error: passwordArgumentMessage };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: o.positionals,
    });
    return { values: { ...values }, positionals };
  } catch (e) {
    return { error: flagError(e, o.noPositionalsMessage) };
  }
}

function flagError(e: unknown, noPositionals?: (arg: string) => string): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const flag = quoted.split(' ')[0] ?? quoted;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown option ${flag}.`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return noPositionals ? noPositionals(flag) : `Unexpected argument "${flag}".`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message)
        ? `${flag} takes no value.`
        : `${flag} needs a value.`;
    default:
      return message;
  }
}

/** A string flag's value, or undefined (repeated flags: the last wins). */
export function stringFlag(f: ReadFlags, name: string): string | undefined {
  const v = f.values[name];
  const last = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof last === 'string' ? last : undefined;
}

/** The first of `names` that is missing or empty, as `--name is required.` */
export function missingFlag(f: ReadFlags, names: readonly string[]): string | undefined {
  const missing = names.find((n) => !stringFlag(f, n));
  return missing === undefined ? undefined : `--${missing} is required.`;
}

/** `--port`: a whole number from 1 to 65535, or `fallback` when absent (0 allowed with `allowZero`). */
export function portFlag(
  value: string | undefined,
  fallback: number,
  o: { allowZero?: boolean } = {},
): { ok: true; value: number } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, value: fallback };
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  const min = o.allowZero ? 0 : 1;
  if (!Number.isInteger(port) || port < min || port > 65535) {
    return { ok: false, error: `--port must be a number from ${min} to 65535.` };
  }
  return { ok: true, value: port };
}

/** `--host-key`: an SSH key's `SHA256:<base64>` fingerprint as OpenSSH and this tool print it. */
export function hostKeyFlag(
  value: string | undefined,
): { ok: true; value: string | undefined } | { ok: false; error: string } {
  if (value === undefined || isSha256Fingerprint(value)) return { ok: true, value };
  return {
    ok: false,
    error:
      '--host-key must look like SHA256:<43 base64 characters>, as printed when the key was unknown.',
  };
}

/**
 * `--cert`: a TLS certificate's `SHA256:<base64>` fingerprint (contract §12: the SHA-256 of its
 * DER bytes, printed as OpenSSH prints host keys; `=` padding accepted and dropped).
 */
export function certFlag(
  value: string | undefined,
): { ok: true; value: string | undefined } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, value };
  const bare = value.trim().replace(/=+$/, '');
  if (isSha256Fingerprint(bare)) return { ok: true, value: bare };
  return {
    ok: false,
    error:
      '--cert must look like SHA256:<43 base64 characters>, as printed when the certificate was not trusted.',
  };
}
