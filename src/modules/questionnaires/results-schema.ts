// What the Ministry and donors read of a campaign: who has answered and who is late, results
// per question, and the same question compared across campaigns (years). Aggregates only: the
// programme team and its partners read them; a return itself stays its recipient's.
import { z } from 'zod';
import { builder } from '../../builder.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { recordById } from '../payload.js';
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
    description: 'Where one recipient’s return stands, in a campaign’s overview.',
    authScopes: { public: true },
    fields: (t) => ({
      recipient: t.exposeString('recipient', {
        description: 'The municipality’s or association’s name.',
      }),
      municipality: t.prismaField({
        type: 'Municipality',
        nullable: true,
        description: 'The recipient, when it is a municipality (else null).',
        resolve: (query, row, _args, ctx) =>
          row.municipalityId
            ? ctx.prisma.municipality.findUnique({ ...query, where: { id: row.municipalityId } })
            : null,
      }),
      organization: t.prismaField({
        type: 'Organization',
        nullable: true,
        description: 'The recipient, when it is a diaspora association (else null).',
        resolve: (query, row, _args, ctx) =>
          row.organizationId
            ? ctx.prisma.organization.findUnique({ ...query, where: { id: row.organizationId } })
            : null,
      }),
      status: t.field({
        type: QuestionnaireReturnStatusEnum,
        description: 'Where the return stands.',
        resolve: (row) => row.status,
      }),
      overdue: t.exposeBoolean('overdue', { description: 'Not submitted and past the deadline.' }),
      late: t.exposeBoolean('late', { description: 'Submitted after the deadline.' }),
      savedAt: t.expose('savedAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When the recipient last saved answers; null: not yet.',
      }),
      submittedAt: t.expose('submittedAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When the recipient last submitted; null: not yet.',
      }),
    }),
  });

const OverviewRef = builder.objectRef<Overview>('QuestionnaireCampaignOverview').implement({
  description:
    'Who has submitted, who is in draft (or reopened), who has not started, who is overdue.',
  authScopes: { public: true },
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Recipients (returns) in all.' }),
    submitted: t.exposeInt('submitted', { description: 'Returns SUBMITTED.' }),
    draft: t.exposeInt('draft', { description: 'DRAFT and REOPENED.' }),
    notStarted: t.exposeInt('notStarted', { description: 'Returns NOT_STARTED.' }),
    overdue: t.exposeInt('overdue', {
      description: 'Returns not submitted and past the deadline.',
    }),
    recipients: t.field({
      type: [RecipientStatusRef],
      description: 'Every recipient, by name (Bosnian order).',
      resolve: (overview) => overview.recipients,
    }),
  }),
});

const ShareRef = builder.objectRef<Share>('QuestionAnswerShare').implement({
  description:
    'How many submitted answers chose one value of a YES_NO, choice or COUNTRY question.',
  authScopes: { public: true },
  fields: (t) => ({
    value: t.exposeString('value', {
      description: 'The option’s value, "true"/"false", a country code.',
    }),
    labelBs: t.exposeString('labelBs', {
      description: 'The value as shown in Bosnian: the option’s label, "Da"/"Ne", the country.',
    }),
    labelEn: t.exposeString('labelEn', {
      description: 'The same in English (the Bosnian label when the option has none).',
    }),
    count: t.exposeInt('count', {
      description: 'Answers with it (a MULTI_CHOICE answer counts for each option chosen).',
    }),
  }),
});

const RecipientFigureRef = builder.objectRef<RecipientFigure>('QuestionRecipientFigure').implement({
  description: 'One recipient’s answer to a question, in a campaign’s results.',
  authScopes: { public: true },
  fields: (t) => ({
    recipient: t.exposeString('recipient', {
      description: 'The municipality’s or association’s name.',
    }),
    municipalityId: t.globalID({
      nullable: true,
      description: 'The municipality’s `id`; null when the recipient is an association.',
      resolve: (row) =>
        row.municipalityId ? { type: 'Municipality', id: row.municipalityId } : null,
    }),
    organizationId: t.globalID({
      nullable: true,
      description: 'The association’s `id`; null when the recipient is a municipality.',
      resolve: (row) =>
        row.organizationId ? { type: 'Organization', id: row.organizationId } : null,
    }),
    value: t.exposeString('value', {
      nullable: true,
      description:
        'The answer as text: choices by their Bosnian labels, a GROUP by its number of rows, ' +
        'a sub-question’s answers of all rows joined with "; ". Null for free text, which ' +
        'only the return shows.',
    }),
    number: t.exposeFloat('number', {
      nullable: true,
      description:
        'A NUMBER’s answer (a GROUP’s sub-question: the sum over the rows), a GROUP’s rows; ' +
        'null for other types.',
    }),
  }),
});

