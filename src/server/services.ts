// The long-lived services one instance runs, built in dependency order; `closers` stops them in
// the reverse order, so nothing is closed while something built after it still uses it.
import type { Config } from '../config.js';
import type { ServerContext } from '../context.js';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { SessionViewerCache } from '../modules/accounts/viewer-cache.js';
import { DocumentAccessCache } from '../modules/conclusions/access.js';
import { PresenceRegistry } from '../modules/conclusions/presence.js';
import { ConclusionStore } from '../modules/conclusions/store.js';
import { DashboardHub } from '../modules/dashboard/hub.js';
import { createMailer } from '../modules/notifications/mailer.js';
import { UnsubscribeLinks } from '../modules/notifications/unsubscribe.js';
import { NotificationWorker } from '../modules/notifications/worker.js';
import { RateLimits } from '../rate-limits.js';
import { RegistrarSweep } from '../modules/registrar/sweep.js';
import { createEventBus, type PubSubHandle } from '../pubsub.js';
import { ReadCache } from '../read-cache.js';
import { SessionWatch } from '../session-watch.js';

export interface Services {
  context: ServerContext;
  events: PubSubHandle;
  readCache: ReadCache;
  sessions: SessionWatch;
  unsubscribeLinks: UnsubscribeLinks;
  closers: Closers;
}

/** Steps run last-added first; a failing step is logged and the others still run. */
export class Closers {
  private readonly steps: { name: string; close: () => unknown }[] = [];

  constructor(private readonly logger: Logger) {}

  add(name: string, close: () => unknown) {
    this.steps.push({ name, close });
  }

  async closeAll() {
    for (const { name, close } of this.steps.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        this.logger.error({ err: error, service: name }, 'closing a service failed');
      }
    }
  }
}

export async function startServices(
  config: Config,
  database: Database,
  logger: Logger,
): Promise<Services> {
  const closers = new Closers(logger);
  const { prisma } = database;
  const readCache = new ReadCache({ ttlMs: config.readCacheTtlMs });
  let conclusions: ConclusionStore | undefined;
  const events = createEventBus({
    redisUrl: config.redisUrl,
    logger,
    // Redis is back after an outage: copies built from events are read again.
    onRecovered: () => {
      readCache.invalidate();
      void conclusions?.resync();
    },
  });
  closers.add('event bus', () => events.close());
  const { pubsub } = events;

  conclusions = new ConclusionStore(prisma, pubsub, logger, {
    compactAfter: config.conclusionsCompactAfter,
    maxUpdateBytes: config.conclusionsMaxUpdateBytes,
    maxDocumentBytes: config.conclusionsMaxDocumentBytes,
  });
  closers.add('conclusions', () => conclusions.close());
  const presence = new PresenceRegistry(pubsub, {
    perSocket: config.presenceMaxPerSocket,
    perUser: config.presenceMaxPerUser,
  });
  closers.add('presence', () => presence.close());
  const conclusionAccess = new DocumentAccessCache(prisma, pubsub);
  closers.add('conclusion access', () => conclusionAccess.close());
  const viewers = new SessionViewerCache(prisma, pubsub, config.sessionRecheckMs);
  closers.add('viewers', () => viewers.close());
  const dashboards = new DashboardHub(prisma, logger);

  const unsubscribeLinks = await UnsubscribeLinks.load(prisma, config.mail);
  const notifications = new NotificationWorker({
    prisma,
    pubsub,
    logger,
    mailer: createMailer(config.mail, logger),
    links: unsubscribeLinks,
    settings: config.mail,
  });
  notifications.start();
  closers.add('notification worker', () => notifications.stop());
  const rateLimits = new RateLimits(config);
  closers.add('rate limits', () => rateLimits.close());
  const registrarSweep = new RegistrarSweep(prisma, pubsub, logger, {
    retentionDays: config.registrar.retentionDays,
    everyMs: config.mail.sweepMs,
  });
  registrarSweep.start();
  closers.add('registrar sweep', () => registrarSweep.stop());

  const sessions = new SessionWatch(logger);
  sessions.listen(pubsub);
  closers.add('session watch', () => sessions.stop());
  // Unsubscribed before the event bus closes (with Redis, an unsubscribe after quit fails).
  const stopCache = readCache.follow(pubsub);
  closers.add('read cache', stopCache);
  const stopDashboards = dashboards.follow(pubsub);
  closers.add('dashboards', stopDashboards);

  const context: ServerContext = {
    config,
    prisma,
    pubsub,
    logger,
    conclusions,
    conclusionAccess,
    presence,
    dashboards,
    viewers,
    rateLimits,
  };
  return { context, events, readCache, sessions, unsubscribeLinks, closers };
}
