// A programme's money: requested by its ideas' applications to funding calls, awarded to them,
// and committed by its memoranda of cooperation. One statement; one amount per currency.
import type { PrismaClient } from '../../../db/database.js';
import { Prisma } from '../../../generated/prisma/client.js';
import type { MoneyShape } from '../../money.js';

export interface MoneyFigures {
  requested: MoneyShape[];
  awarded: MoneyShape[];
  committed: MoneyShape[];
}

export async function loadMoney(prisma: PrismaClient, programmeId: string): Promise<MoneyFigures> {
  const rows = await prisma.$queryRaw<
    { measure: keyof MoneyFigures; currency: string; amount: string }[]
  >`
    SELECT 'requested' AS "measure", a."currency", sum(a."requestedAmount")::text AS "amount"
      FROM "funding_application" a JOIN "project_idea" i ON i."id" = a."ideaId"
     WHERE i."programmeId" = ${programmeId}::uuid
     GROUP BY a."currency"
    UNION ALL
    SELECT 'awarded', a."currency", sum(a."awardedAmount")::text
      FROM "funding_application" a JOIN "project_idea" i ON i."id" = a."ideaId"
     WHERE i."programmeId" = ${programmeId}::uuid AND a."status" = 'AWARDED'
     GROUP BY a."currency"
    UNION ALL
    SELECT 'committed', r."currency", sum(r."amount")::text
      FROM "memorandum_resource" r JOIN "memorandum" m ON m."id" = r."memorandumId"
     WHERE m."programmeId" = ${programmeId}::uuid AND m."archivedAt" IS NULL
     GROUP BY r."currency"
     ORDER BY 1, 2`;
  const figures: MoneyFigures = { requested: [], awarded: [], committed: [] };
  for (const row of rows) {
    figures[row.measure].push({
      currency: row.currency,
      amount: new Prisma.Decimal(row.amount),
    });
  }
  return figures;
}
