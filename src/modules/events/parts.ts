// Events inside events: a business coffee or a session that is part of a larger event (the
// Diaspora Days, a multi-day network meeting). One level deep, so that no chain or cycle forms.
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { isoDate } from '../../dates.js';
import { canManageEvent, readableEvents } from './access.js';

// --- Types -----------------------------------------------------------------------------------

builder.prismaObjectFields('Event', (t) => ({
  onlineUrl: t.exposeString('onlineUrl', {
    nullable: true,
    description: 'Where to join online (a video meeting), beside or instead of the venue.',
  }),
  parentEvent: t.prismaField({
    type: 'Event',
    nullable: true,
    description:
      'The larger event this one is part of (the Diaspora Days of a business coffee); null ' +
      'when none, or when the viewer may not read it.',
    resolve: (query, event, _args, ctx) =>
      event.parentEventId
        ? ctx.prisma.event.findFirst({
            ...query,
            where: { AND: [{ id: event.parentEventId }, readableEvents(ctx.viewer)] },
          })
        : null,
  }),
  subEvents: t.relation('parts', {
    description: 'The events that are part of this one (that the viewer may read), soonest first.',
    query: (_args, ctx) => ({
      where: readableEvents(ctx.viewer),
      orderBy: [{ startsOn: 'asc' }, { id: 'asc' }],
    }),
  }),
}));

// --- Rules -----------------------------------------------------------------------------------

type Db = Pick<Prisma.TransactionClient, 'event'>;

/**
 * Checks that an event may be part of `parentEventId`: the parent exists, the viewer manages
 * it, it is not itself part of another event nor the event itself, the event has no parts of
 * its own, and the event's dates fall within the parent's.
 */
export async function checkParent(
  ctx: Pick<Context, 'viewer'>,
  db: Db,
  parentEventId: string,
  event: { id?: string; startsOn: Date; endsOn: Date },
) {
  if (parentEventId === event.id) {
    throw new BadUserInputError('parentEventId: an event cannot be part of itself');
  }
  const parent = await db.event.findUnique({ where: { id: parentEventId } });
  if (!parent) throw new NotFoundError('parentEventId: no event has this ID');
  if (!canManageEvent(ctx.viewer, parent)) {
    throw new ForbiddenError('Only the larger event’s hosts and administrators add parts to it');
  }
  if (parent.parentEventId) {
    throw new BadUserInputError('parentEventId: that event is itself part of another event');
  }
  if (event.id && (await db.event.count({ where: { parentEventId: event.id } })) > 0) {
    throw new BadUserInputError('parentEventId: this event has parts of its own');
  }
  if (event.startsOn < parent.startsOn || event.endsOn > parent.endsOn) {
    throw new BadUserInputError(
      `parentEventId: the event must fall within the larger event's dates ` +
        `(${isoDate(parent.startsOn)} to ${isoDate(parent.endsOn)})`,
    );
  }
}
