// Diaspora members mapped in a programme's partner municipalities, by country and by interest:
// one statement, counts only. A member counts only while their consent is active (any scope:
// even MAPPING consent covers country and interests) and they are not archived.
import type { PrismaClient } from '../../../db/database.js';

export interface CountFigure {
  key: string;
  count: number;
}

export interface DiasporaFigures {
  mapped: number;
  byCountry: CountFigure[];
  byInterest: CountFigure[];
}

export async function loadDiaspora(
  prisma: PrismaClient,
  programmeId: string,
): Promise<DiasporaFigures> {
  const rows = await prisma.$queryRaw<{ grouping: string; key: string | null; count: number }[]>`
    WITH members AS (
      SELECT d."id", d."country", d."interests"
        FROM "diaspora_member" d
       WHERE d."archivedAt" IS NULL
         AND d."consentGivenAt" IS NOT NULL AND d."consentWithdrawnAt" IS NULL
         AND EXISTS (SELECT 1 FROM "programme_partnership" pp
                      WHERE pp."municipalityId" = d."homeMunicipalityId"
                        AND pp."programmeId" = ${programmeId}::uuid
                        AND pp."archivedAt" IS NULL)
    )
    SELECT 'TOTAL' AS "grouping", NULL::text AS "key", count(*)::int AS "count" FROM members
    UNION ALL
    SELECT 'COUNTRY', "country"::text, count(*)::int FROM members GROUP BY "country"
    UNION ALL
    SELECT 'INTEREST', interest, count(DISTINCT members."id")::int
      FROM members, unnest(members."interests") AS interest
     GROUP BY interest`;
  const figures: DiasporaFigures = { mapped: 0, byCountry: [], byInterest: [] };
  for (const row of rows) {
    if (row.grouping === 'TOTAL') figures.mapped = row.count;
    else if (row.grouping === 'COUNTRY')
      figures.byCountry.push({ key: row.key!, count: row.count });
    else figures.byInterest.push({ key: row.key!, count: row.count });
  }
  const largestFirst = (a: CountFigure, b: CountFigure) =>
    b.count - a.count || a.key.localeCompare(b.key);
  figures.byCountry.sort(largestFirst);
  figures.byInterest.sort(largestFirst);
  return figures;
}
