import { ConfigError, loadConfig } from './config.js';
import { createServer, StartupError } from './server.js';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
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

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
