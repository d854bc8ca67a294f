// Assessment of project ideas: reviewers assigned per idea (never for their own municipality),
// their scores against the round's rubric, and the weighted totals the ranking is built on.
import type { Context } from '../../context.js';
import type { Transaction } from '../../db/database.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import { Prisma, type ProjectIdea } from '../../generated/prisma/client.js';
import { coordinates, reviews } from '../accounts/grants.js';
import type { Viewer } from '../../viewer.js';
import { publishIdeaChange, readableIdea, requireProgrammeTeam } from '../ideas/service.js';
import { notifyReviewerAssigned } from '../notifications/triggers.js';

/**
 * Why this user may not assess ideas of this municipality, or null: they coordinate it (a
 * role grant), or the directory lists them (a Person with their e-mail) as working there.
 */
async function conflictOfInterest(
  tx: Transaction,
  user: { id: string; email: string },
  municipalityId: string,
): Promise<string | null> {
  const grant = await tx.roleAssignment.findFirst({
    where: {
      userId: user.id,
      municipalityId,
      role: { in: ['COORDINATOR', 'DEPUTY_COORDINATOR'] },
    },
    select: { id: true },
  });
  if (grant) return 'they coordinate the idea’s municipality';
  const person = await tx.person.findFirst({
    where: {
      municipalityId,
      archivedAt: null,
      email: { equals: user.email, mode: 'insensitive' },
    },
    select: { id: true },
  });
  return person ? 'the directory lists them as working for the idea’s municipality' : null;
}

export async function assignReviewer(ctx: Context, input: { ideaId: string; userId: string }) {
  const idea = await ctx.prisma.$transaction(async (tx) => {
    const idea = await readableIdea(ctx, tx, input.ideaId);
    requireProgrammeTeam(ctx, idea.programmeId);
    if (idea.stage !== 'SUBMITTED' && idea.stage !== 'UNDER_ASSESSMENT') {
      throw new ConflictError(
        `Reviewers are assigned to SUBMITTED or UNDER_ASSESSMENT ideas; this one is ${idea.stage}`,
      );
    }
    const user = await tx.user.findUnique({
      where: { id: input.userId },
      include: { roles: true },
    });
    if (!user) throw new NotFoundError('No user has this ID');
    const asViewer = { roles: user.roles } as unknown as Viewer;
    if (!reviews(asViewer, idea.programmeId)) {
      throw new BadUserInputError('The user is not a reviewer of the idea’s programme');
    }
    const conflict = await conflictOfInterest(tx, user, idea.municipalityId);
    if (conflict) {
      throw new ConflictError(`Conflict of interest: ${conflict}`);
    }
    const existing = await tx.assessment.findUnique({
      where: { ideaId_reviewerId: { ideaId: idea.id, reviewerId: user.id } },
      select: { id: true },
    });
    if (existing) throw new ConflictError('The reviewer is already assigned to this idea');
    await tx.assessment.create({
      data: { ideaId: idea.id, reviewerId: user.id, reviewerName: user.displayName },
    });
    await notifyReviewerAssigned(tx, idea.id, user.id);
    return idea;
  });
  publishIdeaChange(ctx, idea);
  return idea;
}

export interface ScoreInput {
  criterionId: string;
  score: number;
  comment?: string | null;
}

/** Σ weight × score / Σ weight: a total on the round's own scale. */
export function weightedTotal(scores: { weight: Prisma.Decimal; score: number }[]): Prisma.Decimal {
  const weights = scores.reduce((sum, s) => sum.add(s.weight), new Prisma.Decimal(0));
  const weighted = scores.reduce((sum, s) => sum.add(s.weight.mul(s.score)), new Prisma.Decimal(0));
  return weighted.div(weights).toDecimalPlaces(4);
}

/** The mean of the submitted assessments' totals, kept on the idea for ranking. */
async function refreshIdeaScore(tx: Transaction, ideaId: string) {
  const totals = await tx.assessment.findMany({
    where: { ideaId, submittedAt: { not: null } },
    select: { weightedTotal: true },
  });
  const sum = totals.reduce((acc, t) => acc.add(t.weightedTotal ?? 0), new Prisma.Decimal(0));
  return tx.projectIdea.update({
    where: { id: ideaId },
    data: { weightedScore: totals.length ? sum.div(totals.length).toDecimalPlaces(4) : null },
  });
}

/** A reviewer submits their assessment once: a score for every criterion of the rubric. */
export async function submitAssessment(
  ctx: Context,
  input: { ideaId: string; scores: ScoreInput[]; comment?: string | null },
) {
  const idea = await ctx.prisma.$transaction(async (tx): Promise<ProjectIdea> => {
    const idea = await readableIdea(ctx, tx, input.ideaId);
    const assessment = await tx.assessment.findUnique({
      where: { ideaId_reviewerId: { ideaId: idea.id, reviewerId: ctx.viewer?.userId ?? '' } },
    });
    if (!assessment || !reviews(ctx.viewer, idea.programmeId)) {
      throw new ForbiddenError('Only a reviewer assigned to this idea may assess it');
    }
    if (coordinates(ctx.viewer, idea.municipalityId))
      throw new ForbiddenError('Only a reviewer assigned to this idea may assess it');
    if (idea.stage !== 'UNDER_ASSESSMENT') {
      throw new ConflictError(`Ideas are scored while UNDER_ASSESSMENT; this one is ${idea.stage}`);
    }
    if (assessment.submittedAt)
      throw new ConflictError('You have already submitted this assessment');
    const round = await tx.projectIdeaRound.findUniqueOrThrow({
      where: { id: idea.roundId },
      include: { criteria: true },
    });
    const byId = new Map(round.criteria.map((criterion) => [criterion.id, criterion]));
    const given = new Set<string>();
    for (const score of input.scores) {
      if (!byId.has(score.criterionId)) {
        throw new BadUserInputError(`scores: ${score.criterionId} is not a criterion of the round`);
      }
      if (given.has(score.criterionId)) {
        throw new BadUserInputError(`scores: criterion ${score.criterionId} is scored twice`);
      }
      given.add(score.criterionId);
      if (score.score < 0 || score.score > round.scaleMax) {
        throw new BadUserInputError(`scores: each score is between 0 and ${round.scaleMax}`);
      }
    }
    if (given.size !== round.criteria.length) {
      throw new BadUserInputError('scores: score every criterion of the rubric');
    }
    const total = weightedTotal(
      input.scores.map((s) => ({ weight: byId.get(s.criterionId)!.weight, score: s.score })),
    );
    await tx.assessmentScore.createMany({
      data: input.scores.map((s) => ({
        assessmentId: assessment.id,
        criterionId: s.criterionId,
        score: s.score,
        comment: s.comment,
      })),
    });
    const submitted = await tx.assessment.updateMany({
      where: { id: assessment.id, submittedAt: null },
      data: { submittedAt: new Date(), comment: input.comment, weightedTotal: total },
    });
    if (submitted.count === 0)
      throw new ConflictError('You have already submitted this assessment');
    return refreshIdeaScore(tx, idea.id);
  });
  publishIdeaChange(ctx, idea);
  return idea;
}
