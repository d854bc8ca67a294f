// Who sees what of questionnaires. A return is its recipient's (the municipality's coordinators,
// the association's representatives) and the programme team's; partners (donors, agencies) see
// a campaign, its counts and its results, never a return.
import type { Prisma } from '../../generated/prisma/client.js';
import {
  administers,
  coordinates,
  editableMunicipalities,
  partners,
  programmesWith,
  representedOrganizations,
} from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';

export interface ReturnOwner {
  municipalityId: string | null;
  organizationId: string | null;
}

/** The return's own recipient: its municipality's coordinator or deputy, its association's representative. */
export function isRecipient(viewer: Viewer | null, owner: ReturnOwner): boolean {
  if (owner.municipalityId) return coordinates(viewer, owner.municipalityId);
  return (
    owner.organizationId !== null && representedOrganizations(viewer).includes(owner.organizationId)
  );
}

/** May read one return: its recipient and the campaign's programme team. */
export function canReadReturn(
  viewer: Viewer | null,
  campaign: { programmeId: string | null },
  owner: ReturnOwner,
): boolean {
  return administers(viewer, campaign.programmeId) || isRecipient(viewer, owner);
}

/** The returns the viewer may read, as a filter. */
export function readableReturns(viewer: Viewer | null): Prisma.QuestionnaireReturnWhereInput {
  if (!viewer) return { id: { in: [] } };
  const administered = programmesWith(viewer, ['NETWORK_ADMIN']);
  if (administered === 'all') return {};
  return {
    OR: [
      { campaign: { programmeId: { in: administered } } },
      { municipalityId: { in: editableMunicipalities(viewer) } },
      { organizationId: { in: representedOrganizations(viewer) } },
    ],
  };
}

/** Aggregate figures (counts, results): the programme team and its partners. */
export function canReadResults(viewer: Viewer | null, campaign: { programmeId: string | null }) {
  // A network-wide campaign (no programme): partners of every programme only.
  return administers(viewer, campaign.programmeId) || partners(viewer, campaign.programmeId ?? '');
}

/** The campaigns the viewer may read: the programme's team and partners, and recipients. */
export function readableCampaigns(viewer: Viewer | null): Prisma.QuestionnaireCampaignWhereInput {
  if (!viewer) return { id: { in: [] } };
  const programmes = programmesWith(viewer, ['NETWORK_ADMIN', 'PARTNER']);
  if (programmes === 'all') return {};
  return {
    OR: [
      { programmeId: { in: programmes } },
      { returns: { some: { municipalityId: { in: editableMunicipalities(viewer) } } } },
      { returns: { some: { organizationId: { in: representedOrganizations(viewer) } } } },
    ],
  };
}

/** Questionnaires (their questions) are read by whoever reads one of their campaigns, and the team. */
export function readableQuestionnaires(viewer: Viewer | null): Prisma.QuestionnaireWhereInput {
  if (!viewer) return { id: { in: [] } };
  const administered = programmesWith(viewer, ['NETWORK_ADMIN']);
  if (administered === 'all') return {};
  return {
    OR: [
      { programmeId: { in: administered } },
      { versions: { some: { campaigns: { some: readableCampaigns(viewer) } } } },
    ],
  };
}
