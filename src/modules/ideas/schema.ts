import { filter, pipe } from 'graphql-yoga';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { searchFilter } from '../../search.js';
import type { Context } from '../../context.js';
import { ForbiddenError, UnauthenticatedError } from '../../errors.js';
import { type Prisma, ProjectIdeaStage } from '../../generated/prisma/client.js';
import { administers, coordinates, partners } from '../accounts/grants.js';
import { optionalText, requiredText, search, website } from '../directory/validation.js';
import { MoneyRef } from '../memoranda/schema.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';
import { canReadIdea, readableIdeasFilter } from './access.js';
import {
  addNote,
  createIdea,
  createRound,
  createTemplate,
  saveProposal,
  transitionIdea,
  updateIdea,
} from './service.js';
import {
  fieldKey,
  type TemplateField,
  templateFieldTypes,
  type TemplateSection,
} from './template.js';
import { steps } from './workflow.js';

// --- Types -----------------------------------------------------------------------------------

export const ProjectIdeaStageEnum = builder.enumType(ProjectIdeaStage, {
  name: 'ProjectIdeaStage',
  description:
    'Where a project idea is in its workflow. Each stage says what may follow and who takes ' +
    'the step (`transitionProjectIdea`); the municipality may withdraw from any open stage.',
  values: {
    DRAFT: {
      description:
        'Being written; only the municipality’s coordinators and the programme team see it. ' +
        'Next: `SUBMITTED` (the municipality).',
    },
    SUBMITTED: {
      description:
        'The municipality’s priority idea of the round (one per municipality and round); the ' +
        'programme’s reviewers and partners see it from now on. Next: `UNDER_ASSESSMENT` ' +
        '(the programme team).',
    },
    UNDER_ASSESSMENT: {
      description:
        'Assigned reviewers score it. Next: `SHORTLISTED` or `NOT_SHORTLISTED` (the programme ' +
        'team, once every assigned assessment is submitted).',
    },
    SHORTLISTED: {
      description:
        'Chosen to grow into a full proposal, which the municipality may start writing. Next: ' +
        '`PROPOSAL_IN_PREPARATION` (the municipality).',
    },
    NOT_SHORTLISTED: { description: 'Not chosen after assessment. Final.' },
    PROPOSAL_IN_PREPARATION: {
      description:
        'The municipality writes the full proposal (`saveProjectProposal`). Next: ' +
        '`PROPOSAL_READY` (the municipality, once the proposal has a budget line).',
    },
    PROPOSAL_READY: {
      description:
        'The proposal is finished and may apply to funding calls. Next: `APPLIED` (the ' +
        'municipality, after `applyToFundingCall`).',
    },
    APPLIED: {
      description:
        'Waiting for funders (it may still apply to more calls). Next: `FUNDED` once an ' +
        'application is awarded, `NOT_FUNDED` once every one is rejected (the programme team).',
    },
    FUNDED: { description: 'An application was awarded funding. Final.' },
    NOT_FUNDED: { description: 'Every application was rejected. Final.' },
    WITHDRAWN: { description: 'Withdrawn by the municipality. Final.' },
  },
});

const TemplateFieldTypeEnum = builder.enumType('TemplateFieldType', {
  description: 'What a template field holds: the value `ProjectIdea.fields` takes for it.',
  values: {
    TEXT: { description: 'A string (`maxLength` applies).' },
    NUMBER: { description: 'A JSON number (`min` and `max` apply).' },
    MONEY: {
      description: 'An amount as a decimal string such as "25000.00" (`min` and `max` apply).',
    },
    DATE: { description: 'A day as a string `YYYY-MM-DD`.' },
    CHOICE: { description: 'One of the field’s `choices`, as a string.' },
    LIST: {
      description: 'A list of strings (`maxItems` applies, and `maxLength` to each entry).',
    },
  } satisfies Record<(typeof templateFieldTypes)[number], { description: string }>,
});

const TemplateFieldRef = builder.objectRef<TemplateField>('TemplateField').implement({
  description: 'A field of a template; values are checked against its type and limits.',
  authScopes: { public: true },
  fields: (t) => ({
    key: t.exposeString('key', {
      description: 'Unique in the template: the key of its value in `ProjectIdea.fields`.',
    }),
    label: t.exposeString('label', { description: 'What the form shows.' }),
    type: t.field({
      type: TemplateFieldTypeEnum,
      description: 'What its value must be.',
      resolve: (field) => field.type,
    }),
    required: t.exposeBoolean('required', {
      description: 'Must have a value before the idea is submitted (a draft may leave it out).',
    }),
    maxLength: t.exposeInt('maxLength', {
      nullable: true,
      description: '`TEXT`, and each `LIST` entry: at most this many characters (null: no limit).',
    }),
    min: t.exposeFloat('min', {
      nullable: true,
      description: '`NUMBER` and `MONEY`: the lowest value allowed, inclusive (null: no bound).',
    }),
    max: t.exposeFloat('max', {
      nullable: true,
      description: '`NUMBER` and `MONEY`: the highest value allowed, inclusive (null: no bound).',
    }),
    choices: t.exposeStringList('choices', {
      nullable: true,
      description: '`CHOICE`: the values allowed (other types ignore it).',
    }),
    maxItems: t.exposeInt('maxItems', {
      nullable: true,
      description: '`LIST`: at most this many entries (null: no limit).',
    }),
  }),
});

