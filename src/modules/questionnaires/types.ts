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

export const QuestionTypeEnum = builder.enumType('QuestionType', {
  description: 'What kind of answer a question takes, and so how it is asked and checked.',
  values: {
    TEXT: { description: 'One line of text, at most 1,000 characters.' },
    LONG_TEXT: { description: 'Free text of several paragraphs, at most 20,000 characters.' },
    NUMBER: {
      description: 'A number, within `min` and `max` (both included) when given, in `unit`.',
    },
    DATE: { description: 'A date, `YYYY-MM-DD`.' },
    YES_NO: { description: 'Yes or no: the answer is `true` or `false`.' },
    SINGLE_CHOICE: { description: 'One of `options`: the answer is that option’s `value`.' },
    MULTI_CHOICE: {
      description: 'Any of `options`: the answer is a list of their `value`s, none twice.',
    },
    COUNTRY: { description: 'A country: an ISO 3166-1 alpha-2 code in upper case, e.g. `CH`.' },
    GROUP: {
      description:
        'A table: up to `maxRows` rows (100 when not set), each answering `subQuestions`; the ' +
        'answer is a list of rows `{ <sub-question key>: value }`.',
    },
  } satisfies Record<(typeof questionTypes)[number], { description: string }>,
});
export const QuestionnaireReturnStatusEnum = builder.enumType(QuestionnaireReturnStatus, {
  name: 'QuestionnaireReturnStatus',
  description:
    'Where a return stands: `NOT_STARTED` → `DRAFT` → `SUBMITTED`, and after a reopening ' +
    '`REOPENED` → `SUBMITTED` again.',
  values: {
    NOT_STARTED: { description: 'Sent to the recipient; nothing saved yet.' },
    DRAFT: { description: 'Answers saved, not submitted; the recipient may change them.' },
    SUBMITTED: {
      description: 'Submitted, checked in full; immutable unless the programme team reopens it.',
    },
    REOPENED: {
      description:
        'Submitted once, then reopened by the programme team (`reopenReason`): the recipient ' +
        'corrects and submits again.',
    },
  },
});
export const QuestionnaireCampaignKindEnum = builder.enumType(QuestionnaireCampaignKind, {
  name: 'QuestionnaireCampaignKind',
  description: 'What a campaign is for.',
  values: {
    SURVEY: {
      description: 'A questionnaire every recipient fills in (e.g. the state of the diaspora).',
    },
    CALL_FOR_INPUT: {
      description:
        'A call for input (e.g. topics for the next meeting); the programme team may turn ' +
        'answers into agenda items (`addQuestionnaireAnswersToAgenda`).',
    },
  },
});

const ChoiceOptionRef = builder.objectRef<ChoiceOption>('ChoiceOption').implement({
  description: 'One option of a SINGLE_CHOICE or MULTI_CHOICE question.',
  authScopes: { public: true },
  fields: (t) => ({
    value: t.exposeString('value', { description: 'What an answer holds.' }),
    labelBs: t.exposeString('labelBs', { description: 'The label in Bosnian.' }),
    labelEn: t.exposeString('labelEn', {
      nullable: true,
      description: 'The label in English; null when not translated.',
    }),
  }),
});

const QuestionConditionRef = builder.objectRef<QuestionCondition>('QuestionCondition').implement({
  description:
    'Show the question only when the question `questionKey` (same level) is answered `equals`.',
  authScopes: { public: true },
  fields: (t) => ({
    questionKey: t.exposeString('questionKey', {
      description:
        'The `key` of an earlier question with a single answer at the same level (the ' +
        'sections’ questions, or the same GROUP’s sub-questions).',
    }),
    equals: t.field({
      type: 'JSON',
      description:
        'The answer that shows the question: a string (an option’s `value`, a date, a country ' +
        'code), a number or a boolean (YES_NO).',
      resolve: (condition) => condition.equals,
    }),
  }),
});

export const QuestionRef = builder.objectRef<Question>('Question');
QuestionRef.implement({
  description: 'A question; its `key` stays the same across versions and years.',
  authScopes: { public: true },
  fields: (t) => ({
    key: t.exposeString('key', {
      description:
        'What answers and results are keyed by: a lower-case letter, then letters, digits and ' +
        '`_`, 60 at most; unique among the version’s questions (a GROUP’s sub-questions: ' +
        'within the GROUP).',
    }),
    type: t.field({
      type: QuestionTypeEnum,
      description: 'The kind of answer it takes.',
      resolve: (q) => q.type,
    }),
    labelBs: t.exposeString('labelBs', { description: 'The question in Bosnian.' }),
    labelEn: t.exposeString('labelEn', {
      nullable: true,
      description: 'The question in English; null when not translated.',
    }),
    helpBs: t.exposeString('helpBs', {
      nullable: true,
      description: 'A hint shown with the question, in Bosnian; null: none.',
    }),
    helpEn: t.exposeString('helpEn', {
      nullable: true,
      description: 'The hint in English; null: none or not translated.',
    }),
    required: t.exposeBoolean('required', {
      description:
        'A return is submitted only with an answer to it (when it is shown: see `showWhen`).',
    }),
    unit: t.exposeString('unit', {
      nullable: true,
      description: 'A NUMBER’s unit as shown, e.g. "osoba", "KM"; null for other types.',
    }),
    min: t.exposeFloat('min', {
      nullable: true,
      description: 'A NUMBER’s least allowed answer (included); null: no bound.',
    }),
    max: t.exposeFloat('max', {
      nullable: true,
      description: 'A NUMBER’s greatest allowed answer (included); null: no bound.',
    }),
    options: t.field({
      type: [ChoiceOptionRef],
      description: 'A SINGLE_CHOICE’s or MULTI_CHOICE’s options, in order; empty for others.',
      resolve: (q) => q.options ?? [],
    }),
    showWhen: t.field({
      type: QuestionConditionRef,
      nullable: true,
      description:
        'Asked only when an earlier question has a given answer; null: always asked. A hidden ' +
        'question is not required, and its answer is dropped on submission.',
      resolve: (q) => q.showWhen ?? null,
    }),
    subQuestions: t.field({
      type: [QuestionRef],
      description: 'A GROUP’s questions, asked once per row.',
      resolve: (q) => q.subQuestions ?? [],
    }),
    maxRows: t.exposeInt('maxRows', {
      nullable: true,
      description: 'A GROUP’s most rows; null: 100 (and always null for other types).',
    }),
  }),
});

