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
      args: {
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only this programme’s campaigns; absent: all the viewer may read.',
        }),
      },
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
  description: 'One option of a SINGLE_CHOICE or MULTI_CHOICE question (100 options at most).',
  fields: (t) => ({
    value: t.string({
      required: true,
      description: 'What an answer holds: 1–100 characters, unique within the question.',
    }),
    labelBs: t.string({ required: true, description: 'The label in Bosnian, 1–500 characters.' }),
    labelEn: t.string({ description: 'The label in English, at most 500 characters.' }),
  }),
});

const QuestionConditionInput = builder.inputType('QuestionConditionInput', {
  description: 'Ask the question only when an earlier question is answered `equals`.',
  fields: (t) => ({
    questionKey: t.string({
      required: true,
      description:
        'An earlier question at the same level (not a GROUP or MULTI_CHOICE); BAD_USER_INPUT ' +
        'otherwise.',
    }),
    equals: t.field({ type: 'JSON', required: true, description: 'A string, number or boolean.' }),
  }),
});

// Sub-questions have every field of a question but subQuestions: no groups within groups.
const questionFields = (t: any) => ({
  key: t.string({ required: true, description: 'Stable across versions: a_z, 0-9, _' }),
  type: t.field({ type: QuestionTypeEnum, required: true, description: 'The kind of answer.' }),
  labelBs: t.string({ required: true, description: 'The question in Bosnian, 1–500 characters.' }),
  labelEn: t.string({ description: 'The question in English, at most 500 characters.' }),
  helpBs: t.string({ description: 'A hint in Bosnian, at most 2,000 characters.' }),
  helpEn: t.string({ description: 'A hint in English, at most 2,000 characters.' }),
  required: t.boolean({ description: 'Must be answered to submit (when shown); default false.' }),
  unit: t.string({ description: 'NUMBER only: its unit, at most 40 characters.' }),
  min: t.float({ description: 'NUMBER only: the least allowed answer, included.' }),
  max: t.float({ description: 'NUMBER only: the greatest allowed answer, included; ≥ `min`.' }),
  options: t.field({
    type: [ChoiceOptionInput],
    description: 'SINGLE_CHOICE and MULTI_CHOICE (required there), and only those.',
  }),
  showWhen: t.field({
    type: QuestionConditionInput,
    description: 'Ask it only on this answer to an earlier question; absent: always.',
  }),
  maxRows: t.int({ description: 'GROUP: the most rows, 1–100; absent: 100.' }),
});
const SubQuestionInput = builder.inputType('SubQuestionInput', {
  description: 'A question of a GROUP’s row: a question but no GROUP (50 per GROUP at most).',
  fields: questionFields,
});
const QuestionInput = builder.inputType('QuestionInput', {
  description:
    'A question. The rules between fields are checked on writing (BAD_USER_INPUT, naming the ' +
    'question in `extensions.questionKey`).',
  fields: (t) => ({
    ...questionFields(t),
    subQuestions: t.field({ type: [SubQuestionInput], description: 'A GROUP’s row questions.' }),
  }),
});
const SectionInput = builder.inputType('QuestionnaireSectionInput', {
  description: 'A section of a version: 1–30 per version, 200 questions in all at most.',
  fields: (t) => ({
    titleBs: t.string({ required: true, description: 'The title in Bosnian, 1–500 characters.' }),
    titleEn: t.string({ description: 'The title in English, at most 500 characters.' }),
    questions: t.field({
      type: [QuestionInput],
      required: true,
      description: 'Its questions in order, 100 at most.',
    }),
  }),
});

const CreateQuestionnaireInput = builder.inputType('CreateQuestionnaireInput', {
  description: 'A new questionnaire and the content of its first (draft) version.',
  fields: (t) => ({
    programmeId: t.globalID({ for: ProgrammeNode, description: 'Absent: network-wide.' }),
    titleBs: t.string({
      required: true,
      validate: requiredText(300),
      description: 'The title in Bosnian, 1–300 characters.',
    }),
    titleEn: t.string({
      validate: optionalText(300),
      description: 'The title in English, at most 300 characters.',
    }),
    sections: t.field({
      type: [SectionInput],
      required: true,
      description: 'The first version’s sections.',
    }),
  }),
});

builder.mutationField('createQuestionnaire', (t) =>
  t.field({
    type: recordPayload('CreateQuestionnairePayload', 'version', QuestionnaireVersionNode),
    description:
      'The programme team (network administrators of the programme; of every programme for a ' +
      'network-wide one) writes a questionnaire; its version 1 is a draft. Refuses: ' +
      'FORBIDDEN, BAD_USER_INPUT for invalid sections (`extensions.questionKey` names the ' +
      'question when one is at fault).',
    authScopes: (_root, { input }) =>
      input.programmeId ? { programmeAdmin: input.programmeId.id } : { networkAdmin: true },
    args: {
      input: t.arg({
        type: CreateQuestionnaireInput,
        required: true,
        description: 'The questionnaire.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      version: await createQuestionnaire(ctx, {
        ...input,
        programmeId: input.programmeId?.id ?? null,
      }),
    }),
  }),
);