const TemplateSectionRef = builder.objectRef<TemplateSection>('TemplateSection').implement({
  description: 'A titled group of a template’s fields.',
  authScopes: { public: true },
  fields: (t) => ({
    key: t.exposeString('key', { description: 'Names the section in the template.' }),
    title: t.exposeString('title', { description: 'The heading the form shows.' }),
    fields: t.field({
      type: [TemplateFieldRef],
      description: 'Its fields, in form order.',
      resolve: (section) => section.fields,
    }),
  }),
});

export const ProjectIdeaTemplateNode = builder.prismaNode('ProjectIdeaTemplate', {
  id: { field: 'id' },
  nullable: true,
  description: 'A programme’s template for project ideas; a change is a new version.',
  authScopes: { public: true },
  fields: (t) => ({
    programme: t.relation('programme', { description: 'The programme whose template it is.' }),
    version: t.exposeInt('version', {
      description: '1, 2, … per programme; new ideas are started on the highest.',
    }),
    name: t.exposeString('name', { description: 'The template’s name.' }),
    sections: t.field({
      type: [TemplateSectionRef],
      description: 'The form, section by section, in order.',
      resolve: (template) => template.sections as unknown as TemplateSection[],
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When this version was published.',
    }),
  }),
});

builder.prismaNode('AssessmentCriterion', {
  id: { field: 'id' },
  nullable: true,
  description: 'A criterion of a round’s rubric: scored from 0 to the round’s scaleMax.',
  // Public like the round it belongs to.
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'What is scored.' }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What reviewers look for (null: not given).',
    }),
    weight: t.string({
      description:
        'Its relative weight in `Assessment.weightedTotal`, a decimal string such as "3" or ' +
        '"1.5".',
      resolve: (criterion) => criterion.weight.toString(),
    }),
  }),
});

export const ProjectIdeaRoundNode = builder.prismaNode('ProjectIdeaRound', {
  id: { field: 'id' },
  nullable: true,
  description: 'A call for ideas in a programme, with its assessment rubric.',
  authScopes: { public: true },
  fields: (t) => ({
    programme: t.relation('programme', { description: 'The programme that runs it.' }),
    name: t.exposeString('name', { description: 'The round’s name.' }),
    scaleMax: t.exposeInt('scaleMax', { description: 'Scores run from 0 to this.' }),
    criteria: t.relation('criteria', {
      description: 'The rubric: the criteria every reviewer scores, in order.',
      query: { orderBy: { position: 'asc' } },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
  }),
});

interface Attachment {
  title: string;
  url: string;
}

const AttachmentRef = builder.objectRef<Attachment>('IdeaAttachment').implement({
  description: 'A document linked to an idea.',
  authScopes: { public: true },
  fields: (t) => ({
    title: t.exposeString('title', { description: 'What the document is.' }),
    url: t.exposeString('url', { description: 'Where it is: an http(s) URL.' }),
  }),
});

builder.prismaObject('ProjectIdeaTransition', {
  description: 'An accepted stage change: who, when, why.',
  authScopes: { public: true },
  fields: (t) => ({
    id: t.globalID({
      description: 'Globally unique, for client caches (not a Node: read it through its parent).',
      resolve: (row) => ({ type: 'ProjectIdeaTransition', id: row.id }),
    }),
    from: t.expose('fromStage', { type: ProjectIdeaStageEnum, description: 'The stage before.' }),
    to: t.expose('toStage', { type: ProjectIdeaStageEnum, description: 'The stage after.' }),
    actorName: t.exposeString('actorName', {
      nullable: true,
      description: 'Who took the step: their display name at the time (null: unknown).',
    }),
    comment: t.exposeString('comment', {
      nullable: true,
      description: 'Why, as they wrote it (null: no comment).',
    }),
    at: t.expose('createdAt', { type: 'DateTime', description: 'When the step was taken.' }),
  }),
});

interface TimelineStep {
  activity: string;
  startsOn: string;
  endsOn: string;
}

const TimelineStepRef = builder.objectRef<TimelineStep>('ProposalTimelineStep').implement({
  description: 'One activity of a proposal’s work plan, with its dates.',
  authScopes: { public: true },
  fields: (t) => ({
    activity: t.exposeString('activity', { description: 'What is done.' }),
    startsOn: t.field({
      type: 'Date',
      description: 'Its first day.',
      resolve: (step) => new Date(step.startsOn),
    }),
    endsOn: t.field({
      type: 'Date',
      description: 'Its last day (never before `startsOn`).',
      resolve: (step) => new Date(step.endsOn),
    }),
  }),
});

builder.prismaObject('ProposalBudgetLine', {
  description: 'One line of a proposal’s budget.',
  authScopes: { public: true },
  fields: (t) => ({
    description: t.exposeString('description', { description: 'What the money is for.' }),
    money: t.field({
      type: MoneyRef,
      description: 'How much, in the line’s own currency (BAM unless given).',
      resolve: (line) => ({ amount: line.amount, currency: line.currency }),
    }),
  }),
});

builder.prismaObject('ProposalPartner', {
  description: 'A partner of a proposal, e.g. a diaspora association.',
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The partner’s name, as the proposal gives it.' }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The partner in the directory (null: named only here).',
    }),
    contribution: t.exposeString('contribution', {
      nullable: true,
      description: 'What it brings (null: not said).',
    }),
  }),
});

