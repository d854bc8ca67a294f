// Questionnaires: queries, mutations and the live subscription. Types are in types.ts, results
// in results-schema.ts.
import { filter, pipe } from 'graphql-yoga';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { requiredText, optionalText } from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';
import { administers } from '../accounts/grants.js';
import {
  canReadReturn,
  readableCampaigns,
  readableQuestionnaires,
  readableReturns,
} from './access.js';
import {
  createCampaign,
  createQuestionnaire,
  publishVersion,
  reopenReturn,
  saveDraft,
  startNewVersion,
  submitReturn,
  updateVersion,
} from './service.js';
import {
  QuestionnaireCampaignKindEnum,
  QuestionnaireCampaignNode,
  QuestionnaireNode,
  QuestionnaireReturnNode,
  QuestionnaireVersionNode,
  QuestionTypeEnum,
} from './types.js';

// --- Queries ---------------------------------------------------------------------------------

builder.queryField('questionnaireCampaigns', (t) =>
  t.prismaConnection(
    {
      type: 'QuestionnaireCampaign',
      cursor: 'id',
      description:
        'Campaigns the viewer may read (the programme team and partners, and recipients), ' +
        'latest deadline first.',
      authScopes: { authenticated: true },
      args: { programmeId: t.arg.globalID({ for: ProgrammeNode }) },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.questionnaireCampaign.findMany({
          ...query,
          where: {
            ...readableCampaigns(ctx.viewer),
            ...(args.programmeId ? { programmeId: args.programmeId.id } : {}),
          },
          orderBy: [{ closesOn: 'desc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.questionnaireCampaign.count({
          where: {
            ...readableCampaigns(ctx.viewer),
            ...(args.programmeId ? { programmeId: args.programmeId.id } : {}),
          },
        }),
    },
    { name: 'QuestionnaireCampaignConnection' },
    { name: 'QuestionnaireCampaignEdge' },
  ),
);

builder.queryField('questionnaires', (t) =>
  t.prismaConnection(
    {
      type: 'Questionnaire',
      cursor: 'id',
      description:
        'Questionnaires the viewer may read: the team’s, and those of readable campaigns.',
      authScopes: { authenticated: true },
      resolve: (query, _root, _args, ctx) =>
        ctx.prisma.questionnaire.findMany({
          ...query,
          where: readableQuestionnaires(ctx.viewer),
          orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, _args, ctx) =>
        ctx.prisma.questionnaire.count({ where: readableQuestionnaires(ctx.viewer) }),
    },
    { name: 'QuestionnaireConnection' },
    { name: 'QuestionnaireEdge' },
  ),
);

// --- Mutations: questionnaires ---------------------------------------------------------------

const ChoiceOptionInput = builder.inputType('ChoiceOptionInput', {
  fields: (t) => ({
    value: t.string({ required: true }),
    labelBs: t.string({ required: true }),
    labelEn: t.string(),
  }),
});

const QuestionConditionInput = builder.inputType('QuestionConditionInput', {
  fields: (t) => ({
    questionKey: t.string({ required: true }),
    equals: t.field({ type: 'JSON', required: true, description: 'A string, number or boolean.' }),
  }),
});

// Sub-questions have every field of a question but subQuestions: no groups within groups.
const questionFields = (t: any) => ({
  key: t.string({ required: true, description: 'Stable across versions: a_z, 0-9, _' }),
  type: t.field({ type: QuestionTypeEnum, required: true }),
  labelBs: t.string({ required: true }),
  labelEn: t.string(),
  helpBs: t.string(),
  helpEn: t.string(),
  required: t.boolean(),
  unit: t.string(),
  min: t.float(),
  max: t.float(),
  options: t.field({ type: [ChoiceOptionInput] }),
  showWhen: t.field({ type: QuestionConditionInput }),
  maxRows: t.int(),
});
const SubQuestionInput = builder.inputType('SubQuestionInput', { fields: questionFields });
const QuestionInput = builder.inputType('QuestionInput', {
  fields: (t) => ({
    ...questionFields(t),
    subQuestions: t.field({ type: [SubQuestionInput], description: 'A GROUP’s row questions.' }),
  }),
});
const SectionInput = builder.inputType('QuestionnaireSectionInput', {
  fields: (t) => ({
    titleBs: t.string({ required: true }),
    titleEn: t.string(),
    questions: t.field({ type: [QuestionInput], required: true }),
  }),
});

const CreateQuestionnaireInput = builder.inputType('CreateQuestionnaireInput', {
  fields: (t) => ({
    programmeId: t.globalID({ for: ProgrammeNode, description: 'Absent: network-wide.' }),
    titleBs: t.string({ required: true, validate: requiredText(300) }),
    titleEn: t.string({ validate: optionalText(300) }),
    sections: t.field({ type: [SectionInput], required: true }),
  }),
});

const VersionPayload = (name: string) => recordPayload(name, 'version', QuestionnaireVersionNode);

builder.mutationField('createQuestionnaire', (t) =>
  t.field({
    type: VersionPayload('CreateQuestionnairePayload'),
    description: 'The programme team writes a questionnaire; its first version is a draft.',
    authScopes: (_root, { input }) =>
      input.programmeId ? { programmeAdmin: input.programmeId.id } : { networkAdmin: true },
    args: { input: t.arg({ type: CreateQuestionnaireInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      version: await createQuestionnaire(ctx, {
        ...input,
        programmeId: input.programmeId?.id ?? null,
      }),
    }),
  }),
);

const UpdateQuestionnaireVersionInput = builder.inputType('UpdateQuestionnaireVersionInput', {
  fields: (t) => ({
    versionId: t.globalID({ required: true, for: QuestionnaireVersionNode }),
    sections: t.field({ type: [SectionInput], required: true }),
  }),
});

builder.mutationField('updateQuestionnaireVersion', (t) =>
  t.field({
    type: VersionPayload('UpdateQuestionnaireVersionPayload'),
    description: 'Replaces a draft version’s sections (CONFLICT once published).',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateQuestionnaireVersionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      version: await updateVersion(ctx, input.versionId.id, input.sections),
    }),
  }),
);

const PublishQuestionnaireVersionInput = builder.inputType('PublishQuestionnaireVersionInput', {
  fields: (t) => ({ versionId: t.globalID({ required: true, for: QuestionnaireVersionNode }) }),
});

builder.mutationField('publishQuestionnaireVersion', (t) =>
  t.field({
    type: VersionPayload('PublishQuestionnaireVersionPayload'),
    description: 'Publishes a draft version: from now on it is immutable and can be sent.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: PublishQuestionnaireVersionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      version: await publishVersion(ctx, input.versionId.id),
    }),
  }),
);

