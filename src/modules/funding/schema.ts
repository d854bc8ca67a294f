import { filter, pipe } from 'graphql-yoga';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { searchFilter } from '../../search.js';
import { FundingApplicationStatus, type Prisma } from '../../generated/prisma/client.js';
import { administers, canEditMunicipality } from '../accounts/grants.js';
import { notNull, optionalText, requiredText, search, website } from '../directory/validation.js';
import { canReadIdea, readableIdeasFilter } from '../ideas/access.js';
import { IdeaPayload, ProjectIdeaNode, amount } from '../ideas/schema.js';
import { MoneyRef } from '../memoranda/schema.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';
import {
  apply,
  callMatches,
  createCall,
  decide,
  isOpen,
  openFilter,
  setCallClosed,
  updateCall,
} from './service.js';

// --- Types -----------------------------------------------------------------------------------

const FundingApplicationStatusEnum = builder.enumType(FundingApplicationStatus, {
  name: 'FundingApplicationStatus',
});

const money = (amount: Prisma.Decimal, currency: string) => ({ amount, currency });

export const FundingCallNode = builder.prismaNode('FundingCall', {
  id: { field: 'id' },
  nullable: true,
  description: 'A public call for funding; open from opensOn to closesOn, both included.',
  authScopes: { public: true },
  fields: (t) => ({
    title: t.exposeString('title'),
    funder: t.relation('funder'),
    eligibleMunicipalities: t.relation('eligibleMunicipalities', {
      description:
        'Only these municipalities may apply; empty: no list (the programme’s partners, or ' +
        'every municipality for a network-wide call).',
      query: { orderBy: [{ name: 'asc' }, { id: 'asc' }] },
    }),
    programme: t.relation('programme', {
      nullable: true,
      description: 'The programme whose team tracks the call.',
    }),
    totalBudget: t.field({
      type: MoneyRef,
      resolve: (call) => money(call.totalBudget, call.currency),
    }),
    minGrant: t.field({ type: MoneyRef, resolve: (call) => money(call.minGrant, call.currency) }),
    maxGrant: t.field({ type: MoneyRef, resolve: (call) => money(call.maxGrant, call.currency) }),
    opensOn: t.expose('opensOn', { type: 'Date' }),
    closesOn: t.expose('closesOn', { type: 'Date' }),
    open: t.boolean({
      description: 'Open today (Sarajevo’s calendar) and not closed early.',
      resolve: (call) => isOpen(call),
    }),
    eligibility: t.exposeString('eligibility', { nullable: true }),
    thematicAreas: t.exposeStringList('thematicAreas'),
    url: t.exposeString('url', { nullable: true, description: 'The call’s own page.' }),
    closedAt: t.expose('closedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the programme team closed it early (null: not closed early).',
    }),
    closedReason: t.exposeString('closedReason', { nullable: true }),
    reopenedReason: t.exposeString('reopenedReason', {
      nullable: true,
      description: 'Why it was last reopened after closing early.',
    }),
    applications: t.relation('applications', {
      description: 'The applications of ideas the viewer may read.',
      query: (_args, ctx) => ({
        where: { idea: readableIdeasFilter(ctx.viewer) },
        orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
      }),
    }),
  }),
});

export const FundingApplicationNode = builder.prismaNode('FundingApplication', {
  id: { field: 'id' },
  nullable: true,
  description: 'A full proposal’s application to a funding call; seen by whoever sees the idea.',
  authScopes: async (application, ctx) => {
    const idea = await ctx.prisma.projectIdea.findUnique({
      where: { id: application.ideaId },
      select: { programmeId: true, municipalityId: true, stage: true },
    });
    return idea !== null && canReadIdea(ctx.viewer, idea);
  },
  fields: (t) => ({
    idea: t.relation('idea'),
    call: t.relation('call'),
    requestedAmount: t.field({
      type: MoneyRef,
      resolve: (application) => money(application.requestedAmount, application.currency),
    }),
    awardedAmount: t.field({
      type: MoneyRef,
      nullable: true,
      resolve: (application) =>
        application.awardedAmount ? money(application.awardedAmount, application.currency) : null,
    }),
    status: t.expose('status', { type: FundingApplicationStatusEnum }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime' }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.prismaObjectFields('ProjectIdea', (t) => ({
  applications: t.relation('applications', {
    description: 'Applications of the full proposal to funding calls.',
    query: { orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }] },
  }),
}));

// --- Queries ---------------------------------------------------------------------------------

