import { filter, pipe } from 'graphql-yoga';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { searchFilter } from '../../search.js';
import { FundingApplicationStatus, type Prisma } from '../../generated/prisma/client.js';
import { administers, canEditMunicipality } from '../accounts/grants.js';
import { notNull, optionalText, requiredText, search, website } from '../directory/validation.js';
import { canReadIdea, readableIdeasFilter } from '../ideas/access.js';
import { ProjectIdeaNode, amount, thematicAreas } from '../ideas/schema.js';
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
  description: 'Where a funding application stands (`decideFundingApplication` records it).',
  values: {
    SUBMITTED: { description: 'Made; the funder’s decision is not recorded yet.' },
    AWARDED: { description: 'Funded, with `awardedAmount`.' },
    REJECTED: { description: 'Not funded.' },
  },
});

const money = (amount: Prisma.Decimal, currency: string) => ({ amount, currency });

export const FundingCallNode = builder.prismaNode('FundingCall', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A public call for funding by a domestic institution or an international organisation; ' +
    'open from `opensOn` to `closesOn`, both included, unless closed early. Anyone may read it.',
  authScopes: { public: true },
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The call’s title.' }),
    funder: t.relation('funder', { description: 'The organisation that funds it.' }),
    eligibleMunicipalities: t.relation('eligibleMunicipalities', {
      description:
        'Only these municipalities may apply, by name; empty: any may (the announcement then ' +
        'goes to the programme’s partners, or to every municipality for a network-wide call).',
      query: { orderBy: [{ name: 'asc' }, { id: 'asc' }] },
    }),
    programme: t.relation('programme', {
      nullable: true,
      description:
        'The programme whose team tracks the call (null: the whole network, tracked by its ' +
        'global administrators).',
    }),
    totalBudget: t.field({
      type: MoneyRef,
      description: 'All it grants together, in the call’s currency.',
      resolve: (call) => money(call.totalBudget, call.currency),
    }),
    minGrant: t.field({
      type: MoneyRef,
      description: 'The least one application may request.',
      resolve: (call) => money(call.minGrant, call.currency),
    }),
    maxGrant: t.field({
      type: MoneyRef,
      description: 'The most one application may request.',
      resolve: (call) => money(call.maxGrant, call.currency),
    }),
    opensOn: t.expose('opensOn', {
      type: 'Date',
      description: 'The first day applications are taken.',
    }),
    closesOn: t.expose('closesOn', {
      type: 'Date',
      description: 'The last day applications are taken.',
    }),
    open: t.boolean({
      description: 'Open today (Sarajevo’s calendar) and not closed early.',
      resolve: (call) => isOpen(call),
    }),
    eligibility: t.exposeString('eligibility', {
      nullable: true,
      description: 'Who may apply and on what terms, as the funder says (null: not given).',
    }),
    thematicAreas: t.exposeStringList('thematicAreas', {
      description:
        'Free-text themes, matched (ignoring case) against ideas’ `thematicAreas` by ' +
        '`fundingCallOpened(municipalityId:)`; empty: it matches every idea.',
    }),
    url: t.exposeString('url', { nullable: true, description: 'The call’s own page.' }),
    closedAt: t.expose('closedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the programme team closed it early (null: not closed early).',
    }),
    closedReason: t.exposeString('closedReason', {
      nullable: true,
      description: 'Why it was last closed early; kept after reopening (null: never closed early).',
    }),
    reopenedReason: t.exposeString('reopenedReason', {
      nullable: true,
      description: 'Why it was last reopened after closing early.',
    }),
    applications: t.relation('applications', {
      description: 'The applications of ideas the viewer may read, oldest first.',
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
    idea: t.relation('idea', { description: 'The idea whose full proposal applies.' }),
    call: t.relation('call', { description: 'The call applied to.' }),
    requestedAmount: t.field({
      type: MoneyRef,
      description: 'What the municipality asks for, in the call’s currency.',
      resolve: (application) => money(application.requestedAmount, application.currency),
    }),
    awardedAmount: t.field({
      type: MoneyRef,
      nullable: true,
      description: 'What the funder grants (null: not awarded, or not decided yet).',
      resolve: (application) =>
        application.awardedAmount ? money(application.awardedAmount, application.currency) : null,
    }),
    status: t.expose('status', {
      type: FundingApplicationStatusEnum,
      description: 'Where it stands.',
    }),
    submittedAt: t.expose('submittedAt', { type: 'DateTime', description: 'When it was made.' }),
    decidedAt: t.expose('decidedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the decision was recorded (null: not yet).',
    }),
  }),
});

