// Who may write and read stories: the one rule behind the mutations, the list and node lookups.
import type { Prisma } from '../../generated/prisma/client.js';
import {
  administers,
  coordinates,
  editableMunicipalities,
  programmesWith,
} from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';

/** What decides who may write a story: whose it is and in which programme. */
export interface StoryOwner {
  municipalityId: string | null;
  organizationId: string | null;
  programmeId: string | null;
}

/**
 * Network administrators of every programme write any story; a programme's administrators
 * those of their programme; coordinators and deputies their own municipality's (whatever the
 * programme). An organisation's story without a municipality is the administrators' to write.
 */
export function canWriteStory(viewer: Viewer | null, story: StoryOwner): boolean {
  if (!viewer) return false;
  if (administers(viewer, null)) return true;
  if (story.programmeId && administers(viewer, story.programmeId)) return true;
  return story.municipalityId !== null && coordinates(viewer, story.municipalityId);
}

/** Published stories for everyone; drafts for those who may write them and for their author. */
export function canReadStory(
  viewer: Viewer | null,
  story: StoryOwner & { status: string; authorId: string | null },
): boolean {
  return (
    story.status === 'PUBLISHED' ||
    canWriteStory(viewer, story) ||
    (viewer !== null && story.authorId === viewer.userId)
  );
}

/** The stories the viewer may read, as a filter (see canReadStory). */
export function readableStories(viewer: Viewer | null): Prisma.StoryWhereInput {
  if (!viewer) return { status: 'PUBLISHED' };
  const administered = programmesWith(viewer, ['NETWORK_ADMIN']);
  if (administered === 'all') return {};
  return {
    OR: [
      { status: 'PUBLISHED' },
      { programmeId: { in: administered } },
      { municipalityId: { in: editableMunicipalities(viewer) } },
      { authorId: viewer.userId },
    ],
  };
}