builder.prismaObject('ProjectProposal', {
  description: 'The full proposal a shortlisted idea grows into.',
  authScopes: { public: true },
  fields: (t) => ({
    summary: t.exposeString('summary', { description: 'The proposal in brief.' }),
    expectedResults: t.exposeStringList('expectedResults', {
      description: 'The results it promises, one per entry.',
    }),
    timeline: t.field({
      type: [TimelineStepRef],
      description: 'The work plan, in the order written.',
      resolve: (proposal) => proposal.timeline as unknown as TimelineStep[],
    }),
    budgetLines: t.relation('budgetLines', {
      description: 'The budget, line by line, in the order written.',
      query: { orderBy: { position: 'asc' } },
    }),
    partners: t.relation('partners', {
      description: 'Its partners, in the order written.',
      query: { orderBy: { position: 'asc' } },
    }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', description: 'When it was last saved.' }),
  }),
});

builder.prismaObject('ExpertSupportNote', {
  description: 'The programme team’s expert support on an idea or its proposal.',
  authScopes: { public: true },
  fields: (t) => ({
    id: t.globalID({
      description: 'Globally unique, for client caches (not a Node: read it through its parent).',
      resolve: (row) => ({ type: 'ExpertSupportNote', id: row.id }),
    }),
    text: t.exposeString('text', { description: 'The advice.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was written.' }),
  }),
});

export const ProjectIdeaNode = builder.prismaNode('ProjectIdea', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A municipality’s project idea. Its coordinators see it at every stage, the programme ' +
    'team too; the programme’s reviewers and partners once it is submitted; nobody else.',
  authScopes: (idea, ctx) => canReadIdea(ctx.viewer, idea),
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The idea’s title.' }),
    stage: t.expose('stage', {
      type: ProjectIdeaStageEnum,
      description: 'Where it is in the workflow.',
    }),
    programme: t.relation('programme', { description: 'The programme of its round.' }),
    round: t.relation('round', { description: 'The call for ideas it was started in.' }),
    municipality: t.relation('municipality', { description: 'The municipality whose idea it is.' }),
    template: t.relation('template', {
      description: 'The template version the idea was started on, and is checked against.',
    }),
    fields: t.expose('fields', {
      type: 'JSON',
      description:
        'The values of its template’s fields: `{ <field key>: value }`, each as the field’s ' +
        '`TemplateFieldType` says; a field without a value may be missing.',
    }),
    attachments: t.field({
      type: [AttachmentRef],
      description: 'Linked documents, in the order given.',
      resolve: (idea) => idea.attachments as unknown as Attachment[],
    }),
    thematicAreas: t.exposeStringList('thematicAreas', {
      description:
        'Free-text themes; `fundingCallOpened(municipalityId:)` matches calls against them ' +
        '(ignoring case).',
    }),
    estimatedBudget: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'What it would cost, in BAM (null: not given yet; required to submit).',
      resolve: (idea) =>
        idea.estimatedBudget ? { amount: idea.estimatedBudget, currency: idea.currency } : null,
    }),
    allowedTransitions: t.field({
      type: [ProjectIdeaStageEnum],
      description: 'The stages the viewer may move the idea to now (prerequisites aside).',
      resolve: (idea, _args, ctx) =>
        Object.entries(steps[idea.stage])
          .filter(([, owner]) =>
            owner === 'MUNICIPALITY'
              ? coordinates(ctx.viewer, idea.municipalityId)
              : administers(ctx.viewer, idea.programmeId),
          )
          .map(([stage]) => stage as ProjectIdeaStage),
    }),
    transitions: t.relation('transitions', {
      description: 'Every accepted stage change, oldest first: the audit history.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    proposal: t.relation('proposal', {
      nullable: true,
      description: 'The full proposal (null: not written yet).',
    }),
    expertSupportNotes: t.relation('notes', {
      description: 'The programme team’s advice, oldest first.',
      query: { orderBy: { createdAt: 'asc' } },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was started.' }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When it, its stage, its proposal or its score last changed.',
    }),
  }),
});

