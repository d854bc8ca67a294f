import type { PrismaClient } from '../db/database.js';
import type { Logger } from '../logger.js';
import { hashPassword } from '../modules/accounts/service.js';
import { DEMO_PASSWORD, demoAccounts, demoOrganizations, demoProgrammes } from './data.js';
import { loadDirectoryDemo } from './directory-seed.js';
import { loadEventsDemo } from './events-seed.js';
import { loadIdeasDemo } from './ideas.js';
import { loadQuestionnairesDemo } from './questionnaires.js';
import { loadStoriesDemo } from './stories.js';

const DEMO_LOAD_TIMEOUT_MS = 120_000;

/**
 * Loads the seeds' programmes, organisations, the directory, events with their conclusions and
 * the demo accounts into an empty database, in one transaction. Does nothing when any programme
 * exists.
 */
export async function loadDemoDataIfEmpty(prisma: PrismaClient, logger: Logger): Promise<boolean> {
  if ((await prisma.programme.count()) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await prisma.$transaction(
    async (tx) => {
      const orgIds = new Map<string, string>();
      for (const organization of demoOrganizations) {
        const row = await tx.organization.create({ data: organization });
        orgIds.set(organization.acronym ?? organization.name, row.id);
      }
      const programmeIds = new Map<string, string>();
      for (const { parties, ...programme } of demoProgrammes) {
        const row = await tx.programme.create({
          data: {
            ...programme,
            organizations: {
              create: parties.map(([key, role]) => {
                const organizationId = orgIds.get(key);
                if (!organizationId) throw new Error(`demo data: no organisation ${key}`);
                return { organizationId, role };
              }),
            },
          },
        });
        programmeIds.set(programme.code, row.id);
      }
      const municipalityIds = await loadDirectoryDemo(tx, programmeIds, orgIds);
      await loadEventsDemo(tx, {
        programmes: programmeIds,
        organizations: orgIds,
        municipalities: municipalityIds,
      });
      for (const account of demoAccounts) {
        await tx.user.create({
          data: {
            email: account.email,
            displayName: account.displayName,
            passwordHash,
            roles: {
              create: account.roles.map(([role, programmeCode, municipality]) => ({
                role,
                programmeId: programmeCode ? programmeIds.get(programmeCode) : null,
                municipalityId: municipality ? municipalityIds.get(municipality) : null,
              })),
            },
          },
        });
      }
      await loadIdeasDemo(tx, programmeIds, municipalityIds, orgIds);
      await loadQuestionnairesDemo(tx, programmeIds, municipalityIds);
      await loadStoriesDemo(tx, programmeIds, municipalityIds, orgIds);
      // Hundreds of inserts in one all-or-nothing transaction: Prisma's 5 s default (meant for a
      // request's writes) cuts it on a busy machine, leaving no demo data and a server that fails.
    },
    { timeout: DEMO_LOAD_TIMEOUT_MS },
  );
  logger.info(
    { accounts: demoAccounts.map((account) => account.email), password: DEMO_PASSWORD },
    'loaded demo data; demo accounts share the password',
  );
  return true;
}
