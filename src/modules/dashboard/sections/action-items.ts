// The action items adopted at a programme's published events (the dashboard is shared by
// viewers who may not read unpublished ones): open, overdue and done, by owner
// municipality (each municipality's own share of the actions it owes). One statement.
import type { PrismaClient } from '../../../db/database.js';
import { todayInBosnia } from '../../../dates.js';

export interface OwnerActionItems {
  municipalityId: string | null;
  municipalityName: string | null;
  open: number;
  overdue: number;
  done: number;
}

export interface ActionItemFigures {
  open: number;
  overdue: number;
  done: number;
  byOwnerMunicipality: OwnerActionItems[];
}

export async function loadActionItems(
  prisma: PrismaClient,
  programmeId: string,
): Promise<ActionItemFigures> {
  // Overdue by Sarajevo's calendar, as ActionItem.overdue says.
  const today = todayInBosnia();
  // The first row counts whole actions; the others each municipality's shares (an action for
  // all partners counts once in the totals and once for every municipality that owes it).
  const [total, ...rows] = await prisma.$queryRaw<OwnerActionItems[]>`
    (SELECT NULL::uuid AS "municipalityId", NULL AS "municipalityName", 0 AS "rank",
            (count(*) FILTER (WHERE a."status" IN ('OPEN', 'IN_PROGRESS')))::int AS "open",
            (count(*) FILTER (WHERE a."status" IN ('OPEN', 'IN_PROGRESS')
                                AND a."dueDate" < ${today}::date))::int AS "overdue",
            (count(*) FILTER (WHERE a."status" = 'DONE'))::int AS "done"
       FROM "action_item" a
       JOIN "event" e ON e."id" = a."eventId"
      WHERE e."programmeId" = ${programmeId}::uuid AND e."published")
    UNION ALL
    (SELECT o."municipalityId", m."name", 1,
            (count(*) FILTER (WHERE o."status" IN ('OPEN', 'IN_PROGRESS')))::int,
            (count(*) FILTER (WHERE o."status" IN ('OPEN', 'IN_PROGRESS')
                                AND a."dueDate" < ${today}::date))::int,
            (count(*) FILTER (WHERE o."status" = 'DONE'))::int
       FROM "action_item_owner" o
       JOIN "action_item" a ON a."id" = o."actionItemId"
       JOIN "event" e ON e."id" = a."eventId"
       JOIN "municipality" m ON m."id" = o."municipalityId"
      WHERE e."programmeId" = ${programmeId}::uuid AND e."published"
      GROUP BY o."municipalityId", m."name")
    ORDER BY "rank", "municipalityName"`;
  return {
    open: total!.open,
    overdue: total!.overdue,
    done: total!.done,
    byOwnerMunicipality: rows.map(({ municipalityId, municipalityName, open, overdue, done }) => ({
      municipalityId,
      municipalityName,
      open,
      overdue,
      done,
    })),
  };
}