builder.prismaObjectFields('Programme', (t) => ({
  ideaTemplates: t.relation('ideaTemplates', {
    description: 'Templates for project ideas, newest version first.',
    authScopes: { public: true },
    query: { orderBy: { version: 'desc' } },
  }),
  ideaRounds: t.relation('ideaRounds', {
    description: 'Calls for ideas, newest first.',
    authScopes: { public: true },
    query: { orderBy: { createdAt: 'desc' } },
  }),
}));

// --- Queries ---------------------------------------------------------------------------------

const IdeaOrderEnum = builder.enumType('ProjectIdeaOrder', {
  description: 'The order of `projectIdeas`.',
  values: {
    NEWEST: { description: 'Latest change first.' },
    RANKING: {
      description:
        'Highest weighted assessment score first (unscored last). Needs roundId; the ' +
        'programme team and its partners only.',
    },
  },
});

interface IdeaFilterArgs {
  programmeId?: { id: string } | null;
  municipalityId?: { id: string } | null;
  roundId?: { id: string } | null;
  stage?: ProjectIdeaStage | null;
  assignedToMe?: boolean | null;
  search?: string | null;
}

function ideaFilter(
  args: IdeaFilterArgs,
  ctx: Pick<Context, 'viewer'>,
): Prisma.ProjectIdeaWhereInput {
  return {
    AND: [
      readableIdeasFilter(ctx.viewer),
      {
        ...(args.programmeId ? { programmeId: args.programmeId.id } : {}),
        ...(args.municipalityId ? { municipalityId: args.municipalityId.id } : {}),
        ...(args.roundId ? { roundId: args.roundId.id } : {}),
        ...(args.stage ? { stage: args.stage } : {}),
      },
      assignedFilter(args.assignedToMe, ctx.viewer),
      searchFilter(args.search) ?? {},
    ],
  };
}

/** Ideas the viewer is (true) or is not (false) assigned to assess. */
function assignedFilter(
  assignedToMe: boolean | null | undefined,
  viewer: Context['viewer'],
): Prisma.ProjectIdeaWhereInput {
  if (assignedToMe == null) return {};
  if (!viewer) throw new UnauthenticatedError();
  const assigned = { assessments: { some: { reviewerId: viewer.userId } } };
  return assignedToMe ? assigned : { NOT: assigned };
}

builder.queryField('projectIdeas', (t) =>
  t.prismaConnection(
    {
      type: 'ProjectIdea',
      cursor: 'id',
      description:
        'The ideas the viewer may read (see `ProjectIdea`), for signed-in users. `RANKING` ' +
        'without `roundId`, or by anyone but the programme team and its partners, is FORBIDDEN.',
      authScopes: { authenticated: true },
      args: {
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only ideas of this programme.',
        }),
        municipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description: 'Only this municipality’s ideas.',
        }),
        roundId: t.arg.globalID({
          for: ProjectIdeaRoundNode,
          description: 'Only ideas of this round (needed for `RANKING`).',
        }),
        stage: t.arg({ type: ProjectIdeaStageEnum, description: 'Only ideas at this stage.' }),
        assignedToMe: t.arg.boolean({
          description:
            'true: the ideas the viewer is assigned to assess (a reviewer’s work list); false: ' +
            'the others.',
        }),
        orderBy: t.arg({
          type: IdeaOrderEnum,
          defaultValue: 'NEWEST',
          description: 'The order (latest change first by default).',
        }),
        search: t.arg.string({
          validate: search,
          description: 'Matches the title, ignoring case and diacritics (at most 200 characters).',
        }),
      },
      resolve: async (query, _root, args, ctx) => {
        if (args.orderBy === 'RANKING') {
          const round = args.roundId
            ? await ctx.prisma.projectIdeaRound.findUnique({ where: { id: args.roundId.id } })
            : null;
          if (!round) throw new ForbiddenError('A ranking is per round: give roundId');
          if (
            !administers(ctx.viewer, round.programmeId) &&
            !partners(ctx.viewer, round.programmeId)
          ) {
            throw new ForbiddenError('The ranking is for the programme team and its partners');
          }
        }
        return ctx.prisma.projectIdea.findMany({
          ...query,
          where: ideaFilter(args, ctx),
          orderBy:
            args.orderBy === 'RANKING'
              ? [
                  { weightedScore: { sort: 'desc', nulls: 'last' } },
                  { title: 'asc' },
                  { id: 'asc' },
                ]
              : [{ updatedAt: 'desc' }, { id: 'asc' }],
        });
      },
      totalCount: (_root, args, ctx) =>
        ctx.prisma.projectIdea.count({ where: ideaFilter(args, ctx) }),
    },
    { name: 'ProjectIdeaConnection' },
    { name: 'ProjectIdeaEdge' },
  ),
);

