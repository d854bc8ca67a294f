// The registrar's housekeeping, on every instance every NOTIFICATIONS_SWEEP_MS (each step is
// idempotent, so concurrent instances do no harm): requests never verified are deleted after
// 24 hours, and closed requests lose their personal fields REGISTRAR_RETENTION_DAYS after
// closing, keeping what statistics need (service, municipality, country, dates, outcome).
import type { PrismaClient } from '../../db/database.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { Logger } from '../../logger.js';
import type { PubSub } from '../../pubsub.js';

const DAY_MS = 24 * 3600 * 1000;
/** How long an unverified request waits for its address to be confirmed. */
export const VERIFICATION_TTL_MS = DAY_MS;

/** The e-mails of one request's kinds: they hold its address, so they go with its data. */
const requestDeliveries = (requestIds: string[]) => ({
  kind: { in: ['REGISTRAR_VERIFICATION' as const, 'REGISTRAR_REQUEST_CHANGED' as const] },
  OR: requestIds.map((id) => ({ data: { path: ['requestId'], equals: id } })),
});

export interface SweepResult {
  expired: number;
  erased: number;
}

export async function sweepRegistrarRequests(
  prisma: PrismaClient,
  options: { retentionDays: number; now?: Date },
): Promise<SweepResult & { erasedIds: string[] }> {
  const now = options.now ?? new Date();
  const stale = await prisma.registrarRequest.findMany({
    where: { verifiedAt: null, createdAt: { lt: new Date(now.getTime() - VERIFICATION_TTL_MS) } },
    select: { id: true },
    take: 500,
  });
  const expiredIds = stale.map((row) => row.id);
  const due = await prisma.registrarRequest.findMany({
    where: {
      erasedAt: null,
      closedAt: { lt: new Date(now.getTime() - options.retentionDays * DAY_MS) },
    },
    select: { id: true },
    take: 500,
  });
  const erasedIds = due.map((row) => row.id);
  if (expiredIds.length) {
    await prisma.$transaction([
      prisma.delivery.deleteMany({ where: requestDeliveries(expiredIds) }),
      prisma.registrarRequest.deleteMany({
        where: { id: { in: expiredIds }, verifiedAt: null },
      }),
    ]);
  }
  if (erasedIds.length) {
    await prisma.$transaction([
      prisma.delivery.deleteMany({ where: requestDeliveries(erasedIds) }),
      prisma.registrarRequestMessage.updateMany({
        where: { requestId: { in: erasedIds } },
        data: { text: null },
      }),
      prisma.registrarRequest.updateMany({
        where: { id: { in: erasedIds }, erasedAt: null },
        data: {
          erasedAt: now,
          requesterName: null,
          email: null,
          phone: null,
          personalData: Prisma.DbNull,
          deliveryAddress: null,
          rejectionReason: null,
          verificationHash: null,
          trackingHash: null,
        },
      }),
    ]);
  }
  return { expired: expiredIds.length, erased: erasedIds.length, erasedIds };
}

export class RegistrarSweep {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly pubsub: PubSub,
    private readonly logger: Logger,
    private readonly options: { retentionDays: number; everyMs: number },
  ) {}

  start() {
    this.schedule();
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error) => this.logger.error({ err: error }, 'registrar sweep failed'))
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.options.everyMs);
    this.timer.unref();
  }

  private async tick() {
    const result = await sweepRegistrarRequests(this.prisma, this.options);
    for (const requestId of result.erasedIds) {
      this.pubsub.publish('registrarRequest:changed', requestId, { requestId });
    }
    if (result.expired || result.erased) {
      this.logger.info({ expired: result.expired, erased: result.erased }, 'registrar sweep');
    }
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
