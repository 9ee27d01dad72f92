/**
 * The `sftp-import` command (contract §8): `validate`, `check-territories`, `upload`, and
 * `check-pull` for the pull profile (seed 003), which has nothing to upload.
 * Exit codes everywhere: 0 success, 1 the file or import failed, 2 usage error,
 * 3 connection, host key or authentication problem. node.
 */
import { checkPullCommand } from './check-pull-command.ts';
import { checkTerritoriesCommand } from './check-territories-command.ts';
import { uploadCommand } from './upload-command.ts';
import { validateCommand } from './validate-command.ts';
import { nodeCliIo, type CliIo } from './cli-io.ts';

const usage = `Usage:
  sftp-import validate FILE.csv --schema FILE.schema.json [--json]
  sftp-import check-territories FILE.kml [--json]
  sftp-import upload FILE... --host H --port P --user U --profile NAME [--object X] [--host-key SHA256:...] [--wait] [--json]
  sftp-import check-pull --host H --port P --user U --path /x.csv [--host-key SHA256:...] [--json]

The password comes from the OS keychain, or SFTP_IMPORT_PASSWORD for scripts; never from an argument.`;

/** Runs the CLI and resolves to its exit code. */
export function main(argv: readonly string[], io: CliIo = nodeCliIo()): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'validate':
      return validateCommand(rest, io);
    case 'check-territories':
      return checkTerritoriesCommand(rest, io);
    case 'upload':
      return uploadCommand(rest, io);
    case 'check-pull':
      return checkPullCommand(rest, io);
    case '--help':
    case '-h':
    case 'help':
      io.stdout(usage + '\n');
      return Promise.resolve(0);
    default:
      io.stderr(`${command ? `Unknown command "${command}".` : 'No command given.'}\n\n${usage}\n`);
      return Promise.resolve(2);
  }
}
