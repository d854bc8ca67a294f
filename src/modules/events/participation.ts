// What taking part in an event means, shared by the event and conclusions access rules without
// either importing the request context.
import type { Prisma } from '../../generated/prisma/client.js';

/**
 * A participation that makes its municipality take part: registered (not waiting, not
 * cancelled) and accepted by the event's managers — a registration one gives oneself is not.
 */
export const acceptedParticipation = {
  status: 'REGISTERED',
  acceptedAt: { not: null },
} as const satisfies Prisma.EventParticipantWhereInput;