const StartQuestionnaireVersionInput = builder.inputType('StartQuestionnaireVersionInput', {
  fields: (t) => ({
    questionnaireId: t.globalID({ required: true, for: QuestionnaireNode }),
    sections: t.field({ type: [SectionInput], description: 'Absent: a copy of the latest.' }),
  }),
});

builder.mutationField('startQuestionnaireVersion', (t) =>
  t.field({
    type: VersionPayload('StartQuestionnaireVersionPayload'),
    description: 'A new draft version after the latest published one (keys carry over).',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: StartQuestionnaireVersionInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      version: await startNewVersion(ctx, input.questionnaireId.id, input.sections),
    }),
  }),
);

// --- Mutations: campaigns and returns --------------------------------------------------------

const maxRecipients = z.array(z.any()).max(500);

const CampaignRecipientsInput = builder.inputType('QuestionnaireRecipientsInput', {
  description: 'Exactly one: the programme’s partner municipalities, chosen ones, or associations.',
  fields: (t) => ({
    programmePartners: t.boolean(),
    municipalityIds: t.globalIDList({ for: MunicipalityNode, validate: maxRecipients }),
    organizationIds: t.globalIDList({ for: OrganizationNode, validate: maxRecipients }),
  }),
});

const CreateQuestionnaireCampaignInput = builder.inputType('CreateQuestionnaireCampaignInput', {
  fields: (t) => ({
    versionId: t.globalID({ required: true, for: QuestionnaireVersionNode }),
    programmeId: t.globalID({ for: ProgrammeNode }),
    kind: t.field({ type: QuestionnaireCampaignKindEnum }),
    title: t.string({ required: true, validate: requiredText(300) }),
    opensOn: t.field({ type: 'Date', required: true }),
    closesOn: t.field({ type: 'Date', required: true }),
    remindDaysBefore: t.int({ validate: z.number().int().min(0).max(60) }),
    recipients: t.field({ type: CampaignRecipientsInput, required: true }),
  }),
});