function callFilter(args: {
  open?: boolean | null;
  programmeId?: { id: string } | null;
  search?: string | null;
}): Prisma.FundingCallWhereInput {
  const openNow = openFilter();
  return {
    ...(args.programmeId ? { programmeId: args.programmeId.id } : {}),
    ...(args.open === true ? openNow : {}),
    ...(args.open === false ? { NOT: openNow } : {}),
    ...searchFilter(args.search),
  };
}

builder.queryField('fundingCalls', (t) =>
  t.prismaConnection(
    {
      type: 'FundingCall',
      cursor: 'id',
      description: 'Public. Soonest closing first.',
      authScopes: { public: true },
      args: {
        open: t.arg.boolean({ description: 'Only calls open (true) or not open (false) today.' }),
        programmeId: t.arg.globalID({ for: ProgrammeNode }),
        search: t.arg.string({
          validate: search,
          description: 'Matches the title and eligibility, ignoring case and diacritics.',
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.fundingCall.findMany({
          ...query,
          where: callFilter(args),
          orderBy: [{ closesOn: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) => ctx.prisma.fundingCall.count({ where: callFilter(args) }),
    },
    { name: 'FundingCallConnection' },
    { name: 'FundingCallEdge' },
  ),
);

// --- Mutations -------------------------------------------------------------------------------

const CreateFundingCallInput = builder.inputType('CreateFundingCallInput', {
  fields: (t) => ({
    funderId: t.globalID({ required: true, for: OrganizationNode }),
    programmeId: t.globalID({
      for: ProgrammeNode,
      description: 'The programme whose team tracks it; absent: the whole network.',
    }),
    title: t.string({ required: true, validate: requiredText(500) }),
    totalBudget: t.string({ required: true, validate: amount }),
    minGrant: t.string({ required: true, validate: amount }),
    maxGrant: t.string({ required: true, validate: amount }),
    currency: t.string({ validate: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code') }),
    opensOn: t.field({ type: 'Date', required: true }),
    closesOn: t.field({ type: 'Date', required: true }),
    eligibility: t.string({ validate: optionalText(20_000) }),
    thematicAreas: t.stringList({ validate: z.array(requiredText(100)).max(20) }),
    eligibleMunicipalityIds: t.globalIDList({
      for: MunicipalityNode,
      description: 'Only these municipalities may apply (default: no list).',
    }),
  }),
});

builder.mutationField('createFundingCall', (t) =>
  t.field({
    type: recordPayload('CreateFundingCallPayload', 'fundingCall', FundingCallNode),
    description:
      'A programme team records a call (a network-wide one needs a global administrator); ' +
      'coordinators whose ideas match hear of it (fundingCallOpened).',
    authScopes: (_root, { input }) =>
      input.programmeId ? { programmeAdmin: input.programmeId.id } : { networkAdmin: true },
    args: { input: t.arg({ type: CreateFundingCallInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      fundingCall: await createCall(ctx, {
        ...input,
        funderId: input.funderId.id,
        programmeId: input.programmeId?.id ?? null,
        eligibleMunicipalityIds: input.eligibleMunicipalityIds?.map((id) => id.id),
      }),
    }),
  }),
);

const UpdateFundingCallInput = builder.inputType('UpdateFundingCallInput', {
  description: 'Only the fields given change; `null` clears url or eligibility.',
  fields: (t) => ({
    callId: t.globalID({ required: true, for: FundingCallNode }),
    title: t.string({ validate: requiredText(500) }),
    url: t.string({ validate: website.nullish() }),
    opensOn: t.field({ type: 'Date' }),
    closesOn: t.field({ type: 'Date' }),
    eligibility: t.string({ validate: optionalText(20_000) }),
    thematicAreas: t.stringList({ validate: z.array(requiredText(100)).max(20) }),
    eligibleMunicipalityIds: t.globalIDList({
      for: MunicipalityNode,
      description: 'Replaces the list; `[]` removes it.',
    }),
  }),
});

builder.mutationField('updateFundingCall', (t) =>
  t.field({
    type: recordPayload('UpdateFundingCallPayload', 'fundingCall', FundingCallNode),
    description: 'The programme team (global administrators for a network-wide call) edits it.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdateFundingCallInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      fundingCall: await updateCall(ctx, input.callId.id, {
        title: notNull(input.title, 'title'),
        url: input.url,
        opensOn: notNull(input.opensOn, 'opensOn'),
        closesOn: notNull(input.closesOn, 'closesOn'),
        eligibility: input.eligibility,
        thematicAreas: notNull(input.thematicAreas, 'thematicAreas'),
        eligibleMunicipalityIds: notNull(
          input.eligibleMunicipalityIds,
          'eligibleMunicipalityIds',
        )?.map((id) => id.id),
      }),
    }),
  }),
);

const CloseFundingCallInput = builder.inputType('CloseFundingCallInput', {
  fields: (t) => ({
    callId: t.globalID({ required: true, for: FundingCallNode }),
    reason: t.string({ required: true, validate: requiredText(2000) }),
  }),
});

builder.mutationField('closeFundingCall', (t) =>
  t.field({
    type: recordPayload('CloseFundingCallPayload', 'fundingCall', FundingCallNode),
    description:
      'The programme team closes a call before its closing date: applications are refused ' +
      'from now on (CONFLICT when already closed or past its date).',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CloseFundingCallInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      fundingCall: await setCallClosed(ctx, input.callId.id, {
        closed: true,
        reason: input.reason,
      }),
    }),
  }),
);

const ReopenFundingCallInput = builder.inputType('ReopenFundingCallInput', {
  fields: (t) => ({
    callId: t.globalID({ required: true, for: FundingCallNode }),
    reason: t.string({ required: true, validate: requiredText(2000) }),
    closesOn: t.field({
      type: 'Date',
      description: 'A new closing date (default: the current one, which must not be past).',
    }),
  }),
});

builder.mutationField('reopenFundingCall', (t) =>
  t.field({
    type: recordPayload('ReopenFundingCallPayload', 'fundingCall', FundingCallNode),
    description: 'Reopens a call closed early (CONFLICT otherwise), with the reason.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ReopenFundingCallInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      fundingCall: await setCallClosed(ctx, input.callId.id, {
        closed: false,
        reason: input.reason,
        closesOn: input.closesOn,
      }),
    }),
  }),
);