// --- Mutations -------------------------------------------------------------------------------

const TemplateFieldInput = builder.inputType('TemplateFieldInput', {
  description: 'A field of a new template (see `TemplateField`).',
  fields: (t) => ({
    key: t.string({
      required: true,
      validate: fieldKey,
      description:
        'A letter, then letters, digits or `_` (60 characters at most); unique in the template.',
    }),
    label: t.string({
      required: true,
      validate: requiredText(300),
      description: 'What the form shows; 1 to 300 characters.',
    }),
    type: t.field({
      type: TemplateFieldTypeEnum,
      required: true,
      description: 'What its value must be.',
    }),
    required: t.boolean({
      defaultValue: false,
      description: 'Must have a value before an idea is submitted.',
    }),
    maxLength: t.int({
      validate: z.number().int().min(1).max(100_000),
      description: '`TEXT`, and each `LIST` entry: at most this many characters (1 to 100,000).',
    }),
    min: t.float({
      description: '`NUMBER` and `MONEY`: the lowest value allowed, inclusive; not above `max`.',
    }),
    max: t.float({ description: '`NUMBER` and `MONEY`: the highest value allowed, inclusive.' }),
    choices: t.stringList({
      validate: z.array(requiredText(200)).max(100),
      description:
        '`CHOICE` (needed for it): the values allowed; at most 100, each 1 to 200 characters.',
    }),
    maxItems: t.int({
      validate: z.number().int().min(1).max(1_000),
      description: '`LIST`: at most this many entries (1 to 1,000).',
    }),
  }),
});

const TemplateSectionInput = builder.inputType('TemplateSectionInput', {
  description: 'A section of a new template.',
  fields: (t) => ({
    key: t.string({
      required: true,
      validate: fieldKey,
      description: 'A letter, then letters, digits or `_` (60 characters at most).',
    }),
    title: t.string({
      required: true,
      validate: requiredText(300),
      description: 'The heading the form shows; 1 to 300 characters.',
    }),
    fields: t.field({
      type: [TemplateFieldInput],
      required: true,
      description: 'Its fields, in form order; at least one.',
    }),
  }),
});

const CreateProjectIdeaTemplateInput = builder.inputType('CreateProjectIdeaTemplateInput', {
  description: 'What `createProjectIdeaTemplate` takes.',
  fields: (t) => ({
    programmeId: t.globalID({
      required: true,
      for: ProgrammeNode,
      description: 'The programme whose template it is.',
    }),
    name: t.string({
      required: true,
      validate: requiredText(300),
      description: 'The template’s name; 1 to 300 characters.',
    }),
    sections: t.field({
      type: [TemplateSectionInput],
      required: true,
      description: 'The form, in order; at least one section.',
    }),
  }),
});

builder.mutationField('createProjectIdeaTemplate', (t) =>
  t.field({
    type: recordPayload('CreateProjectIdeaTemplatePayload', 'template', ProjectIdeaTemplateNode),
    description:
      'The programme’s administrators publish the next version of its template: new ideas are ' +
      'started on it, earlier ones keep theirs. BAD_USER_INPUT for a form that cannot be ' +
      'filled in: no section, an empty section, a repeated field key, a `CHOICE` without ' +
      'choices, `min` above `max`.',
    authScopes: (_root, { input }) => ({ programmeAdmin: input.programmeId.id }),
    args: {
      input: t.arg({
        type: CreateProjectIdeaTemplateInput,
        required: true,
        description: 'The programme and the new version.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const sections = input.sections.map((section) => ({
        key: section.key,
        title: section.title,
        fields: section.fields.map((field) => ({ ...field, required: field.required ?? false })),
      }));
      const template = await createTemplate(ctx, {
        programmeId: input.programmeId.id,
        name: input.name,
        sections,
      });
      return { template };
    },
  }),
);

const CriterionInput = builder.inputType('AssessmentCriterionInput', {
  description: 'A criterion of a new round’s rubric.',
  fields: (t) => ({
    name: t.string({
      required: true,
      validate: requiredText(300),
      description: 'What is scored; 1 to 300 characters.',
    }),
    description: t.string({
      validate: optionalText(2_000),
      description: 'What reviewers look for; at most 2,000 characters.',
    }),
    weight: t.float({
      required: true,
      validate: z.number().positive().max(1_000),
      description: 'Its relative weight: above 0, at most 1,000 (kept to 3 decimals).',
    }),
  }),
});

