import type { PrismaClient } from '../../db/database.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import type { Memorandum } from '../../generated/prisma/client.js';

export interface PartyInput {
  organizationId?: string | null;
  municipalityId?: string | null;
  signatoryId?: string | null;
  signatoryFunction?: string | null;
}

export interface ResourceInput {
  description: string;
  amount: string;
  currency: string;
}

export interface MemorandumFields {
  title?: string;
  signedOn?: Date;
  place?: string | null;
  goals?: string[];
}

/** Each party is exactly one organisation or municipality, and appears once. */
function partyRows(parties: PartyInput[]) {
  if (parties.length === 0) throw new BadUserInputError('parties: a memorandum needs a party');
  const seen = new Set<string>();
  return parties.map((party, position) => {
    const key = party.organizationId ?? party.municipalityId;
    if (!key || (party.organizationId && party.municipalityId)) {
      throw new BadUserInputError(
        `parties.${position}: give either organizationId or municipalityId`,
      );
    }
    if (seen.has(key)) throw new BadUserInputError(`parties.${position}: a party appears twice`);
    seen.add(key);
    if (party.signatoryFunction && !party.signatoryId) {
      throw new BadUserInputError(`parties.${position}: signatoryFunction needs a signatoryId`);
    }
    return {
      position,
      organizationId: party.organizationId ?? null,
      municipalityId: party.municipalityId ?? null,
      signatoryId: party.signatoryId ?? null,
      signatoryFunction: party.signatoryFunction ?? null,
    };
  });
}

const resourceRows = (resources: ResourceInput[]) =>
  resources.map((resource, position) => ({ ...resource, position }));

export async function createMemorandum(
  prisma: PrismaClient,
  data: Required<Pick<MemorandumFields, 'title' | 'signedOn'>> &
    MemorandumFields & { programmeId: string | null },
  parties: PartyInput[],
  resources: ResourceInput[],
): Promise<Memorandum> {
  const partyData = partyRows(parties);
  return prisma.$transaction(async (tx) =>
    tx.memorandum.create({
      data: {
        ...data,
        parties: { create: partyData },
        resources: { create: resourceRows(resources) },
      },
    }),
  );
}

/** Updates fields; given parties or resources replace the old lists, in one transaction. */
export async function updateMemorandum(
  prisma: PrismaClient,
  id: string,
  data: MemorandumFields,
  parties: PartyInput[] | undefined,
  resources: ResourceInput[] | undefined,
): Promise<Memorandum> {
  const partyData = parties && partyRows(parties);
  return prisma.$transaction(async (tx) => {
    const current = await tx.memorandum.findUnique({ where: { id }, select: { id: true } });
    if (!current) throw new NotFoundError('No memorandum has this ID');
    if (partyData) {
      await tx.memorandumParty.deleteMany({ where: { memorandumId: id } });
      await tx.memorandumParty.createMany({
        data: partyData.map((row) => ({ ...row, memorandumId: id })),
      });
    }
    if (resources) {
      await tx.memorandumResource.deleteMany({ where: { memorandumId: id } });
      await tx.memorandumResource.createMany({
        data: resourceRows(resources).map((row) => ({ ...row, memorandumId: id })),
      });
    }
    return tx.memorandum.update({ where: { id }, data });
  });
}
