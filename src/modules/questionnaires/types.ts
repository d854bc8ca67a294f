// The GraphQL types of questionnaires, versions, campaigns and returns.
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import {
  QuestionnaireCampaignKind,
  QuestionnaireReturnStatus,
  type QuestionnaireCampaign,
} from '../../generated/prisma/client.js';
import { editableMunicipalities, representedOrganizations } from '../accounts/grants.js';
import { canReadResults, canReadReturn, readableReturns } from './access.js';
import {
  type ChoiceOption,
  type Question,
  type QuestionCondition,
  questionTypes,
  type Section,
} from './definition.js';
import { isOverdue } from './service.js';

export const QuestionTypeEnum = builder.enumType('QuestionType', { values: questionTypes });
export const QuestionnaireReturnStatusEnum = builder.enumType(QuestionnaireReturnStatus, {
  name: 'QuestionnaireReturnStatus',
});
export const QuestionnaireCampaignKindEnum = builder.enumType(QuestionnaireCampaignKind, {
  name: 'QuestionnaireCampaignKind',
});

const ChoiceOptionRef = builder.objectRef<ChoiceOption>('ChoiceOption').implement({
  authScopes: { public: true },
  fields: (t) => ({
    value: t.exposeString('value', { description: 'What an answer holds.' }),
    labelBs: t.exposeString('labelBs'),
    labelEn: t.exposeString('labelEn', { nullable: true }),
  }),
});

const QuestionConditionRef = builder.objectRef<QuestionCondition>('QuestionCondition').implement({
  description:
    'Show the question only when the question `questionKey` (same level) is answered `equals`.',
  authScopes: { public: true },
  fields: (t) => ({
    questionKey: t.exposeString('questionKey'),
    equals: t.field({ type: 'JSON', resolve: (condition) => condition.equals }),
  }),
});

export const QuestionRef = builder.objectRef<Question>('Question');
QuestionRef.implement({
  description: 'A question; its `key` stays the same across versions and years.',
  authScopes: { public: true },
  fields: (t) => ({
    key: t.exposeString('key'),
    type: t.field({ type: QuestionTypeEnum, resolve: (q) => q.type }),
    labelBs: t.exposeString('labelBs'),
    labelEn: t.exposeString('labelEn', { nullable: true }),
    helpBs: t.exposeString('helpBs', { nullable: true }),
    helpEn: t.exposeString('helpEn', { nullable: true }),
    required: t.exposeBoolean('required'),
    unit: t.exposeString('unit', { nullable: true }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
    options: t.field({ type: [ChoiceOptionRef], resolve: (q) => q.options ?? [] }),
    showWhen: t.field({
      type: QuestionConditionRef,
      nullable: true,
      resolve: (q) => q.showWhen ?? null,
    }),
    subQuestions: t.field({
      type: [QuestionRef],
      description: 'A GROUP’s questions, asked once per row.',
      resolve: (q) => q.subQuestions ?? [],
    }),
    maxRows: t.exposeInt('maxRows', { nullable: true }),
  }),
});

const SectionRef = builder.objectRef<Section>('QuestionnaireSection').implement({
  authScopes: { public: true },
  fields: (t) => ({
    titleBs: t.exposeString('titleBs'),
    titleEn: t.exposeString('titleEn', { nullable: true }),
    questions: t.field({ type: [QuestionRef], resolve: (s) => s.questions }),
  }),
});

/** Readers of a campaign: the team and partners, and its recipients. */
export async function canReadCampaign(ctx: Context, campaign: QuestionnaireCampaign) {
  if (canReadResults(ctx.viewer, campaign)) return true;
  const municipalities = editableMunicipalities(ctx.viewer);
  const organizations = representedOrganizations(ctx.viewer);
  if (!municipalities.length && !organizations.length) return false;
  const mine = await ctx.prisma.questionnaireReturn.count({
    where: {
      campaignId: campaign.id,
      OR: [{ municipalityId: { in: municipalities } }, { organizationId: { in: organizations } }],
    },
  });
  return mine > 0;
}

export const QuestionnaireNode = builder.prismaNode('Questionnaire', {
  id: { field: 'id' },
  nullable: true,
  description: 'A questionnaire kept across years; its questions are in versions.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    titleBs: t.exposeString('titleBs'),
    titleEn: t.exposeString('titleEn', { nullable: true }),
    programme: t.relation('programme', { nullable: true }),
    versions: t.relation('versions', { query: { orderBy: { number: 'asc' } } }),
  }),
});

export const QuestionnaireVersionNode = builder.prismaNode('QuestionnaireVersion', {
  id: { field: 'id' },
  nullable: true,
  description: 'One version of a questionnaire; immutable once published.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    number: t.exposeInt('number'),
    questionnaire: t.relation('questionnaire'),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
    sections: t.field({
      type: [SectionRef],
      resolve: (version) => version.sections as unknown as Section[],
    }),
  }),
});

export const QuestionnaireCampaignNode = builder.prismaNode('QuestionnaireCampaign', {
  id: { field: 'id' },
  nullable: true,
  description: 'A questionnaire version sent to recipients, open from opensOn to closesOn.',
  authScopes: (campaign, ctx) => canReadCampaign(ctx, campaign),
  fields: (t) => ({
    title: t.exposeString('title'),
    kind: t.expose('kind', { type: QuestionnaireCampaignKindEnum }),
    programme: t.relation('programme', { nullable: true }),
    version: t.relation('version'),
    opensOn: t.expose('opensOn', { type: 'Date' }),
    closesOn: t.expose('closesOn', { type: 'Date', description: 'The deadline, included.' }),
    remindDaysBefore: t.exposeInt('remindDaysBefore'),
    returns: t.relatedConnection(
      'returns',
      {
        description: 'The returns the viewer may read (a coordinator: their own only).',
        cursor: 'id',
        totalCount: true,
        args: { status: t.arg({ type: QuestionnaireReturnStatusEnum }) },
        query: (args, ctx) => ({
          where: {
            ...readableReturns(ctx.viewer),
            ...(args.status ? { status: args.status } : {}),
          },
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
      },
      { name: 'QuestionnaireReturnConnection' },
      { name: 'QuestionnaireReturnEdge' },
    ),
  }),
});

export const QuestionnaireReturnNode = builder.prismaNode('QuestionnaireReturn', {
  id: { field: 'id' },
  nullable: true,
  description: 'One recipient’s answers: its coordinators’ (or representatives’) and the team’s.',
  authScopes: async (found, ctx) => {
    const campaign = await ctx.prisma.questionnaireCampaign.findUnique({
      where: { id: found.campaignId },
      select: { programmeId: true },
    });
    return campaign !== null && canReadReturn(ctx.viewer, campaign, found);
  },
  fields: (t) => ({
    campaign: t.relation('campaign'),
    municipality: t.relation('municipality', { nullable: true }),
    organization: t.relation('organization', { nullable: true }),
    status: t.expose('status', { type: QuestionnaireReturnStatusEnum }),
    overdue: t.boolean({
      description: 'Not submitted and past the deadline.',
      select: { campaign: { select: { closesOn: true } } },
      resolve: (found) => isOverdue(found, found.campaign),
    }),
    answers: t.expose('answers', {
      type: 'JSON',
      description: '{ <question key>: value }; a GROUP’s value is a list of rows.',
    }),
    savedAt: t.expose('savedAt', { type: 'DateTime', nullable: true }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    reopenedAt: t.expose('reopenedAt', { type: 'DateTime', nullable: true }),
    reopenReason: t.exposeString('reopenReason', { nullable: true }),
  }),
});
