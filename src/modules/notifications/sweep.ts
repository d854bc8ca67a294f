// The periodic sweep (every NOTIFICATIONS_SWEEP_MS on each instance; once keys make repeats
// and concurrent instances harmless): action items due in 3 days or overdue, funding calls that
// opened after they were recorded, questionnaire returns due or overdue, and each user's daily
// digest from the configured hour.
import { isoDate, todayInBosnia } from '../../dates.js';
import type { PrismaClient } from '../../db/database.js';
import type { Prisma } from '../../generated/prisma/client.js';
import type { Logger } from '../../logger.js';
import type { DigestItem } from './kinds.js';
import { remindQuestionnaireReturns } from '../questionnaires/reminders.js';
import { notifyActionItems, notifyFundingCallOpened } from './triggers.js';

const DAY_MS = 24 * 3600 * 1000;
/** Items overdue longer than this are not reminded of (they were overdue before the sweep ran). */
const OVERDUE_WINDOW_DAYS = 7;

const sarajevoHour = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Sarajevo',
  hour: '2-digit',
  hourCycle: 'h23',
});

export async function runDailySweep(prisma: PrismaClient, digestHour: number, logger: Logger) {
  const today = todayInBosnia();
  await remindActionItems(prisma, today);
  await announceOpenedCalls(prisma, today);
  await remindQuestionnaireReturns(prisma, today);
  if (Number(sarajevoHour.format(new Date())) >= digestHour) {
    const sent = await sendDigests(prisma, isoDate(today));
    if (sent) logger.info({ digests: sent }, 'daily digests queued');
  }
}

async function remindActionItems(prisma: PrismaClient, today: Date) {
  const open = { status: { in: ['OPEN', 'IN_PROGRESS'] as ('OPEN' | 'IN_PROGRESS')[] } };
  const [dueSoon, overdue] = await Promise.all([
    prisma.actionItem.findMany({
      where: { ...open, dueDate: { gte: today, lte: new Date(today.getTime() + 3 * DAY_MS) } },
      select: { id: true },
    }),
    prisma.actionItem.findMany({
      where: {
        ...open,
        dueDate: { lt: today, gte: new Date(today.getTime() - OVERDUE_WINDOW_DAYS * DAY_MS) },
      },
      select: { id: true },
    }),
  ]);
  // One transaction per item: a failure for one does not hold back the others' reminders.
  for (const { id } of dueSoon) {
    await prisma.$transaction((tx) =>
      notifyActionItems(
        tx,
        'ACTION_ITEM_DUE_SOON',
        [id],
        (item) => `due-soon:${id}:${item.dueDate}`,
      ),
    );
  }
  for (const { id } of overdue) {
    await prisma.$transaction((tx) =>
      notifyActionItems(tx, 'ACTION_ITEM_OVERDUE', [id], (item) => `overdue:${id}:${item.dueDate}`),
    );
  }
}

/** Calls recorded before they opened are announced on their opening day (or the next sweep). */
async function announceOpenedCalls(prisma: PrismaClient, today: Date) {
  const calls = await prisma.$queryRaw<{ id: string }[]>`
    SELECT c.id FROM funding_call c
    WHERE c."opensOn" <= ${today}::date AND c."closesOn" >= ${today}::date
      AND c."opensOn" > c."createdAt"::date
      AND NOT EXISTS (SELECT 1 FROM notification_once o WHERE o.key = 'call-opened:' || c.id)`;
  for (const { id } of calls) {
    await prisma.$transaction((tx) => notifyFundingCallOpened(tx, id));
  }
}

/**
 * For each user with held deliveries and no digest yet today: one DAILY_DIGEST delivery
 * gathering them (oldest first), which then count as DIGESTED.
 */
async function sendDigests(prisma: PrismaClient, day: string): Promise<number> {
  const waiting = await prisma.delivery.groupBy({
    by: ['userId'],
    where: { status: 'HELD', userId: { not: null } },
  });
  let sent = 0;
  for (const { userId } of waiting) {
    sent += await prisma.$transaction(async (tx) => {
      const first = await tx.notificationOnce.createMany({
        data: [{ key: `digest:${userId}:${day}` }],
        skipDuplicates: true,
      });
      if (first.count === 0) return 0;
      const [user, held] = await Promise.all([
        tx.user.findUniqueOrThrow({ where: { id: userId! } }),
        tx.delivery.findMany({
          where: { userId, status: 'HELD' },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
      ]);
      if (!held.length) return 0;
      const items = held.map(
        (delivery) =>
          ({
            kind: delivery.kind,
            data: delivery.data,
            at: delivery.createdAt.toISOString(),
          }) as DigestItem,
      );
      const digest = await tx.delivery.create({
        data: {
          userId,
          email: user.email,
          language: user.language,
          kind: 'DAILY_DIGEST',
          data: { items } as unknown as Prisma.InputJsonValue,
          status: 'PENDING',
        },
      });
      await tx.delivery.updateMany({
        where: { id: { in: held.map((delivery) => delivery.id) } },
        data: { status: 'DIGESTED', digestId: digest.id },
      });
      return 1;
    });
  }
  return sent;
}
