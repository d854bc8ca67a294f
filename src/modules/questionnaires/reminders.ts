// Reminders of questionnaire returns not submitted: once within `remindDaysBefore` days of the
// deadline, and once after it. Run by the notifications' periodic sweep; the once keys (step,
// return, deadline) make repeats and concurrent instances harmless, and a moved deadline
// reminds again.
import { isoDate } from '../../dates.js';
import type { PrismaClient } from '../../db/database.js';
import { coordinatorsOf, notify, representativesOf } from '../notifications/service.js';

const DAY_MS = 24 * 3600 * 1000;
/** Campaigns past their deadline longer than this are not reminded of (old campaigns stay quiet). */
const OVERDUE_WINDOW_DAYS = 7;
/** The most days before a deadline a campaign may ask for (the input's bound). */
const MAX_DAYS_BEFORE = 60;

export async function remindQuestionnaireReturns(prisma: PrismaClient, today: Date) {
  const campaigns = await prisma.questionnaireCampaign.findMany({
    where: {
      opensOn: { lte: today },
      closesOn: {
        gte: new Date(today.getTime() - OVERDUE_WINDOW_DAYS * DAY_MS),
        lte: new Date(today.getTime() + MAX_DAYS_BEFORE * DAY_MS),
      },
    },
    select: {
      id: true,
      title: true,
      closesOn: true,
      remindDaysBefore: true,
      returns: {
        where: { status: { not: 'SUBMITTED' } },
        select: {
          id: true,
          municipalityId: true,
          organizationId: true,
          municipality: { select: { name: true } },
          organization: { select: { name: true } },
        },
      },
    },
  });
  for (const campaign of campaigns) {
    const overdue = campaign.closesOn < today;
    const dueSoon =
      !overdue &&
      campaign.remindDaysBefore > 0 &&
      campaign.closesOn.getTime() - today.getTime() <= campaign.remindDaysBefore * DAY_MS;
    if (!overdue && !dueSoon) continue;
    const kind = overdue ? 'QUESTIONNAIRE_OVERDUE' : 'QUESTIONNAIRE_DUE_SOON';
    const closesOn = isoDate(campaign.closesOn);
    // One transaction per return: a failure for one does not hold back the others.
    for (const found of campaign.returns) {
      await prisma.$transaction(async (tx) => {
        const userIds = found.municipalityId
          ? await coordinatorsOf(tx, [found.municipalityId])
          : await representativesOf(tx, [found.organizationId]);
        await notify(tx, {
          kind,
          userIds,
          onceKey: `${kind}:${found.id}:${closesOn}`,
          data: {
            campaignId: campaign.id,
            returnId: found.id,
            title: campaign.title,
            recipient: found.municipality?.name ?? found.organization?.name ?? '',
            closesOn,
          },
        });
      });
    }
  }
}
