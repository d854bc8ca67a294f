// A programme's published events by kind (its viewers may not all read unpublished ones):
// held (ended before today in Sarajevo) and upcoming. One statement.
import { todayInBosnia } from '../../../dates.js';
import type { PrismaClient } from '../../../db/database.js';
import type { EventKind } from '../../../generated/prisma/client.js';

export interface EventKindFigure {
  kind: EventKind;
  held: number;
  upcoming: number;
}

export interface EventFigures {
  held: number;
  upcoming: number;
  byKind: EventKindFigure[];
}

export async function loadEvents(prisma: PrismaClient, programmeId: string): Promise<EventFigures> {
  const today = todayInBosnia();
  const byKind = await prisma.$queryRaw<EventKindFigure[]>`
    SELECT e."kind"::text AS "kind",
           (count(*) FILTER (WHERE e."endsOn" < ${today}::date))::int AS "held",
           (count(*) FILTER (WHERE e."endsOn" >= ${today}::date))::int AS "upcoming"
      FROM "event" e
     WHERE e."programmeId" = ${programmeId}::uuid AND e."published"
     GROUP BY e."kind"
     ORDER BY e."kind"`;
  return {
    held: byKind.reduce((sum, kind) => sum + kind.held, 0),
    upcoming: byKind.reduce((sum, kind) => sum + kind.upcoming, 0),
    byKind,
  };
}