const ApplyToFundingCallInput = builder.inputType('ApplyToFundingCallInput', {
  fields: (t) => ({
    ideaId: t.globalID({ required: true, for: ProjectIdeaNode }),
    callId: t.globalID({ required: true, for: FundingCallNode }),
    requestedAmount: t.string({ required: true, validate: amount }),
  }),
});

builder.mutationField('applyToFundingCall', (t) =>
  t.field({
    type: IdeaPayload('ApplyToFundingCallPayload'),
    description:
      'The coordinator applies with a ready proposal while the call is open (CONFLICT after ' +
      'its closing date); then moves the idea to APPLIED.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: ApplyToFundingCallInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      idea: await apply(ctx, {
        ideaId: input.ideaId.id,
        callId: input.callId.id,
        requestedAmount: input.requestedAmount,
      }),
    }),
  }),
);

const DecideFundingApplicationInput = builder.inputType('DecideFundingApplicationInput', {
  fields: (t) => ({
    applicationId: t.globalID({ required: true, for: FundingApplicationNode }),
    awarded: t.boolean({ required: true }),
    awardedAmount: t.string({ validate: amount, description: 'Required when awarded.' }),
  }),
});

builder.mutationField('decideFundingApplication', (t) =>
  t.field({
    type: IdeaPayload('DecideFundingApplicationPayload'),
    description:
      'The programme team records the funder’s decision; then moves the idea to FUNDED or ' +
      'NOT_FUNDED.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: DecideFundingApplicationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      idea: await decide(ctx, { ...input, applicationId: input.applicationId.id }),
    }),
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('fundingCallOpened', (t) =>
  t.prismaField({
    type: 'FundingCall',
    description:
      'A funding call was published. With municipalityId (its coordinators and the programme ' +
      'team): only calls sharing a thematic area with its ideas seeking funding.',
    authScopes: (_root, args, ctx) =>
      args.municipalityId
        ? canEditMunicipality(ctx.viewer, args.municipalityId.id) || administers(ctx.viewer, null)
        : ctx.viewer !== null,
    args: { municipalityId: t.arg.globalID({ for: MunicipalityNode }) },
    subscribe: (_root, args, ctx) =>
      pipe(
        ctx.pubsub.subscribe('fundingCall:opened'),
        filter(async (event) => {
          if (!args.municipalityId) return true;
          const call = await ctx.prisma.fundingCall.findUnique({
            where: { id: event.fundingCallId },
          });
          return call !== null && callMatches(ctx, call, args.municipalityId.id);
        }),
      ),
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.fundingCall.findUniqueOrThrow({ ...query, where: { id: event.fundingCallId } }),
  }),
);
