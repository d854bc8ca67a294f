import type { PrismaClient, Transaction as Tx } from '../../db/database.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type { CoordinatorAssignment, CoordinatorRole } from '../../generated/prisma/client.js';
import { checkDateOrder } from '../directory/validation.js';

export interface AssignmentPeriod {
  municipalityId: string;
  programmeId: string;
  role: CoordinatorRole;
  startsOn: Date;
  endsOn: Date | null;
}

/**
 * At most one coordinator per municipality and programme at any time: a COORDINATOR period may
 * not overlap another one's. Checked here for a clear CONFLICT; the partial unique index
 * `coordinator_assignment_one_open_coordinator_key` guards open-ended ones against races.
 */
async function assertNoOverlappingCoordinator(tx: Tx, period: AssignmentPeriod, exceptId?: string) {
  if (period.role !== 'COORDINATOR') return;
  const other = await tx.coordinatorAssignment.findFirst({
    where: {
      municipalityId: period.municipalityId,
      programmeId: period.programmeId,
      role: 'COORDINATOR',
      archivedAt: null,
      ...(exceptId ? { id: { not: exceptId } } : {}),
      ...(period.endsOn ? { startsOn: { lte: period.endsOn } } : {}),
      OR: [{ endsOn: null }, { endsOn: { gte: period.startsOn } }],
    },
    include: {
      person: { select: { fullName: true } },
      municipality: { select: { name: true } },
      programme: { select: { code: true } },
    },
  });
  if (other) {
    const until = other.endsOn ? ` until ${other.endsOn.toISOString().slice(0, 10)}` : '';
    throw new ConflictError(
      `${other.municipality.name} already has a coordinator for ${other.programme.code} in ` +
        `that period: ${other.person.fullName} (from ${other.startsOn.toISOString().slice(0, 10)}` +
        `${until}); end that assignment first`,
    );
  }
}

export async function createAssignment(
  prisma: PrismaClient,
  data: AssignmentPeriod & { personId: string },
): Promise<CoordinatorAssignment> {
  checkDateOrder(data.startsOn, data.endsOn, ['startsOn', 'endsOn']);
  return prisma.$transaction(async (tx) => {
    const partnership = await tx.programmePartnership.findFirst({
      where: {
        programmeId: data.programmeId,
        municipalityId: data.municipalityId,
        archivedAt: null,
      },
      select: { id: true },
    });
    if (!partnership) {
      throw new BadUserInputError(
        'The municipality is not a partner of the programme; add the partnership first',
      );
    }
    await assertNoOverlappingCoordinator(tx, data);
    return tx.coordinatorAssignment.create({ data });
  });
}

export async function updateAssignment(
  prisma: PrismaClient,
  id: string,
  changes: { role?: CoordinatorRole; startsOn?: Date; endsOn?: Date | null },
): Promise<CoordinatorAssignment> {
  return prisma.$transaction(async (tx) => {
    const current = await tx.coordinatorAssignment.findUnique({ where: { id } });
    if (!current) throw new NotFoundError('No coordinator assignment has this ID');
    const next = {
      municipalityId: current.municipalityId,
      programmeId: current.programmeId,
      role: changes.role ?? current.role,
      startsOn: changes.startsOn ?? current.startsOn,
      endsOn: changes.endsOn === undefined ? current.endsOn : changes.endsOn,
    };
    checkDateOrder(next.startsOn, next.endsOn, ['startsOn', 'endsOn']);
    if (!current.archivedAt) await assertNoOverlappingCoordinator(tx, next, id);
    return tx.coordinatorAssignment.update({
      where: { id },
      data: { role: next.role, startsOn: next.startsOn, endsOn: next.endsOn },
    });
  });
}
