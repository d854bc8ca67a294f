// Notifications benchmark (issue 17): 10,000 e-mail notifications queued at once (one
// transaction through `notify`), drained by the server's worker to a local SMTP receiver.
// Prints messages per second, the time to drain, the peak RSS of this process (server, worker
// and receiver together) and the duplicates the receiver saw (must be 0). Embedded PGlite by
// default; DATABASE_URL uses PostgreSQL (a scratch database, dropped afterwards).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { notify } from '../src/modules/notifications/service.js';
import { createServer } from '../src/server.js';
import { createScratchDatabase } from '../test/utils/database.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_MAIL_CONCURRENCY ?? 10);

async function main() {
  const received = new Map<string, number>();
  let arrived = 0;
  let drained: () => void = () => {};
  const allArrived = new Promise<void>((resolve) => (drained = resolve));
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 100,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? `missing-${arrived}`;
        received.set(id, (received.get(id) ?? 0) + 1);
        arrived += 1;
        if (arrived >= MESSAGES) drained();
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const scratch = await createScratchDatabase();
  const defaults = loadConfig({});
  const server = createServer(
    {
      ...defaults,
      port: 0,
      host: '127.0.0.1',
      databaseUrl: scratch.databaseUrl,
      pgliteDir: scratch.pgliteDir,
      demoData: 'off',
      mail: {
        ...defaults.mail,
        smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
        concurrency: CONCURRENCY,
        pollMs: 50,
      },
    },
    { logger: createLogger('warn') },
  );
  await server.start();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  const emails = Array.from({ length: MESSAGES }, (_, i) => `clan.${i}@example.ba`);
  const started = performance.now();
  await server.database.prisma.$transaction(
    (tx) =>
      notify(tx, {
        kind: 'FUNDING_CALL_OPENED',
        emails,
        data: {
          fundingCallId: 'bench',
          title: 'Javni poziv za projekte dijaspore – Žepče, Čapljina, Šamac, Đurđevik',
          funder: 'Ministarstvo za ljudska prava i izbjeglice BiH',
          opensOn: '2026-12-01',
          closesOn: '2027-01-31',
        },
      }),
    { timeout: 120_000 },
  );
  const queuedMs = performance.now() - started;
  await allArrived;
  const drainMs = performance.now() - started;
  clearInterval(sampler);
  const duplicates = [...received.values()].reduce((sum, count) => sum + count - 1, 0);

  console.log(
    `notifications: ${MESSAGES} e-mails, ${CONCURRENCY} SMTP connections, ${server.database.kind}`,
  );
  console.log(`  queued in one transaction: ${queuedMs.toFixed(0)} ms`);
  console.log(`  drained (queued → all received): ${(drainMs / 1000).toFixed(1)} s`);
  console.log(`  throughput: ${((MESSAGES / drainMs) * 1000).toFixed(0)} messages/s`);
  console.log(`  peak RSS (server + worker + receiver): ${(peakRss / 2 ** 20).toFixed(0)} MiB`);
  console.log(`  duplicates: ${duplicates} (distinct messages: ${received.size})`);

  await server.stop();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await scratch.drop();
  if (duplicates > 0 || received.size !== MESSAGES) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
