// What the Ministry and donors read of a campaign: who has answered and who is late, results
// per question, and the same question compared across campaigns (years). Aggregates only: the
// programme team and its partners read them; a return itself stays its recipient's.
import { z } from 'zod';
import { builder } from '../../builder.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { canReadResults } from './access.js';
import {
  campaignOverview,
  campaignResults,
  type Overview,
  type OverviewRow,
  type QuestionResult,
  type RecipientFigure,
  type Share,
} from './results.js';
import {
  QuestionnaireCampaignNode,
  QuestionnaireReturnStatusEnum,
  QuestionTypeEnum,
} from './types.js';

const RecipientStatusRef = builder
  .objectRef<OverviewRow>('QuestionnaireRecipientStatus')
  .implement({
    authScopes: { public: true },
    fields: (t) => ({
      recipient: t.exposeString('recipient', {
        description: 'The municipality’s or association’s name.',
      }),
      municipality: t.prismaField({
        type: 'Municipality',
        nullable: true,
        resolve: (query, row, _args, ctx) =>
          row.municipalityId
            ? ctx.prisma.municipality.findUnique({ ...query, where: { id: row.municipalityId } })
            : null,
      }),
      organization: t.prismaField({
        type: 'Organization',
        nullable: true,
        resolve: (query, row, _args, ctx) =>
          row.organizationId
            ? ctx.prisma.organization.findUnique({ ...query, where: { id: row.organizationId } })
            : null,
      }),
      status: t.field({ type: QuestionnaireReturnStatusEnum, resolve: (row) => row.status }),
      overdue: t.exposeBoolean('overdue', { description: 'Not submitted and past the deadline.' }),
      late: t.exposeBoolean('late', { description: 'Submitted after the deadline.' }),
      savedAt: t.expose('savedAt', { type: 'DateTime', nullable: true }),
      submittedAt: t.expose('submittedAt', { type: 'DateTime', nullable: true }),
    }),
  });

const OverviewRef = builder.objectRef<Overview>('QuestionnaireCampaignOverview').implement({
  description:
    'Who has submitted, who is in draft (or reopened), who has not started, who is overdue.',
  authScopes: { public: true },
  fields: (t) => ({
    total: t.exposeInt('total'),
    submitted: t.exposeInt('submitted'),
    draft: t.exposeInt('draft', { description: 'DRAFT and REOPENED.' }),
    notStarted: t.exposeInt('notStarted'),
    overdue: t.exposeInt('overdue'),
    recipients: t.field({ type: [RecipientStatusRef], resolve: (overview) => overview.recipients }),
  }),
});

const ShareRef = builder.objectRef<Share>('QuestionAnswerShare').implement({
  authScopes: { public: true },
  fields: (t) => ({
    value: t.exposeString('value', {
      description: 'The option’s value, "true"/"false", a country code.',
    }),
    labelBs: t.exposeString('labelBs'),
    labelEn: t.exposeString('labelEn'),
    count: t.exposeInt('count'),
  }),
});

const RecipientFigureRef = builder.objectRef<RecipientFigure>('QuestionRecipientFigure').implement({
  authScopes: { public: true },
  fields: (t) => ({
    recipient: t.exposeString('recipient'),
    municipalityId: t.globalID({
      nullable: true,
      resolve: (row) =>
        row.municipalityId ? { type: 'Municipality', id: row.municipalityId } : null,
    }),
    organizationId: t.globalID({
      nullable: true,
      resolve: (row) =>
        row.organizationId ? { type: 'Organization', id: row.organizationId } : null,
    }),
    value: t.exposeString('value', {
      nullable: true,
      description: 'Null for free text, which only the return shows.',
    }),
    number: t.exposeFloat('number', { nullable: true }),
  }),
});