builder.mutationField('createQuestionnaireCampaign', (t) =>
  t.field({
    type: recordPayload(
      'CreateQuestionnaireCampaignPayload',
      'campaign',
      QuestionnaireCampaignNode,
    ),
    description: 'Sends a published version to recipients: one NOT_STARTED return each.',
    authScopes: (_root, { input }) =>
      input.programmeId ? { programmeAdmin: input.programmeId.id } : { networkAdmin: true },
    args: { input: t.arg({ type: CreateQuestionnaireCampaignInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      campaign: await createCampaign(ctx, {
        ...input,
        versionId: input.versionId.id,
        programmeId: input.programmeId?.id ?? null,
        recipients: {
          programmePartners: input.recipients.programmePartners,
          municipalityIds: input.recipients.municipalityIds?.map((id) => id.id),
          organizationIds: input.recipients.organizationIds?.map((id) => id.id),
        },
      }),
    }),
  }),
);

const ReturnPayload = (name: string) => recordPayload(name, 'return', QuestionnaireReturnNode);

const SaveQuestionnaireReturnDraftInput = builder.inputType('SaveQuestionnaireReturnDraftInput', {
  fields: (t) => ({
    returnId: t.globalID({ required: true, for: QuestionnaireReturnNode }),
    answers: t.field({
      type: 'JSON',
      required: true,
      description: '{ <question key>: value }; replaces those keys (null clears one).',
    }),
  }),
});

builder.mutationField('saveQuestionnaireReturnDraft', (t) =>
  t.field({
    type: ReturnPayload('SaveQuestionnaireReturnDraftPayload'),
    description: 'The recipient saves answers, as often as wanted (checked for shape only).',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SaveQuestionnaireReturnDraftInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      return: await saveDraft(ctx, input.returnId.id, input.answers),
    }),
  }),
);

const SubmitQuestionnaireReturnInput = builder.inputType('SubmitQuestionnaireReturnInput', {
  fields: (t) => ({ returnId: t.globalID({ required: true, for: QuestionnaireReturnNode }) }),
});

builder.mutationField('submitQuestionnaireReturn', (t) =>
  t.field({
    type: ReturnPayload('SubmitQuestionnaireReturnPayload'),
    description:
      'The recipient submits the saved answers, checked in full: BAD_USER_INPUT names each ' +
      'question with a problem (extensions.questionKey, extensions.errors). Then immutable.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SubmitQuestionnaireReturnInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      return: await submitReturn(ctx, input.returnId.id),
    }),
  }),
);

const ReopenQuestionnaireReturnInput = builder.inputType('ReopenQuestionnaireReturnInput', {
  fields: (t) => ({
    returnId: t.globalID({ required: true, for: QuestionnaireReturnNode }),
    reason: t.string({ required: true, validate: requiredText(2000) }),
  }),
});

builder.mutationField('reopenQuestionnaireReturn', (t) =>
  t.field({
    type: ReturnPayload('ReopenQuestionnaireReturnPayload'),
    description: 'The programme team reopens a submitted return, with a reason (audited).',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ReopenQuestionnaireReturnInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      return: await reopenReturn(ctx, input.returnId.id, input.reason),
    }),
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('questionnaireReturnChanged', (t) =>
  t.prismaField({
    type: 'QuestionnaireReturn',
    description:
      'A return of the campaign was saved, submitted or reopened: the programme team hears ' +
      'of every one, a recipient of its own.',
    authScopes: { authenticated: true },
    args: { campaignId: t.arg.globalID({ required: true, for: QuestionnaireCampaignNode }) },
    subscribe: async (_root, args, ctx) => {
      const campaignId = args.campaignId.id;
      const campaign = await ctx.prisma.questionnaireCampaign.findUnique({
        where: { id: campaignId },
        select: { programmeId: true },
      });
      if (!campaign) throw new NotFoundError('No questionnaire campaign has this ID');
      const own = await ctx.prisma.questionnaireReturn.count({
        where: { campaignId, ...readableReturns(ctx.viewer) },
      });
      if (!administers(ctx.viewer, campaign.programmeId) && own === 0) {
        throw new ForbiddenError('Only the programme team and the recipients follow returns');
      }
      return pipe(
        ctx.pubsub.subscribe('questionnaireReturn:changed', campaignId),
        filter(async ({ returnId }) => {
          const found = await ctx.prisma.questionnaireReturn.findUnique({
            where: { id: returnId },
          });
          return found !== null && canReadReturn(ctx.viewer, campaign, found);
        }),
      );
    },
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.questionnaireReturn.findUniqueOrThrow({ ...query, where: { id: event.returnId } }),
  }),
);
