// The municipality's side: the request as registrars (and the requester) see it, the queue,
// and the registrar's moves.
import { builder } from '../../builder.js';
import { ForbiddenError } from '../../errors.js';
import {
  RegistrarDataField,
  RegistrarRequestStatus,
  type RegistrarRequest,
} from '../../generated/prisma/client.js';
import { registrarMunicipalities } from '../accounts/grants.js';
import { requiredText, search } from '../directory/validation.js';
import { MoneyRef } from '../memoranda/schema.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { recordPayload } from '../payload.js';
import { searchFilter } from '../../search.js';
import { auditPersonalRead, canReadRequest, canReadRequestById } from './access.js';
import { RegistrarDataFieldEnum, RegistrarDeliveryOptionEnum, bam } from './catalogue-schema.js';
import { isOverdue, overdueFilter, updateByRegistrar } from './requests.js';

// --- Types -----------------------------------------------------------------------------------

export const RegistrarRequestStatusEnum = builder.enumType(RegistrarRequestStatus, {
  name: 'RegistrarRequestStatus',
});

const RegistrarDataEntryRef = builder
  .objectRef<{ field: RegistrarDataField; value: string }>('RegistrarDataEntry')
  .implement({
    description: 'One item of the data a service asks for.',
    authScopes: { public: true },
    fields: (t) => ({
      field: t.expose('field', { type: RegistrarDataFieldEnum, authScopes: { public: true } }),
      value: t.exposeString('value', { authScopes: { public: true } }),
    }),
  });

