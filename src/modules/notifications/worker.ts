// Delivers what `notify` recorded. Every instance runs one worker; they share the work through
// the database: a batch of deliveries is claimed with FOR UPDATE SKIP LOCKED and leased (its
// nextAttemptAt moved past the lease) in one statement, so two instances never take the same
// message, and one that dies between sending and recording leaves the lease to expire and the
// message to be sent again (at least once). A queue library was not used: graphile-worker and
// pg-boss need LISTEN/NOTIFY and sessions of their own, which the embedded PGlite (one
// in-process connection) does not give.
import type { MailSettings } from '../../config.js';
import type { PrismaClient } from '../../db/database.js';
import type { Delivery } from '../../generated/prisma/client.js';
import type { Logger } from '../../logger.js';
import type { PubSub } from '../../pubsub.js';
import type { KindData } from './kinds.js';
import { type Mailer, PermanentRefusal } from './mailer.js';
import { stillWanted, suppress } from '../mailing-lists/suppression.js';
import { runDailySweep } from './sweep.js';
import { render, renderEmail } from './templates.js';
import type { UnsubscribeLinks } from './unsubscribe.js';

/** A claimed delivery is this instance's for this long; then another may take it again. */
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
const BATCH = 100;
const PUBLISH_BATCH = 500;
const carriesToken = new Set<string>(['INVITATION', 'MAILING_LIST_CONFIRMATION']);

function listsOf(delivery: Delivery): { listIds?: string[] } {
  const listIds = (delivery.data as { listIds?: unknown } | null)?.listIds;
  return Array.isArray(listIds) ? { listIds: listIds as string[] } : {};
}

export interface WorkerServices {
  prisma: PrismaClient;
  pubsub: PubSub;
  logger: Logger;
  mailer: Mailer;
  links: UnsubscribeLinks;
  settings: MailSettings;
}

export class NotificationWorker {
  private timer: NodeJS.Timeout | undefined;
  private lastSweep = 0;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly services: WorkerServices) {}

  start() {
    this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.services.mailer.close();
  }

  private schedule(delayMs: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error) => this.services.logger.error({ err: error }, 'notification worker failed'))
        .finally(() => {
          this.running = undefined;
        });
      void this.running.then(() => this.schedule(this.services.settings.pollMs));
    }, delayMs);
    this.timer.unref();
  }

  private async tick() {
    const { settings } = this.services;
    if (Date.now() - this.lastSweep >= settings.sweepMs) {
      this.lastSweep = Date.now();
      await runDailySweep(this.services.prisma, settings.digestHour, this.services.logger);
    }
    await this.publishInApp();
    // Keep going while there is a backlog, then wait for the next poll.
    while (!this.stopped && (await this.deliverBatch()) === BATCH) {
      await this.publishInApp();
    }
  }

  /** Announces new in-app notifications to their users' subscriptions on every instance. */
  private async publishInApp() {
    const rows = await this.services.prisma.$queryRaw<{ id: string; userId: string }[]>`
      UPDATE notification SET "publishedAt" = now()
      WHERE id IN (
        SELECT id FROM notification WHERE "publishedAt" IS NULL
        ORDER BY "createdAt" LIMIT ${PUBLISH_BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, "userId"`;
    for (const row of rows) {
      this.services.pubsub.publish('notification:added', row.userId, {
        notificationId: row.id,
      });
    }
  }

  /** Claims and sends one batch; returns how many it claimed. */
  private async deliverBatch(): Promise<number> {
    const { prisma } = this.services;
    const leasedUntil = new Date(Date.now() + LEASE_MS);
    const claimed = await prisma.$queryRaw<{ id: string }[]>`
      UPDATE delivery SET "nextAttemptAt" = ${leasedUntil}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM delivery WHERE status = 'PENDING' AND "nextAttemptAt" <= now()
        ORDER BY "nextAttemptAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    if (!claimed.length) return 0;
    const deliveries = await prisma.delivery.findMany({
      where: { id: { in: claimed.map((row) => row.id) } },
    });
    const queue = [...deliveries];
    const sent: string[] = [];
    const lanes = Array.from({ length: this.services.settings.concurrency }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (await this.deliver(next)) sent.push(next.id);
      }
    });
    await Promise.all(lanes);
    // One statement for the batch's successes (a crash before it: they go again, at least once).
    if (sent.length) {
      await prisma.delivery.updateMany({
        where: { id: { in: sent } },
        data: { status: 'SENT', sentAt: new Date(), lastError: null },
      });
    }
    // Invitation and sign-up tokens are stored only as hashes elsewhere: once sent, the outbox
    // forgets them.
    for (const invitation of deliveries.filter(
      (delivery) => carriesToken.has(delivery.kind) && sent.includes(delivery.id),
    )) {
      await prisma.delivery.update({
        where: { id: invitation.id },
        data: { data: { ...(invitation.data as object), token: null } },
      });
    }
    // What became of a bulletin's e-mails is on its programme's dashboard: once per issue.
    const bulletinIds = new Set(
      deliveries.flatMap((delivery) =>
        delivery.kind === 'BULLETIN' ? [(delivery.data as { bulletinId: string }).bulletinId] : [],
      ),
    );
    for (const bulletinId of bulletinIds) {
      this.services.pubsub.publish('bulletin:delivered', { bulletinId });
    }
    return claimed.length;
  }

  /** Sends one e-mail; true when accepted, otherwise records the failure and returns false. */
  private async deliver(delivery: Delivery): Promise<boolean> {
    const { prisma, mailer, links, settings, logger } = this.services;
    // Whoever left a list or every list since the mailing was recorded is not mailed.
    const { listIds } = listsOf(delivery);
    if (listIds && !(await stillWanted(prisma, delivery.email, listIds))) {
      await prisma.delivery.update({ where: { id: delivery.id }, data: { status: 'WITHHELD' } });
      return false;
    }
    const data = delivery.data as KindData[typeof delivery.kind];
    const rendered = render(delivery.kind, data as never, delivery.language, settings.publicUrl);
    const unsubscribeUrl = links.url({
      recipient: delivery.userId ? { userId: delivery.userId } : { email: delivery.email },
      kind: delivery.kind,
      // A list's mail (the bulletin) carries the lists it came through: its link leaves them.
      ...listsOf(delivery),
    });
    const email = renderEmail(rendered, delivery.language, unsubscribeUrl);
    try {
      await mailer.send({
        ...email,
        to: delivery.email,
        messageId: `<${delivery.id}@veza>`,
        unsubscribeUrl,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentRefusal;
      const exhausted = delivery.attempts >= settings.maxAttempts;
      // Never mailed again through any list (a user's own notifications are theirs to keep).
      if (permanent) await suppress(prisma, delivery.email, 'PERMANENT_REFUSAL', message);
      const delay = Math.min(settings.backoffMs * 2 ** (delivery.attempts - 1), MAX_BACKOFF_MS);
      await prisma.delivery.update({
        where: { id: delivery.id },
        data: {
          status: permanent ? 'REJECTED' : exhausted ? 'FAILED' : 'PENDING',
          lastError: message.slice(0, 1000),
          nextAttemptAt: new Date(Date.now() + delay),
        },
      });
      logger.warn(
        { deliveryId: delivery.id, attempt: delivery.attempts, permanent, err: error },
        'e-mail not delivered',
      );
      return false;
    }
    return true;
  }
}
