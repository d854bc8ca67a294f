// When a call for ideas takes new ideas: from its opening date until its closing date, unless
// the programme team closed it earlier.
import { isoDate, todayInBosnia } from '../../dates.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';

type Round = { opensOn: Date | null; closesOn: Date | null; closedAt: Date | null };

/** Takes new ideas today (Sarajevo's calendar). */
export function roundIsOpen(round: Round, today = todayInBosnia()): boolean {
  return (
    round.closedAt === null &&
    (round.opensOn === null || round.opensOn <= today) &&
    (round.closesOn === null || round.closesOn >= today)
  );
}

/**
 * Refuses a new idea in a round that does not take them now. The round's row is shared-locked
 * for the rest of the transaction, so a closing that commits meanwhile waits for the idea (and
 * an idea waits for a closing): none slips in after the close.
 */
export async function requireOpenRound(tx: Prisma.TransactionClient, roundId: string) {
  await tx.$queryRaw`SELECT 1 FROM project_idea_round WHERE id = ${roundId}::uuid FOR SHARE`;
  const round = await tx.projectIdeaRound.findUnique({ where: { id: roundId } });
  if (!round) throw new NotFoundError('No round has this ID');
  if (roundIsOpen(round)) return round;
  if (round.closedAt) throw new ConflictError('The round is closed: it takes no new ideas');
  if (round.opensOn && round.opensOn > todayInBosnia()) {
    throw new ConflictError(`The round opens on ${isoDate(round.opensOn)}`);
  }
  throw new ConflictError(`The round closed on ${isoDate(round.closesOn!)}`);
}