const SectionRef = builder.objectRef<Section>('QuestionnaireSection').implement({
  description: 'A titled part of a questionnaire version, with its questions in order.',
  authScopes: { public: true },
  fields: (t) => ({
    titleBs: t.exposeString('titleBs', { description: 'The section’s title in Bosnian.' }),
    titleEn: t.exposeString('titleEn', {
      nullable: true,
      description: 'The title in English; null when not translated.',
    }),
    questions: t.field({
      type: [QuestionRef],
      description: 'Its questions, in the order they are asked.',
      resolve: (s) => s.questions,
    }),
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
    titleBs: t.exposeString('titleBs', { description: 'The title in Bosnian.' }),
    titleEn: t.exposeString('titleEn', {
      nullable: true,
      description: 'The title in English; null when not translated.',
    }),
    programme: t.relation('programme', {
      nullable: true,
      description:
        'The programme whose team writes and sends it; null: the whole network (network ' +
        'administrators of every programme).',
    }),
    versions: t.relation('versions', {
      description: 'Its versions, the first first; at most the last one is a draft.',
      query: { orderBy: { number: 'asc' } },
    }),
  }),
});

export const QuestionnaireVersionNode = builder.prismaNode('QuestionnaireVersion', {
  id: { field: 'id' },
  nullable: true,
  description: 'One version of a questionnaire; immutable once published.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    number: t.exposeInt('number', { description: 'The version’s number: 1, 2, … in order.' }),
    questionnaire: t.relation('questionnaire', { description: 'The questionnaire it belongs to.' }),
    publishedAt: t.expose('publishedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was published; null: still a draft, which only the team edits.',
    }),
    sections: t.field({
      type: [SectionRef],
      description: 'Its sections of questions, in order.',
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
    title: t.exposeString('title', {
      description: 'The campaign’s title, e.g. "Pregled stanja dijaspore 2015".',
    }),
    kind: t.expose('kind', {
      type: QuestionnaireCampaignKindEnum,
      description: 'A survey or a call for input.',
    }),
    programme: t.relation('programme', {
      nullable: true,
      description:
        'The programme whose team runs it (and whose partners read its results); null: the ' +
        'whole network.',
    }),
    version: t.relation('version', {
      description: 'The published questionnaire version sent: the questions to answer.',
    }),
    opensOn: t.expose('opensOn', {
      type: 'Date',
      description: 'The first day recipients may save and submit answers.',
    }),
    closesOn: t.expose('closesOn', { type: 'Date', description: 'The deadline, included.' }),
    remindDaysBefore: t.exposeInt('remindDaysBefore', {
      description:
        'Recipients who have not submitted are reminded (QUESTIONNAIRE_DUE_SOON) this many days ' +
        'before the deadline (0: not before it), and once after it (QUESTIONNAIRE_OVERDUE) in ' +
        'any case.',
    }),
    returns: t.relatedConnection(
      'returns',
      {
        description: 'The returns the viewer may read (a coordinator: their own only).',
        cursor: 'id',
        totalCount: true,
        args: {
          status: t.arg({
            type: QuestionnaireReturnStatusEnum,
            description: 'Only returns in this state; absent: all.',
          }),
        },
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
    campaign: t.relation('campaign', { description: 'The campaign it answers.' }),
    municipality: t.relation('municipality', {
      nullable: true,
      description: 'The recipient when a municipality; null when an association.',
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The recipient when a diaspora association; null when a municipality.',
    }),
    status: t.expose('status', {
      type: QuestionnaireReturnStatusEnum,
      description: 'Where the return stands.',
    }),
    overdue: t.boolean({
      description: 'Not submitted and past the deadline.',
      select: { campaign: { select: { closesOn: true } } },
      resolve: (found) => isOverdue(found, found.campaign),
    }),
    answers: t.expose('answers', {
      type: 'JSON',
      description: '{ <question key>: value }; a GROUP’s value is a list of rows.',
    }),
    savedAt: t.expose('savedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The last draft save; null: never saved.',
    }),
    submittedAt: t.expose('submittedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The last submission; null: never submitted.',
    }),
    reopenedAt: t.expose('reopenedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'The last reopening by the programme team; null: never reopened.',
    }),
    reopenReason: t.exposeString('reopenReason', {
      nullable: true,
      description: 'Why the team last reopened it; null: never reopened.',
    }),
  }),
});
