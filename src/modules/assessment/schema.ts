import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { globalOrRawId } from '../../global-id.js';
import type { Assessment, ProjectIdea } from '../../generated/prisma/client.js';
import { administers, coordinates, partners } from '../accounts/grants.js';
import { UserNode } from '../accounts/schema.js';
import { optionalText } from '../directory/validation.js';
import { canReadIdea } from '../ideas/access.js';
import { ProjectIdeaNode } from '../ideas/schema.js';
import { recordPayload } from '../payload.js';
import { assignReviewer, submitAssessment } from './service.js';

// --- Types -----------------------------------------------------------------------------------

builder.prismaObject('AssessmentScore', {
  description: 'An assessment’s score on one criterion.',
  authScopes: { public: true },
  fields: (t) => ({
    criterion: t.relation('criterion', { description: 'The criterion scored.' }),
    score: t.exposeInt('score', { description: 'From 0 to the round’s `scaleMax`.' }),
    comment: t.exposeString('comment', {
      nullable: true,
      description: 'The reviewer’s reason (null: none given).',
    }),
  }),
});

builder.prismaNode('Assessment', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description:
    'A reviewer’s assessment of an idea against the round’s rubric; visible to whom ' +
    '`ProjectIdea.assessments` shows it.',
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
    reviewerName: t.exposeString('reviewerName', {
      description: 'The reviewer’s display name when they were assigned.',
    }),
    comment: t.exposeString('comment', {
      nullable: true,
      description: 'The reviewer’s overall comment (null: none, or not submitted yet).',
    }),
    weightedTotal: t.string({
      nullable: true,
      description:
        'Σ weight × score / Σ weight on the round’s scale, a decimal string with 4 decimals; ' +
        'null until submitted.',
      resolve: (assessment) => assessment.weightedTotal?.toFixed(4) ?? null,
    }),
    submittedAt: t.expose('submittedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the reviewer submitted it (null: not yet).',
    }),
    assignedAt: t.expose('assignedAt', {
      type: 'DateTime',
      description: 'When the programme team assigned the reviewer.',
    }),
    scores: t.relation('scores', {
      description: 'A score per criterion, in rubric order; empty until submitted.',
      query: { orderBy: { criterion: { position: 'asc' } } },
    }),
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
      'The assessments the viewer may see, in order of assignment: the programme team all of ' +
      'them, pending ones too; its partners the submitted ones; the municipality’s ' +
      'coordinators the submitted ones once the idea is past `UNDER_ASSESSMENT`; a reviewer ' +
      'their own, and the others’ submitted ones only after submitting theirs.',
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
      'The mean of the submitted assessments’ weighted totals: a decimal string with 4 ' +
      'decimals on the round’s scale. Null when none is submitted or the viewer may not see ' +
      'them all. `RANKING` orders by it.',
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
  description: 'What `assignReviewer` takes.',
  fields: (t) => ({
    ideaId: t.globalID({
      required: true,
      for: ProjectIdeaNode,
      description: 'The idea, `SUBMITTED` or `UNDER_ASSESSMENT`.',
    }),
    reviewerId: t.globalID({
      required: true,
      for: UserNode,
      description: 'The user, a reviewer of the idea’s programme.',
    }),
  }),
});

builder.mutationField('assignReviewer', (t) =>
  t.field({
    type: recordPayload('AssignReviewerPayload', 'idea', ProjectIdeaNode),
    description:
      'The programme’s administrators assign one of its reviewers to a `SUBMITTED` or ' +
      '`UNDER_ASSESSMENT` idea (CONFLICT at other stages); never one who coordinates or, by ' +
      'the directory, works for the idea’s municipality, nor one assigned already (CONFLICT). ' +
      'BAD_USER_INPUT when the user is not a reviewer of the programme. Notifies the reviewer ' +
      '(`REVIEWER_ASSIGNED`) and publishes `projectIdeaChanged`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: AssignReviewerInput,
        required: true,
        description: 'The idea and the reviewer.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      idea: await assignReviewer(ctx, { ideaId: input.ideaId.id, userId: input.reviewerId.id }),
    }),
  }),
);

const ScoreInput = builder.inputType('AssessmentScoreInput', {
  description: 'A score on one criterion.',
  fields: (t) => ({
    criterionId: t.id({
      required: true,
      description: 'The criterion’s global ID (its raw UUID is still accepted).',
    }),
    score: t.int({ required: true, description: 'From 0 to the round’s `scaleMax`.' }),
    comment: t.string({
      validate: optionalText(5_000),
      description: 'Why; at most 5,000 characters.',
    }),
  }),
});

const SubmitAssessmentInput = builder.inputType('SubmitAssessmentInput', {
  description: 'What `submitAssessment` takes.',
  fields: (t) => ({
    ideaId: t.globalID({
      required: true,
      for: ProjectIdeaNode,
      description: 'The idea, `UNDER_ASSESSMENT`.',
    }),
    scores: t.field({
      type: [ScoreInput],
      required: true,
      description: 'A score for every criterion of the round’s rubric, each once.',
    }),
    comment: t.string({
      validate: optionalText(10_000),
      description: 'An overall comment; at most 10,000 characters.',
    }),
  }),
});

builder.mutationField('submitAssessment', (t) =>
  t.field({
    type: recordPayload('SubmitAssessmentPayload', 'idea', ProjectIdeaNode),
    description:
      'An assigned reviewer scores every criterion, once; the idea’s `weightedScore` follows. ' +
      'FORBIDDEN to anyone not assigned, no longer a reviewer of the programme, or ' +
      'coordinating the idea’s municipality; CONFLICT unless the idea is `UNDER_ASSESSMENT`, ' +
      'or when already submitted; BAD_USER_INPUT for a score out of range or a criterion ' +
      'missing, repeated or not of the round. Publishes `projectIdeaChanged`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: SubmitAssessmentInput,
        required: true,
        description: 'The idea and the scores.',
      }),
    },
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