export const QuestionResultRef = builder.objectRef<QuestionResult>('QuestionResult');
QuestionResultRef.implement({
  description: 'One question’s figures over the submitted returns.',
  authScopes: { public: true },
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The question’s `key`.' }),
    type: t.field({
      type: QuestionTypeEnum,
      description: 'The question’s type, which decides the figures given.',
      resolve: (result) => result.type,
    }),
    labelBs: t.exposeString('labelBs', { description: 'The question’s label in Bosnian.' }),
    labelEn: t.exposeString('labelEn', {
      nullable: true,
      description: 'Its label in English; null when the version has none.',
    }),
    unit: t.exposeString('unit', {
      nullable: true,
      description: 'A NUMBER’s unit; null for other types or when it has none.',
    }),
    answered: t.exposeInt('answered', { description: 'Returns answering (sub-questions: rows).' }),
    sum: t.exposeFloat('sum', {
      nullable: true,
      description: 'A NUMBER’s answers added up (0 when none); null for other types.',
    }),
    average: t.exposeFloat('average', {
      nullable: true,
      description: 'A NUMBER’s mean answer; null for other types or without answers.',
    }),
    min: t.exposeFloat('min', {
      nullable: true,
      description: 'A NUMBER’s least answer; null for other types or without answers.',
    }),
    max: t.exposeFloat('max', {
      nullable: true,
      description: 'A NUMBER’s greatest answer; null for other types or without answers.',
    }),
    rows: t.exposeInt('rows', { nullable: true, description: 'A GROUP’s rows over all returns.' }),
    distribution: t.field({
      type: [ShareRef],
      description:
        'YES_NO, choices and COUNTRY: the answers per value, most frequent first (ties: in the ' +
        'options’ order, yes before no, countries by code); empty for other types.',
      resolve: (result) => result.distribution,
    }),
    byRecipient: t.field({
      type: [RecipientFigureRef],
      description: 'Per municipality (or association), by name.',
      resolve: (result) => result.byRecipient,
    }),
    subQuestions: t.field({
      type: [QuestionResultRef],
      description: 'A GROUP’s sub-questions’ figures, over all rows; empty for other types.',
      resolve: (result) => result.subQuestions,
    }),
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
  description:
    'One campaign’s figures for the key, and their change since the campaign before (the ' +
    'latest earlier one whose version has the key); a change is null for the first, or when ' +
    'a figure is null on either side.',
  authScopes: { public: true },
  fields: (t) => ({
    campaign: recordById(
      t,
      'QuestionnaireCampaign',
      'The campaign these figures are of.',
      (entry) => entry.campaignId,
    ),
    result: t.field({
      type: QuestionResultRef,
      nullable: true,
      description: 'Null when the campaign’s version has no question with this key.',
      resolve: (entry) => entry.result,
    }),
    sumChange: t.float({
      nullable: true,
      description: 'Change of `sum` since the previous entry with a result; null when unknown.',
      resolve: (entry) => change(entry.result?.sum, entry.previous?.sum),
    }),
    averageChange: t.float({
      nullable: true,
      description: 'Change of `average` since the previous entry with a result; null when unknown.',
      resolve: (entry) => change(entry.result?.average, entry.previous?.average),
    }),
    answeredChange: t.int({
      nullable: true,
      description:
        'Change of `answered` since the previous entry with a result; null when unknown.',
      resolve: (entry) => change(entry.result?.answered, entry.previous?.answered),
    }),
    rowsChange: t.int({
      nullable: true,
      description: 'Change of a GROUP’s `rows` since the previous entry with a result.',
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
      key: t.arg.string({
        required: true,
        validate: z.string().max(60),
        description: 'The question’s `key`, as in every campaign’s version.',
      }),
      campaignIds: t.arg.globalIDList({
        required: true,
        for: QuestionnaireCampaignNode,
        validate: z.array(z.any()).min(1).max(20),
        description: 'The campaigns to compare, 1–20, in any order.',
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