const UpdateQuestionnaireVersionInput = builder.inputType('UpdateQuestionnaireVersionInput', {
  description: 'A draft version’s new content.',
  fields: (t) => ({
    versionId: t.globalID({
      required: true,
      for: QuestionnaireVersionNode,
      description: 'The draft version.',
    }),
    sections: t.field({
      type: [SectionInput],
      required: true,
      description: 'All its sections: they replace the old ones.',
    }),
  }),
});

builder.mutationField('updateQuestionnaireVersion', (t) =>
  t.field({
    type: recordPayload('UpdateQuestionnaireVersionPayload', 'version', QuestionnaireVersionNode),
    description:
      'The programme team replaces a draft version’s sections. Refuses: NOT_FOUND, FORBIDDEN, ' +
      'CONFLICT once published, BAD_USER_INPUT for invalid sections.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: UpdateQuestionnaireVersionInput,
        required: true,
        description: 'The version and its sections.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      version: await updateVersion(ctx, input.versionId.id, input.sections),
    }),
  }),
);

const PublishQuestionnaireVersionInput = builder.inputType('PublishQuestionnaireVersionInput', {
  description: 'The draft version to publish.',
  fields: (t) => ({
    versionId: t.globalID({
      required: true,
      for: QuestionnaireVersionNode,
      description: 'The draft version.',
    }),
  }),
});

builder.mutationField('publishQuestionnaireVersion', (t) =>
  t.field({
    type: recordPayload('PublishQuestionnaireVersionPayload', 'version', QuestionnaireVersionNode),
    description:
      'The programme team publishes a draft version: from now on it is immutable and can be ' +
      'sent in campaigns. Refuses: NOT_FOUND, FORBIDDEN, CONFLICT when already published.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: PublishQuestionnaireVersionInput,
        required: true,
        description: 'The version.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      version: await publishVersion(ctx, input.versionId.id),
    }),
  }),
);

const StartQuestionnaireVersionInput = builder.inputType('StartQuestionnaireVersionInput', {
  description: 'The questionnaire to revise, and optionally the new version’s content.',
  fields: (t) => ({
    questionnaireId: t.globalID({
      required: true,
      for: QuestionnaireNode,
      description: 'The questionnaire.',
    }),
    sections: t.field({ type: [SectionInput], description: 'Absent: a copy of the latest.' }),
  }),
});

builder.mutationField('startQuestionnaireVersion', (t) =>
  t.field({
    type: recordPayload('StartQuestionnaireVersionPayload', 'version', QuestionnaireVersionNode),
    description:
      'The programme team starts a new draft version after the latest published one (keep the ' +
      'keys of unchanged questions so that results compare across years). Refuses: NOT_FOUND, ' +
      'FORBIDDEN, CONFLICT while the latest version is a draft, BAD_USER_INPUT for invalid ' +
      'sections.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: StartQuestionnaireVersionInput,
        required: true,
        description: 'The questionnaire.',
      }),
    },
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
    programmePartners: t.boolean({
      description:
        'true: every municipality with an active partnership in the campaign’s programme ' +
        '(needs `programmeId`).',
    }),
    municipalityIds: t.globalIDList({
      for: MunicipalityNode,
      validate: maxRecipients,
      description: 'These municipalities (not archived), 500 at most.',
    }),
    organizationIds: t.globalIDList({
      for: OrganizationNode,
      validate: maxRecipients,
      description:
        'These diaspora associations (kind DIASPORA_ASSOCIATION, not archived), 500 at most.',
    }),
  }),
});

const CreateQuestionnaireCampaignInput = builder.inputType('CreateQuestionnaireCampaignInput', {
  description: 'A campaign: which version, to whom, from when to when.',
  fields: (t) => ({
    versionId: t.globalID({
      required: true,
      for: QuestionnaireVersionNode,
      description: 'A published questionnaire version.',
    }),
    programmeId: t.globalID({
      for: ProgrammeNode,
      description: 'The programme that runs it; absent: the whole network.',
    }),
    kind: t.field({ type: QuestionnaireCampaignKindEnum, description: 'Absent: SURVEY.' }),
    title: t.string({
      required: true,
      validate: requiredText(300),
      description: 'The title recipients see, 1–300 characters.',
    }),
    opensOn: t.field({
      type: 'Date',
      required: true,
      description: 'The first day answers may be saved.',
    }),
    closesOn: t.field({
      type: 'Date',
      required: true,
      description: 'The deadline (included); not before `opensOn`.',
    }),
    remindDaysBefore: t.int({
      validate: z.number().int().min(0).max(60),
      description: 'Remind recipients this many days before the deadline, 0–60; absent: 3.',
    }),
    recipients: t.field({
      type: CampaignRecipientsInput,
      required: true,
      description: 'Who answers: one return is made for each.',
    }),
  }),
});

