// The command-line tools' one way to end: an expected failure (a bad setting, an embedded
// database in use by a running server, a refused migration or request) is one line on stderr
// and exit code 1; only a fault of ours prints its stack.
import { ConfigError } from '../config.js';
import { MigrationError } from '../db/migrate.js';
import { DataDirInUseError } from '../db/pglite-lock.js';
import { AppError } from '../errors.js';

/** Errors whose message says all a person needs; thrown by the tools for their own refusals. */
export class CliError extends Error {
  override name = 'CliError';
}

const expected = [CliError, ConfigError, DataDirInUseError, MigrationError, AppError];

export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (expected.some((kind) => error instanceof kind)) {
      console.error((error as Error).message);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
