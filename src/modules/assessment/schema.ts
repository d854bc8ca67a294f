import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { globalOrRawId } from '../../global-id.js';
import type { Assessment, ProjectIdea } from '../../generated/prisma/client.js';
import { administers, coordinates, partners } from '../accounts/grants.js';
import { UserNode } from '../accounts/schema.js';
import { optionalText } from '../directory/validation.js';
import { canReadIdea } from '../ideas/access.js';
import { IdeaPayload, ProjectIdeaNode } from '../ideas/schema.js';
import { assignReviewer, submitAssessment } from './service.js';

// --- Types -----------------------------------------------------------------------------------

builder.prismaObject('AssessmentScore', {
  authScopes: { public: true },
  fields: (t) => ({
    criterion: t.relation('criterion'),
    score: t.exposeInt('score'),
    comment: t.exposeString('comment', { nullable: true }),
  }),
});

builder.prismaNode('Assessment', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A reviewer’s assessment of an idea against the round’s rubric.',
  // What deciding who may see it needs, loaded with it: the idea and who assessed it when.
  include: {
    idea: {
      include: { assessments: { select: { id: true, reviewerId: true, submittedAt: true } } },
    },
  },
  // The same rule as ProjectIdea.assessments, so node(id:) shows no more than the idea does.
  authScopes: (assessment, ctx) =>
    canReadIdea(ctx.viewer, assessment.idea) &&
    visibleAssessments(ctx, assessment.idea, assessment.idea.assessments).some(
      (visible) => visible.id === assessment.id,
    ),
  fields: (t) => ({
    reviewerName: t.exposeString('reviewerName'),
    comment: t.exposeString('comment', { nullable: true }),
    weightedTotal: t.string({
      nullable: true,
      description: 'Σ weight × score / Σ weight, on the round’s scale; null until submitted.',
      resolve: (assessment) => assessment.weightedTotal?.toFixed(4) ?? null,
    }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    assignedAt: t.expose('assignedAt', { type: 'DateTime' }),
    scores: t.relation('scores', { query: { orderBy: { criterion: { position: 'asc' } } } }),
  }),
});

/**
 * Whose scores the viewer may see: the programme team and partners see every submitted
 * assessment, the municipality once the shortlist is decided; a reviewer sees their own, and
 * the others only after submitting theirs.
 */
function visibleAssessments<A extends Pick<Assessment, 'reviewerId' | 'submittedAt'>>(
  ctx: Context,
  idea: ProjectIdea,
  all: A[],
): A[] {
  const viewer = ctx.viewer;
  if (administers(viewer, idea.programmeId)) return all;
  const submitted = all.filter((a) => a.submittedAt !== null);
  if (partners(viewer, idea.programmeId)) return submitted;
  const decided = !['DRAFT', 'SUBMITTED', 'UNDER_ASSESSMENT'].includes(idea.stage);
  if (decided && coordinates(viewer, idea.municipalityId)) return submitted;
  const own = all.find((a) => a.reviewerId === viewer?.userId);
  if (!own) return [];
  return own.submittedAt ? submitted : [own];
}

builder.prismaObjectFields('ProjectIdea', (t) => ({
  assessments: t.prismaField({
    type: ['Assessment'],
    description:
      'The assessments the viewer may see: a reviewer sees the others’ only after submitting.',
    resolve: (query, idea, _args, ctx) =>
      ctx.prisma.assessment
        .findMany({
          ...query,
          where: { ideaId: idea.id },
          orderBy: [{ assignedAt: 'asc' }, { id: 'asc' }],
        })
        .then((all) => visibleAssessments(ctx, idea, all)),
  }),
  weightedScore: t.string({
    nullable: true,
    description:
      'The mean of the submitted assessments’ weighted totals, when the viewer may see them.',
    // Loaded with the ideas themselves: a list of ideas costs no query per idea.
    select: { assessments: { select: { reviewerId: true, submittedAt: true } } },
    resolve: (idea, _args, ctx) => {
      if (idea.weightedScore === null) return null;
      const all = idea.assessments;
      const visible = visibleAssessments(ctx, idea, all).filter((a) => a.submittedAt);
      return visible.length === all.filter((a) => a.submittedAt).length
        ? idea.weightedScore.toFixed(4)
        : null;
    },
  }),
}));

// --- Mutations -------------------------------------------------------------------------------

const AssignReviewerInput = builder.inputType('AssignReviewerInput', {
  fields: (t) => ({
    ideaId: t.globalID({ required: true, for: ProjectIdeaNode }),
    reviewerId: t.globalID({ required: true, for: UserNode }),
  }),
});

builder.mutationField('assignReviewer', (t) =>
  t.field({
    type: IdeaPayload('AssignReviewerPayload'),
    description:
      'The programme team assigns one of the programme’s reviewers; never one who coordinates ' +
      'or works for the idea’s municipality (CONFLICT).',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: AssignReviewerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      idea: await assignReviewer(ctx, { ideaId: input.ideaId.id, userId: input.reviewerId.id }),
    }),
  }),
);

const ScoreInput = builder.inputType('AssessmentScoreInput', {
  fields: (t) => ({
    criterionId: t.id({
      required: true,
      description: 'The criterion’s global ID (its raw UUID is still accepted).',
    }),
    score: t.int({ required: true }),
    comment: t.string({ validate: optionalText(5_000) }),
  }),
});

const SubmitAssessmentInput = builder.inputType('SubmitAssessmentInput', {
  fields: (t) => ({
    ideaId: t.globalID({ required: true, for: ProjectIdeaNode }),
    scores: t.field({ type: [ScoreInput], required: true }),
    comment: t.string({ validate: optionalText(10_000) }),
  }),
});

builder.mutationField('submitAssessment', (t) =>
  t.field({
    type: IdeaPayload('SubmitAssessmentPayload'),
    description: 'An assigned reviewer scores every criterion, once.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SubmitAssessmentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      idea: await submitAssessment(ctx, {
        ideaId: input.ideaId.id,
        scores: input.scores.map((s) => ({
          ...s,
          criterionId: globalOrRawId(String(s.criterionId), 'AssessmentCriterion', 'criterionId'),
        })),
        comment: input.comment,
      }),
    }),
  }),
);
