// The action items adopted at a programme's published events (the dashboard is shared by
// viewers who may not read unpublished ones): open, overdue and done, by owner
// municipality. One statement.
import type { PrismaClient } from '../../../db/database.js';
import { todayInBosnia } from '../../../dates.js';

export interface OwnerActionItems {
  /** Null for items owned by an organisation or a person, or by nobody in particular. */
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
  const rows = await prisma.$queryRaw<OwnerActionItems[]>`
    SELECT a."ownerMunicipalityId" AS "municipalityId", m."name" AS "municipalityName",
           (count(*) FILTER (WHERE a."status" IN ('OPEN', 'IN_PROGRESS')))::int AS "open",
           (count(*) FILTER (WHERE a."status" IN ('OPEN', 'IN_PROGRESS')
                               AND a."dueDate" < ${today}::date))::int AS "overdue",
           (count(*) FILTER (WHERE a."status" = 'DONE'))::int AS "done"
      FROM "action_item" a
      JOIN "event" e ON e."id" = a."eventId"
      LEFT JOIN "municipality" m ON m."id" = a."ownerMunicipalityId"
     WHERE e."programmeId" = ${programmeId}::uuid AND e."published"
     GROUP BY a."ownerMunicipalityId", m."name"
     ORDER BY m."name" NULLS LAST`;
  const sum = (key: 'open' | 'overdue' | 'done') =>
    rows.reduce((total, row) => total + row[key], 0);
  return {
    open: sum('open'),
    overdue: sum('overdue'),
    done: sum('done'),
    byOwnerMunicipality: rows.filter((row) => row.municipalityId !== null),
  };
}
