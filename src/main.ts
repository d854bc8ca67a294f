import { runCli } from './cli/run.js';
import { loadConfig } from './config.js';
import { createServer, StartupError } from './server.js';

async function main() {
  const config = loadConfig();
  const server = createServer(config);
  let url: string;
  try {
    ({ url } = await server.start());
  } catch (error) {
    if (!(error instanceof StartupError)) throw error;
    server.logger.fatal(`Veza cannot start: ${error.message}`);
    process.exit(1);
  }
  server.logger.info({ url, database: server.database.kind }, `Veza is listening on ${url}`);

  const shutdown = (signal: string) => {
    server.logger.info({ signal }, 'shutting down');
    const forced = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 2_000);
    forced.unref();
    void server.stop().then(
      () => process.exit(0),
      (error) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

// A bad setting or an embedded database in use is one line, not a stack trace.
runCli(main);