export const QuestionResultRef = builder.objectRef<QuestionResult>('QuestionResult');
QuestionResultRef.implement({
  description: 'One question’s figures over the submitted returns.',
  authScopes: { public: true },
  fields: (t) => ({
    key: t.exposeString('key'),
    type: t.field({ type: QuestionTypeEnum, resolve: (result) => result.type }),
    labelBs: t.exposeString('labelBs'),
    labelEn: t.exposeString('labelEn', { nullable: true }),
    unit: t.exposeString('unit', { nullable: true }),
    answered: t.exposeInt('answered', { description: 'Returns answering (sub-questions: rows).' }),
    sum: t.exposeFloat('sum', { nullable: true }),
    average: t.exposeFloat('average', { nullable: true }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
    rows: t.exposeInt('rows', { nullable: true, description: 'A GROUP’s rows over all returns.' }),
    distribution: t.field({ type: [ShareRef], resolve: (result) => result.distribution }),
    byRecipient: t.field({
      type: [RecipientFigureRef],
      description: 'Per municipality (or association), by name.',
      resolve: (result) => result.byRecipient,
    }),
    subQuestions: t.field({ type: [QuestionResultRef], resolve: (result) => result.subQuestions }),
  }),
});

builder.prismaObjectFields('QuestionnaireCampaign', (t) => ({
  overview: t.field({
    type: OverviewRef,
    description: 'The programme team and partners.',
    authScopes: (campaign, _args, ctx) => canReadResults(ctx.viewer, campaign),
    resolve: (campaign, _args, ctx) => campaignOverview(ctx.prisma, campaign.id),
  }),
  results: t.field({
    type: [QuestionResultRef],
    description: 'Per question over the SUBMITTED returns (the programme team and partners).',
    args: { key: t.arg.string({ description: 'Only this question.' }) },
    authScopes: (campaign, _args, ctx) => canReadResults(ctx.viewer, campaign),
    resolve: (campaign, args, ctx) => campaignResults(ctx.prisma, campaign.id, args.key),
  }),
}));

interface ComparisonEntry {
  campaignId: string;
  result: QuestionResult | null;
  previous: QuestionResult | null;
}

const change = (now: number | null | undefined, before: number | null | undefined) =>
  now == null || before == null ? null : now - before;

const ComparisonRef = builder.objectRef<ComparisonEntry>('QuestionnaireComparisonEntry').implement({
  description: 'One campaign’s figures for the key, and their change since the campaign before.',
  authScopes: { public: true },
  fields: (t) => ({
    campaign: t.prismaField({
      type: 'QuestionnaireCampaign',
      resolve: (query, entry, _args, ctx) =>
        ctx.prisma.questionnaireCampaign.findUniqueOrThrow({
          ...query,
          where: { id: entry.campaignId },
        }),
    }),
    result: t.field({
      type: QuestionResultRef,
      nullable: true,
      description: 'Null when the campaign’s version has no question with this key.',
      resolve: (entry) => entry.result,
    }),
    sumChange: t.float({
      nullable: true,
      resolve: (entry) => change(entry.result?.sum, entry.previous?.sum),
    }),
    averageChange: t.float({
      nullable: true,
      resolve: (entry) => change(entry.result?.average, entry.previous?.average),
    }),
    answeredChange: t.int({
      nullable: true,
      resolve: (entry) => change(entry.result?.answered, entry.previous?.answered),
    }),
    rowsChange: t.int({
      nullable: true,
      resolve: (entry) => change(entry.result?.rows, entry.previous?.rows),
    }),
  }),
});

builder.queryField('questionnaireComparison', (t) =>
  t.field({
    type: [ComparisonRef],
    description:
      'The same question (`key`) across campaigns, earliest deadline first, e.g. the estimated ' +
      'diaspora size in 2015 and 2018 (the programme team and partners of every campaign).',
    authScopes: { authenticated: true },
    args: {
      key: t.arg.string({ required: true, validate: z.string().max(60) }),
      campaignIds: t.arg.globalIDList({
        required: true,
        for: QuestionnaireCampaignNode,
        validate: z.array(z.any()).min(1).max(20),
      }),
    },
    resolve: async (_root, args, ctx) => {
      const ids = [...new Set(args.campaignIds.map((id) => id.id))];
      const campaigns = await ctx.prisma.questionnaireCampaign.findMany({
        where: { id: { in: ids } },
        orderBy: [{ closesOn: 'asc' }, { id: 'asc' }],
      });
      if (campaigns.length !== ids.length)
        throw new NotFoundError('No campaign has one of these IDs');
      if (!campaigns.every((campaign) => canReadResults(ctx.viewer, campaign))) {
        throw new ForbiddenError('Only the programme team and partners compare results');
      }
      let previous: QuestionResult | null = null;
      const entries: ComparisonEntry[] = [];
      for (const campaign of campaigns) {
        const [result = null] = await campaignResults(ctx.prisma, campaign.id, args.key);
        entries.push({ campaignId: campaign.id, result, previous });
        previous = result ?? previous;
      }
      return entries;
    },
  }),
);
