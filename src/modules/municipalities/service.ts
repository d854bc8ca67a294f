import type { PrismaClient } from '../../db/database.js';
import { ConflictError } from '../../errors.js';
import type { DiasporaOffice, Prisma } from '../../generated/prisma/client.js';

/**
 * Opens a municipality's diaspora office or info point. One may be open at a time: checked here
 * for a clear message, and by a partial unique index for concurrent writers.
 */
export async function createOffice(
  prisma: PrismaClient,
  municipalityId: string,
  data: Omit<Prisma.DiasporaOfficeUncheckedCreateInput, 'municipalityId'>,
): Promise<DiasporaOffice> {
  return prisma.$transaction(async (tx) => {
    const open = await tx.diasporaOffice.findFirst({
      where: { municipalityId, archivedAt: null },
      select: { name: true },
    });
    if (open) {
      throw new ConflictError(
        `The municipality already has an open diaspora office or info point ("${open.name}"); ` +
          'update or archive it first',
      );
    }
    return tx.diasporaOffice.create({ data: { ...data, municipalityId } });
  });
}
