/**
 * The `sftp-import` command (contract §8): `validate`, `check-territories`, `upload`, and
 * `check-pull` for the pull profile (seed 003), which has nothing to upload.
 * Exit codes everywhere: 0 success, 1 the file or import failed, 2 usage error,
 * 3 connection, host key or authentication problem. node.
 */
import { nodeCliIo, type CliIo } from './cli-io.ts';

const usage = `Usage:
  sftp-import validate FILE.csv --schema FILE.schema.json [--json]
  sftp-import check-territories FILE.kml [--json]
  sftp-import prepare FILE --schema FILE.schema.json --out OUT.csv [--map 'From=To']... [--sheet NAME] [--delimiter X] [--json]
  sftp-import upload FILE... --host H --port P --user U --profile NAME [--object X] [--host-key SHA256:...] [--wait] [--json]
  sftp-import upload FILE... --url ftps://USER@HOST[:PORT] --profile NAME [--object X] [--cert SHA256:...] [--wait] [--json]
  sftp-import check-pull --host H --port P --user U --path /x.csv [--host-key SHA256:...] [--json]

The password comes from the OS keychain, or for scripts from --password-file PATH, --password-stdin
or SFTP_IMPORT_PASSWORD (removed from the environment once read); never from an argument.`;

/**
 * Runs the CLI and resolves to its exit code. Each command's module is loaded when it is asked
 * for, so `validate` does not load SSH, the keychain's native module and the rest (less start-up
 * time and ~25 MB less memory for a local check).
 */
export async function main(argv: readonly string[], io: CliIo = nodeCliIo()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return (await import('./validate-command.ts')).validateCommand(rest, io);
    case 'prepare':
      return (await import('./prepare-command.ts')).prepareCommand(rest, io);
    case 'check-territories':
      return (await import('./check-territories-command.ts')).checkTerritoriesCommand(rest, io);
    case 'upload':
      return (await import('./upload-command.ts')).uploadCommand(rest, io);
    case 'check-pull':
      return (await import('./check-pull-command.ts')).checkPullCommand(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.stdout(usage + '\n');
      return 0;
    default:
      io.stderr(`${command ? `Unknown command "${command}".` : 'No command given.'}\n\n${usage}\n`);
      return 2;
  }
}
