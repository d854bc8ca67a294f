import type { PrismaClient } from '../../db/database.js';
import type { Channels, DirectoryChange, PayloadChannel } from '../../pubsub.js';

/** The ids of the programmes whose dashboards a change may have altered. */
type AffectedProgrammes<C extends PayloadChannel> = (
  prisma: PrismaClient,
  payload: Channels[C][0],
) => Promise<readonly string[]> | readonly string[];

/**
 * The channels whose changes may alter a dashboard, each with the programmes it affects.
 * Following a new channel is one line, e.g. 'projectIdea:changed' below.
 */
export const dashboardTriggers: { [C in PayloadChannel]?: AffectedProgrammes<C> } = {
  'programme:changed': (_prisma, { programmeId }) => [programmeId],
  'directory:changed': (prisma, change) => programmesOfDirectoryChange(prisma, change),
  'event:changed': (_prisma, { programmeId }) => (programmeId ? [programmeId] : []),
  'actionItem:changed': (_prisma, { programmeId }) => (programmeId ? [programmeId] : []),
  'projectIdea:changed': (_prisma, { programmeId }) => [programmeId],
  'bulletin:sent': (_prisma, { programmeId }) => [programmeId],
  'bulletin:delivered': async (prisma, { bulletinId }) => {
    const rows = await prisma.$queryRaw<{ programmeId: string }[]>`
      SELECT "programmeId" FROM "bulletin" WHERE "id" = ${bulletinId}::uuid`;
    return rows.map((row) => row.programmeId);
  },
  'story:changed': (_prisma, { programmeId }) => (programmeId ? [programmeId] : []),
  'registrarAdoption:changed': (prisma, { municipalityId }) =>
    programmesOfMunicipality(prisma, municipalityId),
  'registrarQueue:changed': (prisma, { municipalityId }) =>
    programmesOfMunicipality(prisma, municipalityId),
};

/** Only these directory records appear in a dashboard's figures. */
const countedDirectoryTypes = new Set([
  'ProgrammePartnership',
  'Municipality',
  'DiasporaMember',
  'Memorandum',
]);

async function programmesOfDirectoryChange(
  prisma: PrismaClient,
  change: DirectoryChange,
): Promise<string[]> {
  if (!countedDirectoryTypes.has(change.typename)) return [];
  if (change.typename === 'ProgrammePartnership') {
    // Archived rows stay, so an archived partnership still names its programme.
    const rows = await prisma.$queryRaw<{ programmeId: string }[]>`
      SELECT "programmeId" FROM "programme_partnership" WHERE "id" = ${change.id}::uuid`;
    return rows.map((row) => row.programmeId);
  }
  if (change.typename === 'Memorandum') {
    // Its committed resources are the dashboard's committed money.
    const rows = await prisma.$queryRaw<{ programmeId: string | null }[]>`
      SELECT "programmeId" FROM "memorandum" WHERE "id" = ${change.id}::uuid`;
    return rows.flatMap((row) => (row.programmeId ? [row.programmeId] : []));
  }
  if (!change.municipalityId) return [];
  return programmesOfMunicipality(prisma, change.municipalityId);
}

/** The programmes the municipality partners in. */
async function programmesOfMunicipality(
  prisma: PrismaClient,
  municipalityId: string,
): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ programmeId: string }[]>`
    SELECT DISTINCT "programmeId" FROM "programme_partnership"
     WHERE "municipalityId" = ${municipalityId}::uuid AND "archivedAt" IS NULL`;
  return rows.map((row) => row.programmeId);
}