const CreateProjectIdeaRoundInput = builder.inputType('CreateProjectIdeaRoundInput', {
  description: 'What `createProjectIdeaRound` takes.',
  fields: (t) => ({
    programmeId: t.globalID({
      required: true,
      for: ProgrammeNode,
      description: 'The programme that runs the round.',
    }),
    name: t.string({
      required: true,
      validate: requiredText(300),
      description: 'The round’s name; 1 to 300 characters.',
    }),
    scaleMax: t.int({
      required: true,
      validate: z.number().int().min(1).max(100),
      description: 'The top score of every criterion, 1 to 100 (scores run from 0).',
    }),
    criteria: t.field({
      type: [CriterionInput],
      required: true,
      description: 'The rubric, in order; at least one criterion.',
    }),
    opensOn: t.field({
      type: 'Date',
      description: 'First day for new ideas (default: from its creation).',
    }),
    closesOn: t.field({
      type: 'Date',
      description: 'Last day for new ideas, not before `opensOn` (default: until closed).',
    }),
  }),
});

builder.mutationField('createProjectIdeaRound', (t) =>
  t.field({
    type: recordPayload('CreateProjectIdeaRoundPayload', 'round', ProjectIdeaRoundNode),
    description:
      'The programme’s administrators open a call for ideas with its rubric (criteria with ' +
      'weights, one scale). BAD_USER_INPUT without criteria or with `closesOn` before `opensOn`.',
    authScopes: (_root, { input }) => ({ programmeAdmin: input.programmeId.id }),
    args: {
      input: t.arg({
        type: CreateProjectIdeaRoundInput,
        required: true,
        description: 'The round, its dates and its rubric.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      round: await createRound(ctx, { ...input, programmeId: input.programmeId.id }),
    }),
  }),
);

const AttachmentInput = builder.inputType('IdeaAttachmentInput', {
  description: 'A document to link to an idea.',
  fields: (t) => ({
    title: t.string({
      required: true,
      validate: requiredText(300),
      description: 'What the document is; 1 to 300 characters.',
    }),
    url: t.string({
      required: true,
      validate: website,
      description: 'Where it is: an http(s) URL of at most 500 characters.',
    }),
  }),
});

export const amount = z
  .string()
  .trim()
  .regex(/^\d{1,14}(\.\d{1,2})?$/, 'must be an amount such as "25000.00"');
export const thematicAreas = z.array(requiredText(100)).max(20);

const CreateProjectIdeaInput = builder.inputType('CreateProjectIdeaInput', {
  description: 'What `createProjectIdea` takes.',
  fields: (t) => ({
    roundId: t.globalID({
      required: true,
      for: ProjectIdeaRoundNode,
      description: 'The round; it must take new ideas today.',
    }),
    municipalityId: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'The municipality whose idea it is: a partner of the round’s programme.',
    }),
    title: t.string({
      required: true,
      validate: requiredText(300),
      description: 'The idea’s title; 1 to 300 characters.',
    }),
    fields: t.field({
      type: 'JSON',
      description:
        'Values of the latest template’s fields: `{ <field key>: value }` (see ' +
        '`TemplateFieldType`); a draft may leave any out.',
    }),
    attachments: t.field({ type: [AttachmentInput], description: 'Linked documents.' }),
    thematicAreas: t.stringList({
      validate: thematicAreas,
      description: 'Free-text themes: at most 20, each 1 to 100 characters.',
    }),
    estimatedBudget: t.string({
      description:
        'In BAM, a decimal string such as "80000.00" (at most 14 digits and 2 decimals); ' +
        'required to submit.',
      validate: amount,
    }),
  }),
});

const UpdateProjectIdeaInput = builder.inputType('UpdateProjectIdeaInput', {
  description:
    'What `updateProjectIdea` takes. Fields left out stay as they are; `null` clears ' +
    '`attachments`, `thematicAreas` and `estimatedBudget`.',
  fields: (t) => ({
    ideaId: t.globalID({
      required: true,
      for: ProjectIdeaNode,
      description: 'The idea, a `DRAFT`.',
    }),
    title: t.string({
      validate: requiredText(300),
      description: 'A new title; 1 to 300 characters, never null.',
    }),
    fields: t.field({
      type: 'JSON',
      description: 'Replaces all field values: `{ <field key>: value }`; never null.',
    }),
    attachments: t.field({ type: [AttachmentInput], description: 'Replaces the list.' }),
    thematicAreas: t.stringList({
      validate: thematicAreas,
      description: 'Replaces them: at most 20, each 1 to 100 characters.',
    }),
    estimatedBudget: t.string({
      validate: amount,
      description: 'In BAM, a decimal string such as "80000.00".',
    }),
  }),
});