builder.prismaObjectFields('ProjectIdea', (t) => ({
  applications: t.relation('applications', {
    description: 'Applications of its full proposal to funding calls, oldest first.',
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
      description: 'Funding calls, soonest closing first. Public.',
      authScopes: { public: true },
      args: {
        open: t.arg.boolean({ description: 'Only calls open (true) or not open (false) today.' }),
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only calls this programme’s team tracks.',
        }),
        search: t.arg.string({
          validate: search,
          description:
            'Matches the title and eligibility, ignoring case and diacritics (at most 200 ' +
            'characters).',
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

/** The eligibility field of both call inputs. */
const eligibility = {
  validate: optionalText(20_000),
  description: 'Who may apply and on what terms; at most 20,000 characters.',
};

const CreateFundingCallInput = builder.inputType('CreateFundingCallInput', {
  description: 'What `createFundingCall` takes. Amounts are decimal strings such as "50000.00".',
  fields: (t) => ({
    funderId: t.globalID({
      required: true,
      for: OrganizationNode,
      description: 'The organisation that funds it.',
    }),
    programmeId: t.globalID({
      for: ProgrammeNode,
      description: 'The programme whose team tracks it; absent: the whole network.',
    }),
    title: t.string({
      required: true,
      validate: requiredText(500),
      description: 'The call’s title; 1 to 500 characters.',
    }),
    totalBudget: t.string({
      required: true,
      validate: amount,
      description: 'All it grants together.',
    }),
    minGrant: t.string({
      required: true,
      validate: amount,
      description: 'The least one application may request; not above `maxGrant`.',
    }),
    maxGrant: t.string({
      required: true,
      validate: amount,
      description: 'The most one application may request; not above `totalBudget`.',
    }),
    currency: t.string({
      validate: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
      description: 'Of all its amounts: an ISO 4217 code in capitals (default BAM).',
    }),
    opensOn: t.field({
      type: 'Date',
      required: true,
      description: 'The first day applications are taken.',
    }),
    closesOn: t.field({
      type: 'Date',
      required: true,
      description: 'The last day applications are taken; not before `opensOn`.',
    }),
    eligibility: t.string(eligibility),
    thematicAreas: t.stringList({
      validate: thematicAreas,
      description: 'Free-text themes: at most 20, each 1 to 100 characters.',
    }),
    eligibleMunicipalityIds: t.globalIDList({
      for: MunicipalityNode,
      description: 'Only these municipalities may apply (default: no list, any may).',
    }),
  }),
});

builder.mutationField('createFundingCall', (t) =>
  t.field({
    type: recordPayload('CreateFundingCallPayload', 'fundingCall', FundingCallNode),
    description:
      'The programme’s administrators record a call (a network-wide one needs a global ' +
      'administrator). BAD_USER_INPUT unless `minGrant` ≤ `maxGrant` ≤ `totalBudget` and ' +
      '`opensOn` ≤ `closesOn`; NOT_FOUND for an unknown eligible municipality. Publishes ' +
      '`fundingCallOpened` at once, and notifies the coordinators of the eligible ' +
      'municipalities (those listed, else the programme’s active partners, else every ' +
      'municipality) with `FUNDING_CALL_OPENED` when it opens: at once if open today, else on ' +
      'its opening day.',
    authScopes: (_root, { input }) =>
      input.programmeId ? { programmeAdmin: input.programmeId.id } : { networkAdmin: true },
    args: {
      input: t.arg({
        type: CreateFundingCallInput,
        required: true,
        description: 'The call.',
      }),
    },
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
  description:
    'What `updateFundingCall` takes. Only the fields given change; `null` clears `url` or ' +
    '`eligibility` and is refused for the others.',
  fields: (t) => ({
    callId: t.globalID({ required: true, for: FundingCallNode, description: 'The call.' }),
    title: t.string({
      validate: requiredText(500),
      description: 'The call’s title; 1 to 500 characters.',
    }),
    url: t.string({
      validate: website.nullish(),
      description: 'The call’s own page: an http(s) URL of at most 500 characters.',
    }),
    opensOn: t.field({ type: 'Date', description: 'The first day applications are taken.' }),
    closesOn: t.field({
      type: 'Date',
      description: 'The last day applications are taken; not before `opensOn`.',
    }),
    eligibility: t.string(eligibility),
    thematicAreas: t.stringList({
      validate: thematicAreas,
      description: 'Replaces them: at most 20, each 1 to 100 characters.',
    }),
    eligibleMunicipalityIds: t.globalIDList({
      for: MunicipalityNode,
      description: 'Replaces the list; `[]` removes it.',
    }),
  }),
});

builder.mutationField('updateFundingCall', (t) =>
  t.field({
    type: recordPayload('UpdateFundingCallPayload', 'fundingCall', FundingCallNode),
    description:
      'The programme’s administrators (global ones for a network-wide call) edit a call’s ' +
      'title, link, dates, eligibility, themes and eligible municipalities; its amounts, ' +
      'currency and funder stay. BAD_USER_INPUT when `closesOn` would precede `opensOn`; ' +
      'NOT_FOUND for an unknown eligible municipality. Publishes nothing.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: UpdateFundingCallInput,
        required: true,
        description: 'The call and what changes.',
      }),
    },
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
  description: 'What `closeFundingCall` takes.',
  fields: (t) => ({
    callId: t.globalID({ required: true, for: FundingCallNode, description: 'The call.' }),
    reason: t.string({
      required: true,
      validate: requiredText(2000),
      description: 'Why, shown as `closedReason`; 1 to 2,000 characters.',
    }),
  }),
});

builder.mutationField('closeFundingCall', (t) =>
  t.field({
    type: recordPayload('CloseFundingCallPayload', 'fundingCall', FundingCallNode),
    description:
      'The programme’s administrators (global ones for a network-wide call) close a call ' +
      'before its closing date: applications are refused from now on (CONFLICT when already ' +
      'closed or past its date).',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: CloseFundingCallInput,
        required: true,
        description: 'The call and why.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      fundingCall: await setCallClosed(ctx, input.callId.id, {
        closed: true,
        reason: input.reason,
      }),
    }),
  }),
);

const ReopenFundingCallInput = builder.inputType('ReopenFundingCallInput', {
  description: 'What `reopenFundingCall` takes.',
  fields: (t) => ({
    callId: t.globalID({
      required: true,
      for: FundingCallNode,
      description: 'The call, closed early.',
    }),
    reason: t.string({
      required: true,
      validate: requiredText(2000),
      description: 'Why, shown as `reopenedReason`; 1 to 2,000 characters.',
    }),
    closesOn: t.field({
      type: 'Date',
      description: 'A new closing date (default: the current one, which must not be past).',
    }),
  }),
});

builder.mutationField('reopenFundingCall', (t) =>
  t.field({
    type: recordPayload('ReopenFundingCallPayload', 'fundingCall', FundingCallNode),
    description:
      'The programme’s administrators (global ones for a network-wide call) reopen a call ' +
      'closed early (CONFLICT otherwise), with the reason. BAD_USER_INPUT when the closing ' +
      'date would be past or before `opensOn`. Publishes nothing.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: ReopenFundingCallInput,
        required: true,
        description: 'The call, why, and perhaps a new closing date.',
      }),
    },
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
  description: 'What `applyToFundingCall` takes.',
  fields: (t) => ({
    ideaId: t.globalID({
      required: true,
      for: ProjectIdeaNode,
      description: 'The idea, `PROPOSAL_READY` or `APPLIED`.',
    }),
    callId: t.globalID({
      required: true,
      for: FundingCallNode,
      description: 'The call, open today.',
    }),
    requestedAmount: t.string({
      required: true,
      validate: amount,
      description:
        'In the call’s currency, a decimal string such as "50000.00", from the call’s ' +
        '`minGrant` to its `maxGrant`.',
    }),
  }),
});

