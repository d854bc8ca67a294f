import type { PrismaClient } from '../../db/database.js';
import { loadActionItems } from './sections/action-items.js';
import { loadCommunication } from './sections/communication.js';
import { loadDiaspora } from './sections/diaspora.js';
import { loadEvents } from './sections/events.js';
import { loadIdeas } from './sections/ideas.js';
import { loadMoney } from './sections/money.js';
import { loadParticipants } from './sections/participants.js';
import { loadPartners } from './sections/partners.js';
import { loadRegistrar } from './sections/registrar.js';

/**
 * The dashboard's sections, each loaded by its own function with a bounded number of SQL
 * statements (raw GROUP BY queries that run on PGlite and PostgreSQL alike).
 *
 * Adding a section:
 *  1. sections/<name>.ts: `load<Name>(prisma, programmeId)` returning the section's figures;
 *  2. one line here;
 *  3. its Pothos type and one field on ProgrammeDashboard in schema.ts;
 *  4. in triggers.ts, the channels whose changes affect it (one line each), if not there yet;
 *  5. its figures on the page (web/dashboard/src/main.ts) and in the statement-count test.
 */
export const sectionLoaders = {
  partners: loadPartners,
  diaspora: loadDiaspora,
  events: loadEvents,
  participants: loadParticipants,
  actionItems: loadActionItems,
  projectIdeas: loadIdeas,
  money: loadMoney,
  communication: loadCommunication,
  registrar: loadRegistrar,
} satisfies Record<string, (prisma: PrismaClient, programmeId: string) => Promise<unknown>>;

type Sections = typeof sectionLoaders;

export type ProgrammeDashboard = {
  programmeId: string;
  computedAt: Date;
} & { [Name in keyof Sections]: Awaited<ReturnType<Sections[Name]>> };

/** Every section, loaded concurrently. */
export async function loadDashboard(
  prisma: PrismaClient,
  programmeId: string,
): Promise<ProgrammeDashboard> {
  const sections = await Promise.all(
    Object.entries(sectionLoaders).map(async ([name, load]) => [
      name,
      await load(prisma, programmeId),
    ]),
  );
  return {
    programmeId,
    computedAt: new Date(),
    ...Object.fromEntries(sections),
  } as ProgrammeDashboard;
}