builder.mutationField('createProjectIdea', (t) =>
  t.field({
    type: recordPayload('CreateProjectIdeaPayload', 'idea', ProjectIdeaNode),
    description:
      'A coordinator or deputy of the municipality starts a `DRAFT` in a round, on the ' +
      'programme’s latest template. CONFLICT when the round takes no new ideas or the ' +
      'programme has no template; BAD_USER_INPUT when the municipality is not a partner of ' +
      'the programme or a value does not fit the template. Publishes `projectIdeaChanged`.',
    authScopes: (_root, { input }, ctx) => coordinates(ctx.viewer, input.municipalityId.id),
    args: {
      input: t.arg({
        type: CreateProjectIdeaInput,
        required: true,
        description: 'The round, the municipality and the idea’s content.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      idea: await createIdea(ctx, {
        ...input,
        roundId: input.roundId.id,
        municipalityId: input.municipalityId.id,
      }),
    }),
  }),
);

builder.mutationField('updateProjectIdea', (t) =>
  t.field({
    type: recordPayload('UpdateProjectIdeaPayload', 'idea', ProjectIdeaNode),
    description:
      'The municipality’s coordinators edit a `DRAFT` (CONFLICT at any other stage); values ' +
      'are checked against the template version it was started on (BAD_USER_INPUT). ' +
      'Publishes `projectIdeaChanged`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: UpdateProjectIdeaInput,
        required: true,
        description: 'The idea and what changes.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { ideaId, ...content } = input;
      return { idea: await updateIdea(ctx, ideaId.id, content) };
    },
  }),
);

const TransitionProjectIdeaInput = builder.inputType('TransitionProjectIdeaInput', {
  description: 'What `transitionProjectIdea` takes.',
  fields: (t) => ({
    ideaId: t.globalID({ required: true, for: ProjectIdeaNode, description: 'The idea.' }),
    to: t.field({
      type: ProjectIdeaStageEnum,
      required: true,
      description: 'The next stage (see `ProjectIdea.allowedTransitions`).',
    }),
    comment: t.string({
      validate: optionalText(2_000),
      description: 'Why, kept in the history; at most 2,000 characters.',
    }),
  }),
});

builder.mutationField('transitionProjectIdea', (t) =>
  t.field({
    type: recordPayload('TransitionProjectIdeaPayload', 'idea', ProjectIdeaNode),
    description:
      'Moves the idea one step. The municipality submits, prepares the proposal, applies and ' +
      'withdraws; the programme team opens assessment, shortlists and records funding (others: ' +
      'FORBIDDEN). A step not allowed from the current stage is a CONFLICT listing the allowed ' +
      'ones (`extensions.allowed`). CONFLICT too when its condition fails: a second priority ' +
      'idea of the municipality in the round, a shortlist before every assigned assessment is ' +
      'submitted, `PROPOSAL_READY` without a budget line, `APPLIED` without an application, ' +
      '`FUNDED` without an awarded one, `NOT_FUNDED` with one not rejected. Submitting checks ' +
      'the required fields and `estimatedBudget` (BAD_USER_INPUT). Records the step in ' +
      '`transitions`, notifies the municipality’s coordinators (`PROJECT_IDEA_STAGE_CHANGED`) ' +
      'and publishes `projectIdeaChanged`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: TransitionProjectIdeaInput,
        required: true,
        description: 'The idea, the stage it moves to and why.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      idea: await transitionIdea(ctx, { ...input, ideaId: input.ideaId.id }),
    }),
  }),
);

const TimelineStepInput = builder.inputType('ProposalTimelineStepInput', {
  description: 'One activity of a proposal’s work plan.',
  fields: (t) => ({
    activity: t.string({
      required: true,
      validate: requiredText(500),
      description: 'What is done; 1 to 500 characters.',
    }),
    startsOn: t.field({ type: 'Date', required: true, description: 'Its first day.' }),
    endsOn: t.field({
      type: 'Date',
      required: true,
      description: 'Its last day, not before `startsOn`.',
    }),
  }),
});

const BudgetLineInput = builder.inputType('ProposalBudgetLineInput', {
  description: 'One line of a proposal’s budget.',
  fields: (t) => ({
    description: t.string({
      required: true,
      validate: requiredText(500),
      description: 'What the money is for; 1 to 500 characters.',
    }),
    amount: t.string({
      required: true,
      validate: amount,
      description: 'A decimal string such as "12500.00" (at most 14 digits and 2 decimals).',
    }),
    currency: t.string({
      validate: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
      description: 'An ISO 4217 code in capitals (default BAM).',
    }),
  }),
});

