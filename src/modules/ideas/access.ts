// Who may read a project idea, and the same rule as a database filter for lists.
import type { Prisma, ProjectIdeaStage } from '../../generated/prisma/client.js';
import {
  administers,
  editableMunicipalities,
  coordinates,
  partners,
  programmesWith,
  reviews,
} from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';

export interface IdeaScope {
  programmeId: string;
  municipalityId: string;
  stage: ProjectIdeaStage;
}

/**
 * The municipality's coordinators see its ideas at every stage; the programme team too; the
 * programme's reviewers and partners once submitted. Nobody else (ideas are never public).
 */
export function canReadIdea(viewer: Viewer | null, idea: IdeaScope): boolean {
  return (
    coordinates(viewer, idea.municipalityId) ||
    administers(viewer, idea.programmeId) ||
    (idea.stage !== 'DRAFT' &&
      (reviews(viewer, idea.programmeId) || partners(viewer, idea.programmeId)))
  );
}

export function readableIdeasFilter(viewer: Viewer | null): Prisma.ProjectIdeaWhereInput {
  const byProgramme = (programmes: string[] | 'all') =>
    programmes === 'all' ? {} : { programmeId: { in: programmes } };
  const administered = programmesWith(viewer, ['NETWORK_ADMIN']);
  if (administered === 'all') return {};
  const followed = programmesWith(viewer, ['REVIEWER', 'PARTNER']);
  const or: Prisma.ProjectIdeaWhereInput[] = [
    { municipalityId: { in: editableMunicipalities(viewer) } },
  ];
  if (administered.length) or.push({ programmeId: { in: administered } });
  if (followed === 'all' || followed.length) {
    or.push({ ...byProgramme(followed), stage: { not: 'DRAFT' } });
  }
  return { OR: or };
}
