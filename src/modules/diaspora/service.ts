// Diaspora members and their consent. Personal fields (name, e-mail, phone) are stored only
// while consent is active and its scope allows them; withdrawing consent, or narrowing its
// scope, erases what is no longer allowed in the same write. The database's CHECK constraint
// `diaspora_member_consent_check` holds the same rule; this file gives the clear messages.
import type { PrismaClient } from '../../db/database.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type { ConsentScope, DiasporaMember, Prisma } from '../../generated/prisma/client.js';

export interface PersonalFields {
  fullName?: string | null;
  email?: string | null;
  phone?: string | null;
}

const personalKeys = ['fullName', 'email', 'phone'] as const;

/** The personal fields each consent scope allows. */
const allowedBy: Record<ConsentScope, readonly (keyof PersonalFields)[]> = {
  MAPPING: [],
  NAME: ['fullName'],
  CONTACT: ['fullName', 'email', 'phone'],
};

type ConsentState = Pick<DiasporaMember, 'consentGivenAt' | 'consentScope' | 'consentWithdrawnAt'>;

/** The scope of the member's consent if it is active, else null. */
export function activeConsentScope(member: ConsentState): ConsentScope | null {
  return member.consentGivenAt && !member.consentWithdrawnAt ? member.consentScope : null;
}

/** May this personal field be stored (and shown) under the member's consent? */
export function consentAllows(member: ConsentState, field: keyof PersonalFields): boolean {
  const scope = activeConsentScope(member);
  return scope !== null && allowedBy[scope].includes(field);
}

/** Refuses personal values the consent does not cover, naming the field and what it needs. */
function checkPersonalFields(scope: ConsentScope | null, personal: PersonalFields) {
  for (const key of personalKeys) {
    if (personal[key] == null || (scope && allowedBy[scope].includes(key))) continue;
    const needed = key === 'fullName' ? 'NAME or CONTACT' : 'CONTACT';
    throw new BadUserInputError(
      `${key} can be stored only under the member's active consent with scope ${needed}` +
        (scope ? ` (it is ${scope})` : ' (there is none)'),
    );
  }
}

/** Nulls for the personal fields a scope does not allow: what narrowing or withdrawing erases. */
function erasedBeyond(scope: ConsentScope | null) {
  return Object.fromEntries(
    personalKeys.filter((key) => !scope || !allowedBy[scope].includes(key)).map((k) => [k, null]),
  ) as PersonalFields;
}

export interface MappingFields {
  country?: string;
  city?: string | null;
  associationId?: string | null;
  skills?: string[];
  sectors?: string[];
  interests?: string[];
  languages?: string[];
}

export interface ConsentInput {
  scope: ConsentScope;
  givenAt?: Date | null;
}

function consentTime(givenAt: Date | null | undefined): Date {
  const at = givenAt ?? new Date();
  if (at.getTime() > Date.now() + 60_000) {
    throw new BadUserInputError('consent.givenAt must not be in the future');
  }
  return at;
}

export async function createMember(
  prisma: PrismaClient,
  data: MappingFields & { country: string; homeMunicipalityId: string },
  personal: PersonalFields,
  consent: ConsentInput | null | undefined,
): Promise<DiasporaMember> {
  checkPersonalFields(consent?.scope ?? null, personal);
  const consentFields = consent
    ? { consentScope: consent.scope, consentGivenAt: consentTime(consent.givenAt) }
    : {};
  return prisma.$transaction((tx) =>
    tx.diasporaMember.create({ data: { ...data, ...personal, ...consentFields } }),
  );
}

export async function updateMember(
  prisma: PrismaClient,
  id: string,
  data: MappingFields,
  personal: PersonalFields,
): Promise<DiasporaMember> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.diasporaMember.findUnique({ where: { id } });
    if (!current) throw new NotFoundError('No diaspora member has this ID');
    checkPersonalFields(activeConsentScope(current), personal);
    return tx.diasporaMember.update({ where: { id }, data: { ...data, ...personal } });
  });
}

/** Records (or renews, or narrows) consent; fields the new scope does not allow are erased. */
export async function recordConsent(
  prisma: PrismaClient,
  id: string,
  consent: ConsentInput,
): Promise<DiasporaMember> {
  const givenAt = consentTime(consent.givenAt);
  return prisma.$transaction(async (tx) => {
    const current = await tx.diasporaMember.findUnique({ where: { id }, select: { id: true } });
    if (!current) throw new NotFoundError('No diaspora member has this ID');
    return tx.diasporaMember.update({
      where: { id },
      data: {
        consentScope: consent.scope,
        consentGivenAt: givenAt,
        consentWithdrawnAt: null,
        ...erasedBeyond(consent.scope),
      },
    });
  });
}

/** Withdraws consent and erases every personal field, in one statement. */
export async function withdrawConsent(prisma: PrismaClient, id: string): Promise<DiasporaMember> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.diasporaMember.findUnique({ where: { id } });
    if (!current) throw new NotFoundError('No diaspora member has this ID');
    if (!activeConsentScope(current)) {
      throw new ConflictError('The member has no active consent to withdraw');
    }
    return tx.diasporaMember.update({
      where: { id },
      data: { consentWithdrawnAt: new Date(), ...erasedBeyond(null) },
    });
  });
}

// --- Counts ----------------------------------------------------------------------------------

export type MemberGrouping = 'COUNTRY' | 'SKILL' | 'SECTOR' | 'INTEREST' | 'LANGUAGE';

export interface MemberFilter {
  programmeId?: string | null;
  homeMunicipalityId?: string | null;
  country?: string | null;
  skill?: string | null;
  interest?: string | null;
}

/**
 * Where clause shared by the member list and its counts: members with active consent only, so
 * that withdrawing it takes a member out of every list and count at once.
 */
export function memberWhere(filter: MemberFilter): Prisma.DiasporaMemberWhereInput {
  return {
    archivedAt: null,
    consentGivenAt: { not: null },
    consentWithdrawnAt: null,
    ...(filter.homeMunicipalityId ? { homeMunicipalityId: filter.homeMunicipalityId } : {}),
    ...(filter.country ? { country: filter.country } : {}),
    ...(filter.skill ? { skills: { has: filter.skill } } : {}),
    ...(filter.interest ? { interests: { has: filter.interest } } : {}),
    ...(filter.programmeId
      ? {
          homeMunicipality: {
            partnerships: { some: { programmeId: filter.programmeId, archivedAt: null } },
          },
        }
      : {}),
  };
}

/**
 * How many members per country, skill, sector, interest or language: aggregate figures that
 * carry no personal data. Loads only the grouped column of the matching rows.
 */
export async function countMembers(
  prisma: PrismaClient,
  by: MemberGrouping,
  filter: MemberFilter,
): Promise<{ key: string; count: number }[]> {
  const rows = await prisma.diasporaMember.findMany({
    where: memberWhere(filter),
    select: { country: true, skills: true, sectors: true, interests: true, languages: true },
  });
  const counts = new Map<string, number>();
  for (const row of rows) {
    const keys: string[] =
      by === 'COUNTRY'
        ? [row.country]
        : by === 'SKILL'
          ? row.skills
          : by === 'SECTOR'
            ? row.sectors
            : by === 'INTEREST'
              ? row.interests
              : row.languages;
    for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
