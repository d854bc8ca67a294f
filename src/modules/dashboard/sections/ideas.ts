// A programme's project ideas by stage. One statement.
import type { PrismaClient } from '../../../db/database.js';
import type { ProjectIdeaStage } from '../../../generated/prisma/client.js';

export interface StageFigure {
  stage: ProjectIdeaStage;
  ideas: number;
}

export interface IdeaFigures {
  total: number;
  byStage: StageFigure[];
}

export async function loadIdeas(prisma: PrismaClient, programmeId: string): Promise<IdeaFigures> {
  // In the workflow's order (the enum's), not alphabetically.
  const byStage = await prisma.$queryRaw<StageFigure[]>`
    SELECT i."stage"::text AS "stage", count(*)::int AS "ideas"
      FROM "project_idea" i
     WHERE i."programmeId" = ${programmeId}::uuid
     GROUP BY i."stage"
     ORDER BY i."stage"`;
  return { total: byStage.reduce((sum, stage) => sum + stage.ideas, 0), byStage };
}
