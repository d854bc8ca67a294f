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
});

const TemplateFieldTypeEnum = builder.enumType('TemplateFieldType', {
  values: templateFieldTypes,
});

const TemplateFieldRef = builder.objectRef<TemplateField>('TemplateField').implement({
  description: 'A field of a template; values are checked against its type and limits.',
  authScopes: { public: true },
  fields: (t) => ({
    key: t.exposeString('key'),
    label: t.exposeString('label'),
    type: t.field({ type: TemplateFieldTypeEnum, resolve: (field) => field.type }),
    required: t.exposeBoolean('required'),
    maxLength: t.exposeInt('maxLength', { nullable: true }),
    min: t.exposeFloat('min', { nullable: true }),
    max: t.exposeFloat('max', { nullable: true }),
    choices: t.exposeStringList('choices', { nullable: true }),
    maxItems: t.exposeInt('maxItems', { nullable: true }),
  }),
});

const TemplateSectionRef = builder.objectRef<TemplateSection>('TemplateSection').implement({
  authScopes: { public: true },
  fields: (t) => ({
    key: t.exposeString('key'),
    title: t.exposeString('title'),
    fields: t.field({ type: [TemplateFieldRef], resolve: (section) => section.fields }),
  }),
});

export const ProjectIdeaTemplateNode = builder.prismaNode('ProjectIdeaTemplate', {
  id: { field: 'id' },
  nullable: true,
  description: 'A programme’s template for project ideas; a change is a new version.',
  authScopes: { public: true },
  fields: (t) => ({
    programme: t.relation('programme'),
    version: t.exposeInt('version'),
    name: t.exposeString('name'),
    sections: t.field({
      type: [TemplateSectionRef],
      resolve: (template) => template.sections as unknown as TemplateSection[],
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaNode('AssessmentCriterion', {
  id: { field: 'id' },
  nullable: true,
  description: 'A criterion of a round’s rubric: scored from 0 to the round’s scaleMax.',
  // Public like the round it belongs to.
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    weight: t.string({
      description: 'Relative weight, e.g. "3".',
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
    programme: t.relation('programme'),
    name: t.exposeString('name'),
    scaleMax: t.exposeInt('scaleMax', { description: 'Scores run from 0 to this.' }),
    criteria: t.relation('criteria', { query: { orderBy: { position: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

interface Attachment {
  title: string;
  url: string;
}

const AttachmentRef = builder.objectRef<Attachment>('IdeaAttachment').implement({
  description: 'A document linked to an idea.',
  authScopes: { public: true },
  fields: (t) => ({ title: t.exposeString('title'), url: t.exposeString('url') }),
});

builder.prismaObject('ProjectIdeaTransition', {
  description: 'An accepted stage change: who, when, why.',
  authScopes: { public: true },
  fields: (t) => ({
    id: t.globalID({
      description: 'Globally unique, for client caches (not a Node: read it through its parent).',
      resolve: (row) => ({ type: 'ProjectIdeaTransition', id: row.id }),
    }),
    from: t.expose('fromStage', { type: ProjectIdeaStageEnum }),
    to: t.expose('toStage', { type: ProjectIdeaStageEnum }),
    actorName: t.exposeString('actorName', { nullable: true }),
    comment: t.exposeString('comment', { nullable: true }),
    at: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

interface TimelineStep {
  activity: string;
  startsOn: string;
  endsOn: string;
}

const TimelineStepRef = builder.objectRef<TimelineStep>('ProposalTimelineStep').implement({
  authScopes: { public: true },
  fields: (t) => ({
    activity: t.exposeString('activity'),
    startsOn: t.field({ type: 'Date', resolve: (step) => new Date(step.startsOn) }),
    endsOn: t.field({ type: 'Date', resolve: (step) => new Date(step.endsOn) }),
  }),
});

builder.prismaObject('ProposalBudgetLine', {
  authScopes: { public: true },
  fields: (t) => ({
    description: t.exposeString('description'),
    money: t.field({
      type: MoneyRef,
      resolve: (line) => ({ amount: line.amount, currency: line.currency }),
    }),
  }),
});

builder.prismaObject('ProposalPartner', {
  description: 'A partner of a proposal, e.g. a diaspora association.',
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    organization: t.relation('organization', { nullable: true }),
    contribution: t.exposeString('contribution', { nullable: true }),
  }),
});

builder.prismaObject('ProjectProposal', {
  description: 'The full proposal a shortlisted idea grows into.',
  authScopes: { public: true },
  fields: (t) => ({
    summary: t.exposeString('summary'),
    expectedResults: t.exposeStringList('expectedResults'),
    timeline: t.field({
      type: [TimelineStepRef],
      resolve: (proposal) => proposal.timeline as unknown as TimelineStep[],
    }),
    budgetLines: t.relation('budgetLines', { query: { orderBy: { position: 'asc' } } }),
    partners: t.relation('partners', { query: { orderBy: { position: 'asc' } } }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
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
    text: t.exposeString('text'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
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
    title: t.exposeString('title'),
    stage: t.expose('stage', { type: ProjectIdeaStageEnum }),
    programme: t.relation('programme'),
    round: t.relation('round'),
    municipality: t.relation('municipality'),
    template: t.relation('template', {
      description: 'The template version the idea was started on, and is checked against.',
    }),
    fields: t.expose('fields', { type: 'JSON', description: '{ <template field key>: value }' }),
    attachments: t.field({
      type: [AttachmentRef],
      resolve: (idea) => idea.attachments as unknown as Attachment[],
    }),
    thematicAreas: t.exposeStringList('thematicAreas'),
    estimatedBudget: t.field({
      type: MoneyRef,
      nullable: true,
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
    proposal: t.relation('proposal', { nullable: true }),
    expertSupportNotes: t.relation('notes', { query: { orderBy: { createdAt: 'asc' } } }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
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
      description: 'The ideas the viewer may read (see ProjectIdea).',
      authScopes: { authenticated: true },
      args: {
        programmeId: t.arg.globalID({ for: ProgrammeNode }),
        municipalityId: t.arg.globalID({ for: MunicipalityNode }),
        roundId: t.arg.globalID({ for: ProjectIdeaRoundNode }),
        stage: t.arg({ type: ProjectIdeaStageEnum }),
        assignedToMe: t.arg.boolean({
          description: 'true: the ideas the viewer is assigned to assess (a reviewer’s work list).',
        }),
        orderBy: t.arg({ type: IdeaOrderEnum, defaultValue: 'NEWEST' }),
        search: t.arg.string({
          validate: search,
          description: 'Matches the title, ignoring case and diacritics.',
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
  fields: (t) => ({
    key: t.string({ required: true, validate: fieldKey }),
    label: t.string({ required: true, validate: requiredText(300) }),
    type: t.field({ type: TemplateFieldTypeEnum, required: true }),
    required: t.boolean({ defaultValue: false }),
    maxLength: t.int({ validate: z.number().int().min(1).max(100_000) }),
    min: t.float(),
    max: t.float(),
    choices: t.stringList({ validate: z.array(requiredText(200)).max(100) }),
    maxItems: t.int({ validate: z.number().int().min(1).max(1_000) }),
  }),
});

const TemplateSectionInput = builder.inputType('TemplateSectionInput', {
  fields: (t) => ({
    key: t.string({ required: true, validate: fieldKey }),
    title: t.string({ required: true, validate: requiredText(300) }),
    fields: t.field({ type: [TemplateFieldInput], required: true }),
  }),
});

const CreateProjectIdeaTemplateInput = builder.inputType('CreateProjectIdeaTemplateInput', {
  fields: (t) => ({
    programmeId: t.globalID({ required: true, for: ProgrammeNode }),
    name: t.string({ required: true, validate: requiredText(300) }),
    sections: t.field({ type: [TemplateSectionInput], required: true }),
  }),
});

builder.mutationField('createProjectIdeaTemplate', (t) =>
  t.field({
    type: recordPayload('CreateProjectIdeaTemplatePayload', 'template', ProjectIdeaTemplateNode),
    description: 'Publishes the next version of the programme’s template.',
    authScopes: (_root, { input }) => ({ programmeAdmin: input.programmeId.id }),
    args: { input: t.arg({ type: CreateProjectIdeaTemplateInput, required: true }) },
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
  fields: (t) => ({
    name: t.string({ required: true, validate: requiredText(300) }),
    description: t.string({ validate: optionalText(2_000) }),
    weight: t.float({ required: true, validate: z.number().positive().max(1_000) }),
  }),
});

const CreateProjectIdeaRoundInput = builder.inputType('CreateProjectIdeaRoundInput', {
  fields: (t) => ({
    programmeId: t.globalID({ required: true, for: ProgrammeNode }),
    name: t.string({ required: true, validate: requiredText(300) }),
    scaleMax: t.int({ required: true, validate: z.number().int().min(1).max(100) }),
    criteria: t.field({ type: [CriterionInput], required: true }),
    opensOn: t.field({ type: 'Date', description: 'First day for new ideas (default: now).' }),
    closesOn: t.field({ type: 'Date', description: 'Last day for new ideas (default: none).' }),
  }),
});

builder.mutationField('createProjectIdeaRound', (t) =>
  t.field({
    type: recordPayload('CreateProjectIdeaRoundPayload', 'round', ProjectIdeaRoundNode),
    description: 'Opens a call for ideas with its rubric (criteria with weights, one scale).',
    authScopes: (_root, { input }) => ({ programmeAdmin: input.programmeId.id }),
    args: { input: t.arg({ type: CreateProjectIdeaRoundInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      round: await createRound(ctx, { ...input, programmeId: input.programmeId.id }),
    }),
  }),
);

const AttachmentInput = builder.inputType('IdeaAttachmentInput', {
  fields: (t) => ({
    title: t.string({ required: true, validate: requiredText(300) }),
    url: t.string({ required: true, validate: website }),
  }),
});

export const amount = z
  .string()
  .trim()
  .regex(/^\d{1,14}(\.\d{1,2})?$/, 'must be an amount such as "25000.00"');
const thematicAreas = z.array(requiredText(100)).max(20);

const CreateProjectIdeaInput = builder.inputType('CreateProjectIdeaInput', {
  fields: (t) => ({
    roundId: t.globalID({ required: true, for: ProjectIdeaRoundNode }),
    municipalityId: t.globalID({ required: true, for: MunicipalityNode }),
    title: t.string({ required: true, validate: requiredText(300) }),
    fields: t.field({ type: 'JSON', description: '{ <template field key>: value }' }),
    attachments: t.field({ type: [AttachmentInput] }),
    thematicAreas: t.stringList({ validate: thematicAreas }),
    estimatedBudget: t.string({ description: 'In BAM, e.g. "80000.00".', validate: amount }),
  }),
});

const UpdateProjectIdeaInput = builder.inputType('UpdateProjectIdeaInput', {
  description: 'Fields left out stay as they are. Only a DRAFT is edited.',
  fields: (t) => ({
    ideaId: t.globalID({ required: true, for: ProjectIdeaNode }),
    title: t.string({ validate: requiredText(300) }),
    fields: t.field({ type: 'JSON', description: 'Replaces all field values.' }),
    attachments: t.field({ type: [AttachmentInput] }),
    thematicAreas: t.stringList({ validate: thematicAreas }),
    estimatedBudget: t.string({ validate: amount }),
  }),
});

/** `{ idea: ProjectIdea! }`: mutations on an idea answer with the idea as it now is. */
export const IdeaPayload = (name: string) => recordPayload(name, 'idea', ProjectIdeaNode);

builder.mutationField('createProjectIdea', (t) =>
  t.field({
    type: IdeaPayload('CreateProjectIdeaPayload'),
    description: 'A coordinator starts a DRAFT on the programme’s latest template.',
    authScopes: (_root, { input }, ctx) => coordinates(ctx.viewer, input.municipalityId.id),
    args: { input: t.arg({ type: CreateProjectIdeaInput, required: true }) },
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
    type: IdeaPayload('UpdateProjectIdeaPayload'),
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateProjectIdeaInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { ideaId, ...content } = input;
      return { idea: await updateIdea(ctx, ideaId.id, content) };
    },
  }),
);

const TransitionProjectIdeaInput = builder.inputType('TransitionProjectIdeaInput', {
  fields: (t) => ({
    ideaId: t.globalID({ required: true, for: ProjectIdeaNode }),
    to: t.field({ type: ProjectIdeaStageEnum, required: true }),
    comment: t.string({ validate: optionalText(2_000) }),
  }),
});

builder.mutationField('transitionProjectIdea', (t) =>
  t.field({
    type: IdeaPayload('TransitionProjectIdeaPayload'),
    description:
      'Moves the idea one step. The municipality submits, prepares the proposal, applies and ' +
      'withdraws; the programme team opens assessment, shortlists and records funding. A step ' +
      'not allowed from the current stage is a CONFLICT listing the allowed ones.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: TransitionProjectIdeaInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      idea: await transitionIdea(ctx, { ...input, ideaId: input.ideaId.id }),
    }),
  }),
);

const TimelineStepInput = builder.inputType('ProposalTimelineStepInput', {
  fields: (t) => ({
    activity: t.string({ required: true, validate: requiredText(500) }),
    startsOn: t.field({ type: 'Date', required: true }),
    endsOn: t.field({ type: 'Date', required: true }),
  }),
});

const BudgetLineInput = builder.inputType('ProposalBudgetLineInput', {
  fields: (t) => ({
    description: t.string({ required: true, validate: requiredText(500) }),
    amount: t.string({ required: true, validate: amount }),
    currency: t.string({ validate: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code') }),
  }),
});

const ProposalPartnerInput = builder.inputType('ProposalPartnerInput', {
  fields: (t) => ({
    organizationId: t.globalID({ for: OrganizationNode }),
    name: t.string({ required: true, validate: requiredText(300) }),
    contribution: t.string({ validate: optionalText(2_000) }),
  }),
});

const SaveProjectProposalInput = builder.inputType('SaveProjectProposalInput', {
  fields: (t) => ({
    ideaId: t.globalID({ required: true, for: ProjectIdeaNode }),
    summary: t.string({ required: true, validate: requiredText(20_000) }),
    expectedResults: t.stringList({
      required: true,
      validate: z.array(requiredText(2_000)).max(50),
    }),
    timeline: t.field({ type: [TimelineStepInput], required: true }),
    budgetLines: t.field({ type: [BudgetLineInput], required: true }),
    partners: t.field({ type: [ProposalPartnerInput], required: true }),
  }),
});

builder.mutationField('saveProjectProposal', (t) =>
  t.field({
    type: IdeaPayload('SaveProjectProposalPayload'),
    description: 'Writes the full proposal of a shortlisted idea (replacing the previous one).',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: SaveProjectProposalInput, required: true }) },
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
  fields: (t) => ({
    ideaId: t.globalID({ required: true, for: ProjectIdeaNode }),
    text: t.string({ required: true, validate: requiredText(20_000) }),
  }),
});

builder.mutationField('addExpertSupportNote', (t) =>
  t.field({
    type: IdeaPayload('AddExpertSupportNotePayload'),
    description: 'The programme team’s advice on an idea or its proposal.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: AddExpertSupportNoteInput, required: true }) },
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
    description: 'An idea the viewer may read changed (of one programme when given).',
    authScopes: { authenticated: true },
    args: { programmeId: t.arg.globalID({ for: ProgrammeNode }) },
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