builder.mutationField('applyToFundingCall', (t) =>
  t.field({
    type: recordPayload('ApplyToFundingCallPayload', 'idea', ProjectIdeaNode),
    description:
      'The municipality’s coordinators apply with the full proposal of a `PROPOSAL_READY` or ' +
      '`APPLIED` idea (CONFLICT at other stages), once per call. CONFLICT when the call is not ' +
      'open today (closed early, past its closing date, not open yet), lists other ' +
      'municipalities, or has this idea’s application already; BAD_USER_INPUT when ' +
      '`requestedAmount` is outside its grants. The stage does not change: move the idea to ' +
      '`APPLIED` with `transitionProjectIdea`. Publishes `projectIdeaChanged`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: ApplyToFundingCallInput,
        required: true,
        description: 'The idea, the call and the amount requested.',
      }),
    },
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
  description: 'What `decideFundingApplication` takes.',
  fields: (t) => ({
    applicationId: t.globalID({
      required: true,
      for: FundingApplicationNode,
      description: 'The application, `SUBMITTED`.',
    }),
    awarded: t.boolean({ required: true, description: 'true: funded; false: rejected.' }),
    awardedAmount: t.string({
      validate: amount,
      description:
        'Required when awarded, and only then: a decimal string above 0 and at most the ' +
        'amount requested.',
    }),
  }),
});

builder.mutationField('decideFundingApplication', (t) =>
  t.field({
    type: recordPayload('DecideFundingApplicationPayload', 'idea', ProjectIdeaNode),
    description:
      'The administrators of the idea’s programme record the funder’s decision on a ' +
      '`SUBMITTED` application (CONFLICT once decided); BAD_USER_INPUT for a wrong ' +
      '`awardedAmount`. The stage does not change: move the idea to `FUNDED` or `NOT_FUNDED` ' +
      'with `transitionProjectIdea`. Publishes `projectIdeaChanged`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: DecideFundingApplicationInput,
        required: true,
        description: 'The application and the decision.',
      }),
    },
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
      'Each funding call as it is recorded (`createFundingCall`), even one opening later; ' +
      'signed-in users only. With `municipalityId` (its coordinators and global ' +
      'administrators only): only calls sharing a thematic area with one of its ideas seeking ' +
      'funding (`SHORTLISTED` to `APPLIED`); a call without themes matches any such idea.',
    authScopes: (_root, args, ctx) =>
      args.municipalityId
        ? canEditMunicipality(ctx.viewer, args.municipalityId.id) || administers(ctx.viewer, null)
        : ctx.viewer !== null,
    args: {
      municipalityId: t.arg.globalID({
        for: MunicipalityNode,
        description: 'Only calls matching this municipality’s ideas seeking funding.',
      }),
    },
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
