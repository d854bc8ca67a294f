// Cancelling an event: it stays readable, marked cancelled with its reason and time; it refuses
// registrations (service.ts), is marked cancelled in calendars, and everyone registered or
// waiting is told through the delivery layer.
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { ConflictError } from '../../errors.js';
import { optionalText } from '../directory/validation.js';
import { notifyEventCancelled } from '../notifications/triggers.js';
import { recordPayload } from '../payload.js';
import { EventNode } from './schema.js';
import { publishEventChange, requireManager } from './service.js';

// --- Types -----------------------------------------------------------------------------------

builder.prismaObjectFields('Event', (t) => ({
  cancelled: t.boolean({
    description: 'Cancelled by its managers: kept as a record, closed to registration.',
    resolve: (event) => event.cancelledAt !== null,
  }),
  cancelledAt: t.expose('cancelledAt', {
    type: 'DateTime',
    nullable: true,
    description: 'When its managers cancelled it; null when not cancelled.',
  }),
  cancellationReason: t.exposeString('cancellationReason', {
    nullable: true,
    description: 'Why it was cancelled, as told to the participants; null when none was given.',
  }),
}));

// --- Service ---------------------------------------------------------------------------------

/**
 * Marks the event cancelled and notifies its participants, in one transaction. Only an event
 * not yet cancelled changes, so of two cancellations at once one wins and the other is told
 * CONFLICT (and nobody is notified twice).
 */
export async function cancelEvent(ctx: Context, eventId: string, reason: string | null) {
  const event = await requireManager(ctx, eventId);
  const cancelled = await ctx.prisma.$transaction(async (tx) => {
    const { count } = await tx.event.updateMany({
      where: { id: eventId, cancelledAt: null },
      data: { cancelledAt: new Date(), cancellationReason: reason },
    });
    if (count === 0) throw new ConflictError('The event is already cancelled');
    await notifyEventCancelled(tx, eventId);
    return tx.event.findUniqueOrThrow({ where: { id: eventId } });
  });
  publishEventChange(ctx, event);
  return cancelled;
}

// --- Mutations -------------------------------------------------------------------------------

const CancelEventInput = builder.inputType('CancelEventInput', {
  description: 'The event to cancel, and why.',
  fields: (t) => ({
    eventId: t.globalID({ required: true, for: EventNode, description: 'The event.' }),
    reason: t.string({
      validate: optionalText(2000),
      description:
        'Told to the participants and shown with the event; 2,000 characters at most (blank: ' +
        'no reason).',
    }),
  }),
});

const CancelEventPayload = recordPayload('CancelEventPayload', 'event', EventNode);

builder.mutationField('cancelEvent', (t) =>
  t.field({
    type: CancelEventPayload,
    description:
      'The event’s hosts and programme administrators cancel it: it stays readable, marked ' +
      'cancelled, refuses registration, and everyone registered or waiting is notified ' +
      '(in-app and by e-mail). NOT_FOUND for an unknown event, FORBIDDEN for others, ' +
      'CONFLICT when already cancelled. Publishes `dashboardUpdated`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({ type: CancelEventInput, required: true, description: 'Which event, why.' }),
    },
    resolve: async (_root, { input }, ctx) => ({
      event: await cancelEvent(ctx, input.eventId.id, input.reason?.trim() || null),
    }),
  }),
);