builder.mutationField('createQuestionnaireCampaign', (t) =>
  t.field({
    type: recordPayload(
      'CreateQuestionnaireCampaignPayload',
      'campaign',
      QuestionnaireCampaignNode,
    ),
    description:
      'The programme team sends a published version to recipients: one NOT_STARTED return ' +
      'each, which their coordinators (or representatives) fill in; nobody is told at once, ' +
      'reminders come before and after the deadline. Refuses: FORBIDDEN, NOT_FOUND (version), ' +
      'CONFLICT for a draft version, BAD_USER_INPUT for dates in the wrong order, not exactly ' +
      'one kind of recipients, an unknown or archived recipient, or none.',
    authScopes: (_root, { input }) =>
      input.programmeId ? { programmeAdmin: input.programmeId.id } : { networkAdmin: true },
    args: {
      input: t.arg({
        type: CreateQuestionnaireCampaignInput,
        required: true,
        description: 'The campaign.',
      }),
    },
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

const SaveQuestionnaireReturnDraftInput = builder.inputType('SaveQuestionnaireReturnDraftInput', {
  description: 'Answers to save in a return, all or some.',
  fields: (t) => ({
    returnId: t.globalID({
      required: true,
      for: QuestionnaireReturnNode,
      description: 'The viewer’s own return.',
    }),
    answers: t.field({
      type: 'JSON',
      required: true,
      description: '{ <question key>: value }; replaces those keys (null clears one).',
    }),
  }),
});

builder.mutationField('saveQuestionnaireReturnDraft', (t) =>
  t.field({
    type: recordPayload('SaveQuestionnaireReturnDraftPayload', 'return', QuestionnaireReturnNode),
    description:
      'The recipient (the municipality’s coordinator or deputy, the association’s ' +
      'representative) saves answers, as often as wanted, from `opensOn` on, also after the ' +
      'deadline; a NOT_STARTED return becomes DRAFT (REOPENED stays so). Answers are checked ' +
      'for shape only (known keys, the type’s form, text lengths). Publishes ' +
      '`questionnaireReturnChanged`. Refuses: NOT_FOUND, FORBIDDEN (not the recipient), ' +
      'CONFLICT when submitted or before `opensOn`, BAD_USER_INPUT (`extensions.questionKey`, ' +
      '`extensions.errors`).',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: SaveQuestionnaireReturnDraftInput,
        required: true,
        description: 'The return and answers.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      return: await saveDraft(ctx, input.returnId.id, input.answers),
    }),
  }),
);

const SubmitQuestionnaireReturnInput = builder.inputType('SubmitQuestionnaireReturnInput', {
  description: 'The return to submit.',
  fields: (t) => ({
    returnId: t.globalID({
      required: true,
      for: QuestionnaireReturnNode,
      description: 'The viewer’s own return, its answers saved.',
    }),
  }),
});

builder.mutationField('submitQuestionnaireReturn', (t) =>
  t.field({
    type: recordPayload('SubmitQuestionnaireReturnPayload', 'return', QuestionnaireReturnNode),
    description:
      'The recipient submits the saved answers, checked in full: BAD_USER_INPUT names each ' +
      'question with a problem (extensions.questionKey, extensions.errors). Then immutable. ' +
      'Answers to hidden questions are dropped. Publishes `questionnaireReturnChanged`. Also ' +
      'refuses: NOT_FOUND, FORBIDDEN (not the recipient), CONFLICT when already submitted or ' +
      'before `opensOn`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: SubmitQuestionnaireReturnInput,
        required: true,
        description: 'The return.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      return: await submitReturn(ctx, input.returnId.id),
    }),
  }),
);

const ReopenQuestionnaireReturnInput = builder.inputType('ReopenQuestionnaireReturnInput', {
  description: 'A submitted return to reopen, and why.',
  fields: (t) => ({
    returnId: t.globalID({
      required: true,
      for: QuestionnaireReturnNode,
      description: 'A SUBMITTED return.',
    }),
    reason: t.string({
      required: true,
      validate: requiredText(2000),
      description: 'Why, for the recipient (`reopenReason`) and the audit, 1–2,000 characters.',
    }),
  }),
});

builder.mutationField('reopenQuestionnaireReturn', (t) =>
  t.field({
    type: recordPayload('ReopenQuestionnaireReturnPayload', 'return', QuestionnaireReturnNode),
    description:
      'The programme team reopens a submitted return, with a reason: it becomes REOPENED and ' +
      'its recipient may change and submit it again. Audited (QUESTIONNAIRE_RETURN_REOPENED); ' +
      'publishes `questionnaireReturnChanged`; nobody is e-mailed. Refuses: NOT_FOUND, ' +
      'FORBIDDEN, CONFLICT when not SUBMITTED.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: ReopenQuestionnaireReturnInput,
        required: true,
        description: 'The return and the reason.',
      }),
    },
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
      'of every one, a recipient of its own. Refuses: NOT_FOUND, FORBIDDEN (neither the ' +
      'programme team nor a recipient).',
    authScopes: { authenticated: true },
    args: {
      campaignId: t.arg.globalID({
        required: true,
        for: QuestionnaireCampaignNode,
        description: 'The campaign to follow.',
      }),
    },
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