export const RegistrarRequestMessageNode = builder.prismaNode('RegistrarRequestMessage', {
  id: { field: 'id' },
  nullable: true,
  description: 'An entry of a request’s timeline: a message either way and/or a status change.',
  authScopes: (message, ctx) => canReadRequestById(ctx, message.requestId),
  fields: (t) => ({
    fromRequester: t.exposeBoolean('fromRequester'),
    status: t.expose('status', { type: RegistrarRequestStatusEnum, nullable: true }),
    text: t.string({
      nullable: true,
      description: 'Personal: null once erased; staff reads are audited like the request’s.',
      resolve: async (message, _args, ctx) => {
        await auditPersonalRead(ctx, { id: message.requestId });
        return message.text;
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const RegistrarRequestNode = builder.prismaNode('RegistrarRequest', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A request for a civil document. Seen by its municipality’s registrars (each read of the ' +
    'personal fields is audited) and by the requester through the tracking code.',
  authScopes: (request, ctx) => canReadRequest(ctx, request),
  fields: (t) => {
    const personalField = (
      name: string,
      read: (request: RegistrarRequest) => string | null,
      description?: string,
    ) =>
      t.string({
        nullable: true,
        description: description ?? 'Personal: null once erased.',
        resolve: async (request, _args, ctx) => {
          await auditPersonalRead(ctx, request);
          return read(request);
        },
      });
    return {
      service: t.relation('service'),
      municipality: t.relation('municipality'),
      status: t.expose('status', { type: RegistrarRequestStatusEnum }),
      country: t.exposeString('country', { description: 'ISO 3166-1 alpha-2 of residence.' }),
      deliveryOption: t.expose('deliveryOption', { type: RegistrarDeliveryOptionEnum }),
      fee: t.field({ type: MoneyRef, resolve: (request) => bam(request.fee, request.currency) }),
      processingDays: t.exposeInt('processingDays'),
      dueOn: t.expose('dueOn', { type: 'Date', nullable: true }),
      overdue: t.boolean({
        description: 'Still being processed past its processing days.',
        resolve: (request) => isOverdue(request),
      }),
      rejectionReason: t.exposeString('rejectionReason', { nullable: true }),
      createdAt: t.expose('createdAt', { type: 'DateTime' }),
      verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true }),
      closedAt: t.expose('closedAt', { type: 'DateTime', nullable: true }),
      erasedAt: t.expose('erasedAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When its personal fields were erased (retention).',
      }),
      requesterName: personalField('requesterName', (r) => r.requesterName),
      email: personalField('email', (r) => r.email),
      phone: personalField('phone', (r) => r.phone),
      deliveryAddress: personalField('deliveryAddress', (r) => r.deliveryAddress),
      data: t.field({
        type: [RegistrarDataEntryRef],
        nullable: true,
        description: 'Personal: the data the service asked for; null once erased.',
        resolve: async (request, _args, ctx) => {
          await auditPersonalRead(ctx, request);
          const data = request.personalData as Record<string, string> | null;
          return data
            ? Object.entries(data).map(([field, value]) => ({
                field: field as RegistrarDataField,
                value,
              }))
            : null;
        },
      }),
      messages: t.relation('messages', {
        description: 'The timeline, oldest first.',
        query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
      }),
    };
  },
});

// --- Queries ---------------------------------------------------------------------------------

function queueFilter(
  ctx: Parameters<typeof registrarMunicipalities>[0] extends infer V ? { viewer: V } : never,
  args: {
    municipalityId?: { id: string } | null;
    status?: RegistrarRequestStatus | null;
    overdue?: boolean | null;
    search?: string | null;
  },
) {
  const own = registrarMunicipalities(ctx.viewer);
  if (args.municipalityId && !own.includes(args.municipalityId.id)) throw new ForbiddenError();
  const overdue = overdueFilter();
  return {
    municipalityId: { in: args.municipalityId ? [args.municipalityId.id] : own },
    verifiedAt: { not: null },
    ...(args.status ? { status: args.status } : {}),
    ...(args.overdue === true ? overdue : {}),
    ...(args.overdue === false ? { NOT: overdue } : {}),
    ...searchFilter(args.search),
  };
}

builder.queryField('registrarRequests', (t) =>
  t.prismaConnection(
    {
      type: 'RegistrarRequest',
      cursor: 'id',
      description:
        'The queue of the viewer’s municipalities (registrars only), soonest due first. ' +
        '`search` finds the requester’s name or e-mail (case and diacritics ignored).',
      authScopes: { registrar: true },
      args: {
        municipalityId: t.arg.globalID({ for: MunicipalityNode }),
        status: t.arg({ type: RegistrarRequestStatusEnum }),
        overdue: t.arg.boolean(),
        search: t.arg.string({ validate: search }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.registrarRequest.findMany({
          ...query,
          where: queueFilter(ctx, args),
          orderBy: [{ dueOn: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.registrarRequest.count({ where: queueFilter(ctx, args) }),
    },
    { name: 'RegistrarRequestConnection' },
    { name: 'RegistrarRequestEdge' },
  ),
);

const RegistrarQueueSummaryRef = builder
  .objectRef<{ open: number; overdue: number }>('RegistrarQueueSummary')
  .implement({
    authScopes: { registrar: true },
    fields: (t) => ({
      open: t.exposeInt('open', { authScopes: { registrar: true } }),
      overdue: t.exposeInt('overdue', {
        authScopes: { registrar: true },
        description: 'Still being processed past their processing days.',
      }),
    }),
  });

builder.queryField('registrarQueueSummary', (t) =>
  t.field({
    type: RegistrarQueueSummaryRef,
    description: 'Counts of the viewer’s queue (registrars only).',
    authScopes: { registrar: true },
    args: { municipalityId: t.arg.globalID({ for: MunicipalityNode }) },
    resolve: async (_root, args, ctx) => {
      const where = queueFilter(ctx, args);
      const [open, overdue] = await Promise.all([
        ctx.prisma.registrarRequest.count({ where: { ...where, closedAt: null } }),
        ctx.prisma.registrarRequest.count({ where: { ...where, ...overdueFilter() } }),
      ]);
      return { open, overdue };
    },
  }),
);

// --- Mutations -------------------------------------------------------------------------------

const UpdateRegistrarRequestInput = builder.inputType('UpdateRegistrarRequestInput', {
  description: 'A status move, a message to the requester, or both (REJECTED needs a message).',
  fields: (t) => ({
    id: t.globalID({ required: true, for: RegistrarRequestNode }),
    status: t.field({ type: RegistrarRequestStatusEnum }),
    message: t.string({ validate: requiredText(5000) }),
  }),
});

builder.mutationField('updateRegistrarRequest', (t) =>
  t.field({
    type: recordPayload('UpdateRegistrarRequestPayload', 'request', RegistrarRequestNode),
    description:
      'A registrar of the request’s municipality moves it (RECEIVED → IN_PROCESS → READY → ' +
      'SENT / PICKED_UP, or REJECTED) and/or writes to the requester, who is e-mailed. An ' +
      'invalid move is CONFLICT naming the allowed ones (extensions.allowed).',
    authScopes: async (_root, { input }, ctx) => {
      const request = await ctx.prisma.registrarRequest.findUnique({
        where: { id: input.id.id },
        select: { municipalityId: true },
      });
      return request ? { registrarOf: request.municipalityId } : { registrar: true };
    },
    args: { input: t.arg({ type: UpdateRegistrarRequestInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      request: await updateByRegistrar(ctx, { ...input, id: input.id.id }),
    }),
  }),
);

/** A payload of the requester's own mutations: the request, readable through the code. */
