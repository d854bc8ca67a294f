// The project-idea workflow: templates, rounds, ideas and their audited stage changes,
// proposals and expert-support notes. Every write that belongs together is one transaction;
// a refusal writes nothing.
import type { Context } from '../../context.js';
import type { Transaction } from '../../db/database.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { Prisma, type ProjectIdea, type ProjectIdeaStage } from '../../generated/prisma/client.js';
import { administers, coordinates } from '../accounts/grants.js';
import { notifyIdeaStageChanged } from '../notifications/triggers.js';
import { checkDateOrder } from '../directory/validation.js';
import { canReadIdea } from './access.js';
import { requireOpenRound } from './round-window.js';
import { asFieldValues, checkIdeaFields, checkTemplate, type TemplateSection } from './template.js';
import { nextStages, proposalStages, steps } from './workflow.js';

/** Tells `projectIdeaChanged` subscribers; call only after the write has committed. */
export function publishIdeaChange(ctx: Pick<Context, 'pubsub'>, idea: ProjectIdea) {
  ctx.pubsub.publish('projectIdea:changed', {
    ideaId: idea.id,
    programmeId: idea.programmeId,
    municipalityId: idea.municipalityId,
    stage: idea.stage,
  });
}

export async function createTemplate(
  ctx: Context,
  input: { programmeId: string; name: string; sections: TemplateSection[] },
) {
  checkTemplate(input.sections);
  return ctx.prisma.$transaction(async (tx) => {
    const latest = await tx.projectIdeaTemplate.findFirst({
      where: { programmeId: input.programmeId },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    return tx.projectIdeaTemplate.create({
      data: {
        programmeId: input.programmeId,
        name: input.name,
        version: (latest?.version ?? 0) + 1,
        sections: input.sections as unknown as Prisma.InputJsonValue,
      },
    });
  });
}

export interface CriterionInput {
  name: string;
  description?: string | null;
  weight: number;
}

export async function createRound(
  ctx: Context,
  input: {
    programmeId: string;
    name: string;
    scaleMax: number;
    criteria: CriterionInput[];
    opensOn?: Date | null;
    closesOn?: Date | null;
  },
) {
  if (input.criteria.length === 0) {
    throw new BadUserInputError('criteria: a rubric needs at least one criterion');
  }
  checkDateOrder(input.opensOn, input.closesOn, ['opensOn', 'closesOn']);
  return ctx.prisma.projectIdeaRound.create({
    data: {
      programmeId: input.programmeId,
      name: input.name,
      scaleMax: input.scaleMax,
      opensOn: input.opensOn ?? null,
      closesOn: input.closesOn ?? null,
      criteria: {
        create: input.criteria.map((criterion, position) => ({ ...criterion, position })),
      },
    },
  });
}

export interface IdeaContent {
  title?: string | null;
  fields?: unknown;
  attachments?: { title: string; url: string }[] | null;
  thematicAreas?: string[] | null;
  estimatedBudget?: string | null;
}

function contentData(content: IdeaContent) {
  const { fields, attachments, title, thematicAreas, estimatedBudget } = content;
  if (title === null) throw new BadUserInputError('title cannot be null');
  return {
    ...(title !== undefined ? { title } : {}),
    ...(fields !== undefined ? { fields: asFieldValues(fields) as Prisma.InputJsonValue } : {}),
    ...(attachments !== undefined ? { attachments: attachments ?? [] } : {}),
    ...(thematicAreas !== undefined ? { thematicAreas: thematicAreas ?? [] } : {}),
    ...(estimatedBudget !== undefined ? { estimatedBudget } : {}),
  };
}

/** A coordinator starts an idea in a round on the programme's latest template. */
export async function createIdea(
  ctx: Context,
  input: IdeaContent & { roundId: string; municipalityId: string; title: string },
) {
  const idea = await ctx.prisma.$transaction(async (tx) => {
    const round = await requireOpenRound(tx, input.roundId);
    const partner = await tx.programmePartnership.findFirst({
      where: {
        programmeId: round.programmeId,
        municipalityId: input.municipalityId,
        archivedAt: null,
      },
      select: { id: true },
    });
    if (!partner) {
      throw new BadUserInputError('The municipality is not a partner of the round’s programme');
    }
    const template = await tx.projectIdeaTemplate.findFirst({
      where: { programmeId: round.programmeId },
      orderBy: { version: 'desc' },
    });
    if (!template) {
      throw new ConflictError('The programme has no template for project ideas yet');
    }
    const data = contentData(input);
    checkIdeaFields(
      template.sections as unknown as TemplateSection[],
      asFieldValues(data.fields ?? {}),
      false,
    );
    return tx.projectIdea.create({
      data: {
        ...data,
        title: input.title,
        roundId: round.id,
        programmeId: round.programmeId,
        municipalityId: input.municipalityId,
        templateId: template.id,
        createdById: ctx.viewer?.userId,
      },
    });
  });
  publishIdeaChange(ctx, idea);
  return idea;
}

/** Loads an idea the viewer may read (NOT_FOUND / FORBIDDEN otherwise), inside `tx`. */
export async function readableIdea(ctx: Context, tx: Transaction, ideaId: string) {
  const idea = await tx.projectIdea.findUnique({ where: { id: ideaId } });
  if (!idea) throw new NotFoundError('No project idea has this ID');
  if (!canReadIdea(ctx.viewer, idea)) throw new ForbiddenError();
  return idea;
}

/** The idea's municipality's coordinator or deputy, else FORBIDDEN. */
export function requireCoordinator(ctx: Context, idea: ProjectIdea) {
  if (!coordinates(ctx.viewer, idea.municipalityId)) {
    throw new ForbiddenError('Only the municipality’s coordinator or deputy may do this');
  }
}

/** A network admin of the programme (null: of every programme), else FORBIDDEN. */
export function requireProgrammeTeam(ctx: Context, programmeId: string | null) {
  if (!administers(ctx.viewer, programmeId)) {
    throw new ForbiddenError('Only the programme team may do this');
  }
}

/** Checks field values against the template version an idea was started on. */
async function checkAgainstTemplate(
  tx: Transaction,
  templateId: string,
  values: unknown,
  complete: boolean,
) {
  const template = await tx.projectIdeaTemplate.findUniqueOrThrow({ where: { id: templateId } });
  checkIdeaFields(
    template.sections as unknown as TemplateSection[],
    asFieldValues(values),
    complete,
  );
}

/** Only drafts are edited; what was submitted is what was assessed. */
export async function updateIdea(ctx: Context, ideaId: string, content: IdeaContent) {
  const idea = await ctx.prisma.$transaction(async (tx) => {
    const current = await readableIdea(ctx, tx, ideaId);
    requireCoordinator(ctx, current);
    if (current.stage !== 'DRAFT') {
      throw new ConflictError(`Only a DRAFT idea can be edited; this one is ${current.stage}`);
    }
    const data = contentData(content);
    if (data.fields !== undefined) {
      await checkAgainstTemplate(tx, current.templateId, data.fields, false);
    }
    const updated = await tx.projectIdea.updateMany({
      where: { id: ideaId, stage: 'DRAFT' },
      data,
    });
    if (updated.count === 0) throw new ConflictError('The idea was submitted meanwhile');
    return tx.projectIdea.findUniqueOrThrow({ where: { id: ideaId } });
  });
  publishIdeaChange(ctx, idea);
  return idea;
}

async function displayName(tx: Transaction, userId: string | undefined) {
  if (!userId) return null;
  const user = await tx.user.findUnique({ where: { id: userId }, select: { displayName: true } });
  return user?.displayName ?? null;
}

/** What must hold before an idea may enter a stage, besides the step itself. */
async function checkPrerequisites(tx: Transaction, idea: ProjectIdea, to: ProjectIdeaStage) {
  switch (to) {
    case 'SUBMITTED': {
      const priority = await tx.projectIdea.findFirst({
        where: {
          roundId: idea.roundId,
          municipalityId: idea.municipalityId,
          id: { not: idea.id },
          stage: { notIn: ['DRAFT', 'WITHDRAWN'] },
        },
        select: { title: true },
      });
      if (priority) {
        throw new ConflictError(
          `The municipality already has its priority idea in this round ("${priority.title}"); ` +
            'one priority idea per municipality per round',
        );
      }
      await checkAgainstTemplate(tx, idea.templateId, idea.fields, true);
      if (idea.estimatedBudget === null) {
        throw new BadUserInputError('estimatedBudget: required before submission');
      }
      return;
    }
    case 'SHORTLISTED':
    case 'NOT_SHORTLISTED': {
      const assessments = await tx.assessment.findMany({
        where: { ideaId: idea.id },
        select: { submittedAt: true },
      });
      const pending = assessments.filter((a) => a.submittedAt === null).length;
      if (assessments.length === 0 || pending > 0) {
        throw new ConflictError(
          assessments.length === 0
            ? 'No reviewer has assessed the idea yet'
            : `${pending} assigned assessment(s) are not submitted yet`,
        );
      }
      return;
    }
    case 'PROPOSAL_READY': {
      const lines = await tx.proposalBudgetLine.count({ where: { proposal: { ideaId: idea.id } } });
      if (lines === 0) {
        throw new ConflictError('The full proposal (with its budget) is not written yet');
      }
      return;
    }
    case 'APPLIED': {
      if ((await tx.fundingApplication.count({ where: { ideaId: idea.id } })) === 0) {
        throw new ConflictError('Apply to a funding call first (applyToFundingCall)');
      }
      return;
    }
    case 'FUNDED': {
      const awarded = await tx.fundingApplication.count({
        where: { ideaId: idea.id, status: 'AWARDED' },
      });
      if (awarded === 0) {
        throw new ConflictError('No application of this idea has been awarded funding');
      }
      return;
    }
    case 'NOT_FUNDED': {
      const open = await tx.fundingApplication.count({
        where: { ideaId: idea.id, status: { not: 'REJECTED' } },
      });
      if (open > 0) {
        throw new ConflictError('An application is still pending or was awarded');
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Moves an idea to another stage: only along the state machine's steps, only by the step's
 * owner, only when its prerequisites hold; each accepted step is recorded with who, when and
 * the comment.
 */
export async function transitionIdea(
  ctx: Context,
  input: { ideaId: string; to: ProjectIdeaStage; comment?: string | null },
) {
  const idea = await ctx.prisma.$transaction(async (tx) => {
    const current = await readableIdea(ctx, tx, input.ideaId);
    const owner = steps[current.stage][input.to];
    if (!owner) {
      const allowed = nextStages(current.stage);
      throw new ConflictError(
        `A ${current.stage} idea cannot become ${input.to}; ` +
          (allowed.length ? `allowed: ${allowed.join(', ')}` : 'it is closed, nothing is allowed'),
        { allowed },
      );
    }
    if (owner === 'MUNICIPALITY') requireCoordinator(ctx, current);
    else requireProgrammeTeam(ctx, current.programmeId);
    await checkPrerequisites(tx, current, input.to);
    const moved = await tx.projectIdea.updateMany({
      where: { id: current.id, stage: current.stage },
      data: { stage: input.to },
    });
    if (moved.count === 0) throw new ConflictError('The idea changed stage meanwhile; reload it');
    await tx.projectIdeaTransition.create({
      data: {
        ideaId: current.id,
        fromStage: current.stage,
        toStage: input.to,
        actorId: ctx.viewer?.userId,
        actorName: await displayName(tx, ctx.viewer?.userId),
        comment: input.comment,
      },
    });
    await notifyIdeaStageChanged(tx, current.id, current.stage, input.to);
    return tx.projectIdea.findUniqueOrThrow({ where: { id: current.id } });
  });
  publishIdeaChange(ctx, idea);
  return idea;
}

export interface ProposalInput {
  ideaId: string;
  summary: string;
  expectedResults: string[];
  timeline: { activity: string; startsOn: Date; endsOn: Date }[];
  budgetLines: { description: string; amount: string; currency?: string | null }[];
  partners: { organizationId?: string | null; name: string; contribution?: string | null }[];
}

/** Writes the full proposal as a whole (budget lines and partners replaced). */
export async function saveProposal(ctx: Context, input: ProposalInput) {
  for (const step of input.timeline) {
    if (step.startsOn > step.endsOn) {
      throw new BadUserInputError(`timeline: "${step.activity}" ends before it starts`);
    }
  }
  const result = await ctx.prisma.$transaction(async (tx) => {
    const idea = await readableIdea(ctx, tx, input.ideaId);
    requireCoordinator(ctx, idea);
    if (!proposalStages.includes(idea.stage)) {
      throw new ConflictError(
        `A proposal is written while the idea is ${proposalStages.join(' or ')}; it is ${idea.stage}`,
      );
    }
    const data = {
      summary: input.summary,
      expectedResults: input.expectedResults,
      timeline: input.timeline.map((step) => ({
        activity: step.activity,
        startsOn: step.startsOn.toISOString().slice(0, 10),
        endsOn: step.endsOn.toISOString().slice(0, 10),
      })),
    };
    const proposal = await tx.projectProposal.upsert({
      where: { ideaId: idea.id },
      create: { ideaId: idea.id, ...data },
      update: data,
    });
    await tx.proposalBudgetLine.deleteMany({ where: { proposalId: proposal.id } });
    await tx.proposalPartner.deleteMany({ where: { proposalId: proposal.id } });
    await tx.proposalBudgetLine.createMany({
      data: input.budgetLines.map((line, position) => ({
        proposalId: proposal.id,
        position,
        description: line.description,
        amount: line.amount,
        currency: line.currency ?? 'BAM',
      })),
    });
    await tx.proposalPartner.createMany({
      data: input.partners.map((partner, position) => ({
        proposalId: proposal.id,
        position,
        ...partner,
      })),
    });
    await tx.projectIdea.update({ where: { id: idea.id }, data: { updatedAt: new Date() } });
    return { proposal, idea };
  });
  publishIdeaChange(ctx, result.idea);
  return result.proposal;
}

export async function addNote(ctx: Context, input: { ideaId: string; text: string }) {
  return ctx.prisma.$transaction(async (tx) => {
    const idea = await readableIdea(ctx, tx, input.ideaId);
    requireProgrammeTeam(ctx, idea.programmeId);
    return tx.expertSupportNote.create({
      data: { ideaId: idea.id, text: input.text, authorId: ctx.viewer?.userId },
    });
  });
}