const ProposalPartnerInput = builder.inputType('ProposalPartnerInput', {
  description: 'A partner of a proposal.',
  fields: (t) => ({
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'The partner in the directory, when it is there.',
    }),
    name: t.string({
      required: true,
      validate: requiredText(300),
      description: 'The partner’s name; 1 to 300 characters.',
    }),
    contribution: t.string({
      validate: optionalText(2_000),
      description: 'What it brings; at most 2,000 characters.',
    }),
  }),
});

const SaveProjectProposalInput = builder.inputType('SaveProjectProposalInput', {
  description: 'What `saveProjectProposal` takes: the whole proposal.',
  fields: (t) => ({
    ideaId: t.globalID({
      required: true,
      for: ProjectIdeaNode,
      description: 'The idea, `SHORTLISTED` or `PROPOSAL_IN_PREPARATION`.',
    }),
    summary: t.string({
      required: true,
      validate: requiredText(20_000),
      description: 'The proposal in brief; 1 to 20,000 characters.',
    }),
    expectedResults: t.stringList({
      required: true,
      validate: z.array(requiredText(2_000)).max(50),
      description: 'The results it promises: at most 50, each 1 to 2,000 characters.',
    }),
    timeline: t.field({
      type: [TimelineStepInput],
      required: true,
      description: 'The work plan, in order.',
    }),
    budgetLines: t.field({
      type: [BudgetLineInput],
      required: true,
      description: 'The budget, in order; `PROPOSAL_READY` needs at least one line.',
    }),
    partners: t.field({
      type: [ProposalPartnerInput],
      required: true,
      description: 'Its partners, in order (may be empty).',
    }),
  }),
});

builder.mutationField('saveProjectProposal', (t) =>
  t.field({
    type: recordPayload('SaveProjectProposalPayload', 'idea', ProjectIdeaNode),
    description:
      'The municipality’s coordinators write the full proposal of a `SHORTLISTED` or ' +
      '`PROPOSAL_IN_PREPARATION` idea (CONFLICT otherwise), replacing the previous one whole. ' +
      'BAD_USER_INPUT for a timeline step that ends before it starts. Publishes ' +
      '`projectIdeaChanged`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: SaveProjectProposalInput,
        required: true,
        description: 'The idea and its whole proposal.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      await saveProposal(ctx, {
        ...input,
        ideaId: input.ideaId.id,
        partners: input.partners.map((partner) => ({
          ...partner,
          organizationId: partner.organizationId?.id ?? null,
        })),
      });
      return {
        idea: await ctx.prisma.projectIdea.findUniqueOrThrow({ where: { id: input.ideaId.id } }),
      };
    },
  }),
);

const AddExpertSupportNoteInput = builder.inputType('AddExpertSupportNoteInput', {
  description: 'What `addExpertSupportNote` takes.',
  fields: (t) => ({
    ideaId: t.globalID({ required: true, for: ProjectIdeaNode, description: 'The idea.' }),
    text: t.string({
      required: true,
      validate: requiredText(20_000),
      description: 'The advice; 1 to 20,000 characters.',
    }),
  }),
});

builder.mutationField('addExpertSupportNote', (t) =>
  t.field({
    type: recordPayload('AddExpertSupportNotePayload', 'idea', ProjectIdeaNode),
    description:
      'The programme’s administrators add advice on an idea or its proposal, at any stage; ' +
      'whoever may read the idea reads it. Publishes nothing.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: AddExpertSupportNoteInput,
        required: true,
        description: 'The idea and the advice.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      await addNote(ctx, { ideaId: input.ideaId.id, text: input.text });
      return {
        idea: await ctx.prisma.projectIdea.findUniqueOrThrow({ where: { id: input.ideaId.id } }),
      };
    },
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('projectIdeaChanged', (t) =>
  t.prismaField({
    type: 'ProjectIdea',
    description:
      'Each idea the viewer may read as it is after a change (of one programme when given): ' +
      'created, edited, moved, its proposal saved, a reviewer assigned, an assessment ' +
      'submitted, an application made or decided. Signed-in users only.',
    authScopes: { authenticated: true },
    args: {
      programmeId: t.arg.globalID({
        for: ProgrammeNode,
        description: 'Only ideas of this programme.',
      }),
    },
    subscribe: (_root, args, ctx) =>
      pipe(
        ctx.pubsub.subscribe('projectIdea:changed'),
        filter(
          (event) =>
            (!args.programmeId || event.programmeId === args.programmeId.id) &&
            canReadIdea(ctx.viewer, event),
        ),
      ),
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.projectIdea.findUniqueOrThrow({ ...query, where: { id: event.ideaId } }),
  }),
);
