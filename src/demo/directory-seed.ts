import type { Transaction as Tx } from '../db/database.js';
import {
  demoAssociationHomes,
  demoDiasporaMembers,
  demoMemorandum,
  demoMunicipalities,
  demoOffices,
  demoPartnerships,
  demoPeople,
  memorandumSignatories,
} from './directory-data.js';

/** Looks a demo key up, failing loudly on a typo in the demo data. */
function lookup(ids: Map<string, string>, key: string, what: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`demo data: no ${what} ${key}`);
  return id;
}

/**
 * Loads the directory's demo data inside the demo transaction; returns municipality ids by name
 * (demo accounts are scoped to them).
 */
export async function loadDirectoryDemo(
  tx: Tx,
  programmeIds: Map<string, string>,
  orgIds: Map<string, string>,
): Promise<Map<string, string>> {
  const municipalityIds = new Map<string, string>();
  for (const municipality of demoMunicipalities) {
    const row = await tx.municipality.create({ data: municipality });
    municipalityIds.set(municipality.name, row.id);
  }
  const municipality = (name: string) => lookup(municipalityIds, name, 'municipality');
  const programme = (code: string) => lookup(programmeIds, code, 'programme');

  await tx.programmePartnership.createMany({
    data: demoPartnerships.flatMap(([code, cohort, joinedOn, names]) =>
      names.map((name) => ({
        programmeId: programme(code),
        municipalityId: municipality(name),
        cohort,
        joinedOn: new Date(joinedOn),
      })),
    ),
  });

  await tx.diasporaOffice.createMany({
    data: demoOffices.map(({ municipality: name, ...office }) => ({
      ...office,
      municipalityId: municipality(name),
    })),
  });

  const personIds = new Map<string, string>();
  for (const { municipality: home, organization, assignments = [], ...person } of demoPeople) {
    const row = await tx.person.create({
      data: {
        ...person,
        municipalityId: home ? municipality(home) : null,
        organizationId: organization ? lookup(orgIds, organization, 'organisation') : null,
        assignments: {
          create: assignments.map(([code, role, startsOn]) => ({
            programmeId: programme(code),
            municipalityId: municipality(home ?? ''),
            role,
            startsOn: new Date(startsOn),
          })),
        },
      },
    });
    personIds.set(person.fullName, row.id);
  }

  for (const [association, home] of demoAssociationHomes) {
    await tx.organization.update({
      where: { id: lookup(orgIds, association, 'organisation') },
      data: { homeMunicipalityId: municipality(home) },
    });
  }

  const {
    resources,
    organizationParties,
    signatories,
    programme: code,
    signedOn,
    ...memo
  } = demoMemorandum;
  await tx.memorandum.create({
    data: {
      ...memo,
      signedOn: new Date(signedOn),
      programmeId: programme(code),
      parties: {
        create: [
          ...organizationParties.map((key, index) => ({
            position: index,
            organizationId: lookup(orgIds, key, 'organisation'),
          })),
          ...memorandumSignatories.map(({ name }, index) => {
            const signatory = signatories[name];
            return {
              position: organizationParties.length + index,
              municipalityId: municipality(name),
              signatoryId: signatory ? lookup(personIds, signatory.person, 'person') : null,
              signatoryFunction: signatory?.function ?? null,
            };
          }),
        ],
      },
      resources: {
        create: resources.map((resource, index) => ({ ...resource, position: index })),
      },
    },
  });

  const consentGivenAt = new Date('2024-05-01T10:00:00Z');
  for (const { home, association, consent, ...member } of demoDiasporaMembers) {
    await tx.diasporaMember.create({
      data: {
        ...member,
        homeMunicipalityId: municipality(home),
        associationId: association ? lookup(orgIds, association, 'organisation') : null,
        ...(consent
          ? {
              consentGivenAt,
              consentScope: consent.scope,
              fullName: consent.fullName ?? null,
              email: consent.email ?? null,
            }
          : {}),
      },
    });
  }
  return municipalityIds;
}
