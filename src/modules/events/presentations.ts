import type { Context } from '../../context.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import { canReadIdea } from '../ideas/access.js';
import { findDay, requireManager } from './service.js';

export interface PresentationInput {
  eventId: string;
  /** The day's number, when known. */
  day?: number | null;
  title: string;
  summary?: string | null;
  organizationId?: string | null;
  personId?: string | null;
  supportedBy?: string | null;
  projectIdeaId?: string | null;
}

/** A presentation on the agenda, by an organisation, a person or both; the event's managers. */
export async function addPresentation(ctx: Context, input: PresentationInput) {
  await requireManager(ctx, input.eventId);
  const day = input.day == null ? null : await findDay(ctx.prisma, input.eventId, input.day);
  if (!input.organizationId && !input.personId) {
    throw new BadUserInputError('Give the presenting organizationId, personId or both');
  }
  if (input.projectIdeaId) await requireReadableIdea(ctx, input.projectIdeaId);
  return ctx.prisma.presentation.create({
    data: {
      eventId: input.eventId,
      dayId: day?.id ?? null,
      title: input.title,
      summary: input.summary,
      organizationId: input.organizationId ?? null,
      personId: input.personId ?? null,
      supportedBy: input.supportedBy,
      projectIdeaId: input.projectIdeaId ?? null,
    },
  });
}

/** Takes a presentation off the agenda (the event's managers); returns its event. */
export async function removePresentation(ctx: Context, presentationId: string) {
  const presentation = await ctx.prisma.presentation.findUnique({
    where: { id: presentationId },
    select: { id: true, eventId: true },
  });
  if (!presentation) throw new NotFoundError('No presentation has this ID');
  await requireManager(ctx, presentation.eventId);
  await ctx.prisma.presentation.delete({ where: { id: presentation.id } });
  return ctx.prisma.event.findUniqueOrThrow({ where: { id: presentation.eventId } });
}

/** A presentation names only an idea its maker may see (no probing for others' ideas). */
async function requireReadableIdea(ctx: Context, ideaId: string) {
  const idea = await ctx.prisma.projectIdea.findUnique({
    where: { id: ideaId },
    select: { programmeId: true, municipalityId: true, stage: true },
  });
  if (!idea || !canReadIdea(ctx.viewer, idea)) {
    throw new NotFoundError('No project idea you may see has this ID');
  }
}
