// Rounds' dates in the schema, and closing a round (the rules are in round-window.ts).
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { administers } from '../accounts/grants.js';
import { recordPayload } from '../payload.js';
import { roundIsOpen } from './round-window.js';
import { ProjectIdeaRoundNode } from './schema.js';

// --- Types -----------------------------------------------------------------------------------

builder.prismaObjectFields('ProjectIdeaRound', (t) => ({
  opensOn: t.expose('opensOn', {
    type: 'Date',
    nullable: true,
    description: 'First day for new ideas (null: from its creation).',
  }),
  closesOn: t.expose('closesOn', {
    type: 'Date',
    nullable: true,
    description: 'Last day for new ideas (null: until closed).',
  }),
  closedAt: t.expose('closedAt', {
    type: 'DateTime',
    nullable: true,
    description: 'When the programme team closed it (null: not closed).',
  }),
  open: t.boolean({
    description: 'Takes new ideas today (Sarajevo’s calendar).',
    resolve: (round) => roundIsOpen(round),
  }),
}));

// --- Mutations -------------------------------------------------------------------------------

/**
 * Closes a round now. Its row is locked first, so the recorded time follows every idea that
 * got in (they hold a shared lock until they commit); of two closings one wins, the other is
 * told CONFLICT.
 */
async function closeRound(ctx: Context, roundId: string) {
  const round = await ctx.prisma.projectIdeaRound.findUnique({ where: { id: roundId } });
  if (!round) throw new NotFoundError('No round has this ID');
  if (!administers(ctx.viewer, round.programmeId)) {
    throw new ForbiddenError('Only the programme’s administrators close its rounds');
  }
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM project_idea_round WHERE id = ${roundId}::uuid FOR UPDATE`;
    const current = await tx.projectIdeaRound.findUniqueOrThrow({ where: { id: roundId } });
    if (current.closedAt) throw new ConflictError('The round is already closed');
    return tx.projectIdeaRound.update({ where: { id: roundId }, data: { closedAt: new Date() } });
  });
}

const CloseProjectIdeaRoundInput = builder.inputType('CloseProjectIdeaRoundInput', {
  description: 'What `closeProjectIdeaRound` takes.',
  fields: (t) => ({
    roundId: t.globalID({
      required: true,
      for: ProjectIdeaRoundNode,
      description: 'The round to close.',
    }),
  }),
});

builder.mutationField('closeProjectIdeaRound', (t) =>
  t.field({
    type: recordPayload('CloseProjectIdeaRoundPayload', 'round', ProjectIdeaRoundNode),
    description:
      'The programme’s administrators close a call for ideas: no new ideas from now on (ideas ' +
      'already in it go on). CONFLICT when already closed.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: CloseProjectIdeaRoundInput,
        required: true,
        description: 'The round.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      round: await closeRound(ctx, input.roundId.id),
    }),
  }),
);
