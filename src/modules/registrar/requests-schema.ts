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
  description:
    'Where a registrar request is: RECEIVED → IN_PROCESS → READY → SENT or PICKED_UP; ' +
    'REJECTED by the registrar, CANCELLED by the requester.',
  values: {
    RECEIVED: { description: 'Confirmed by the requester, waiting for the registrar office.' },
    IN_PROCESS: { description: 'The registrar office is working on it.' },
    READY: { description: 'The document is issued and waits to be sent or picked up.' },
    SENT: { description: 'Sent to the requester (by post or the e-mailed scan). Closed.' },
    PICKED_UP: { description: 'Picked up by the authorised person. Closed.' },
    REJECTED: {
      description: 'Refused by the registrar office, with a reason (`rejectionReason`). Closed.',
    },
    CANCELLED: { description: 'Cancelled by the requester. Closed.' },
  },
});

const RegistrarDataEntryRef = builder
  .objectRef<{ field: RegistrarDataField; value: string }>('RegistrarDataEntry')
  .implement({
    description: 'One item of the data a service asks for.',
    authScopes: { public: true },
    fields: (t) => ({
      field: t.expose('field', {
        type: RegistrarDataFieldEnum,
        authScopes: { public: true },
        description: 'Which item.',
      }),
      value: t.exposeString('value', {
        authScopes: { public: true },
        description: 'Its value as the requester gave it.',
      }),
    }),
  });

export const RegistrarRequestMessageNode = builder.prismaNode('RegistrarRequestMessage', {
  id: { field: 'id' },
  nullable: true,
  description: 'An entry of a request’s timeline: a message either way and/or a status change.',
  authScopes: (message, ctx) => canReadRequestById(ctx, message.requestId),
  fields: (t) => ({
    fromRequester: t.exposeBoolean('fromRequester', {
      description:
        'true: by the requester (the confirmation, a message, the cancellation); false: by ' +
        'the registrar office.',
    }),
    status: t.expose('status', {
      type: RegistrarRequestStatusEnum,
      nullable: true,
      description: 'The status the request moved to with this entry; null when it did not move.',
    }),
    text: t.string({
      nullable: true,
      description:
        'The message; null for a bare status change and once erased. Personal: staff reads ' +
        'are audited like the request’s.',
      resolve: async (message, _args, ctx) => {
        await auditPersonalRead(ctx, { id: message.requestId });
        return message.text;
      },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was written.' }),
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
      service: t.relation('service', { description: 'The document service asked for.' }),
      municipality: t.relation('municipality', {
        description: 'The municipality whose registrar office handles it.',
      }),
      status: t.expose('status', {
        type: RegistrarRequestStatusEnum,
        description: 'Where it is now.',
      }),
      country: t.exposeString('country', {
        description: 'The requester’s country of residence, ISO 3166-1 alpha-2 (e.g. "CH").',
      }),
      deliveryOption: t.expose('deliveryOption', {
        type: RegistrarDeliveryOptionEnum,
        description: 'How the document reaches the requester.',
      }),
      fee: t.field({
        type: MoneyRef,
        description: 'The fee to pay, as the municipality’s offer stood when it was made.',
        resolve: (request) => bam(request.fee, request.currency),
      }),
      processingDays: t.exposeInt('processingDays', {
        description: 'Processing time in calendar days, as the offer stood when it was made.',
      }),
      dueOn: t.expose('dueOn', {
        type: 'Date',
        nullable: true,
        description:
          'The day processing should end: the confirmation day plus `processingDays` ' +
          '(YYYY-MM-DD, Sarajevo’s calendar); null before confirmation.',
      }),
      overdue: t.boolean({
        description:
          'Still being processed (RECEIVED or IN_PROCESS) after `dueOn`, by Sarajevo’s ' +
          'calendar.',
        resolve: (request) => isOverdue(request),
      }),
      rejectionReason: t.exposeString('rejectionReason', {
        nullable: true,
        description:
          'Why it was REJECTED (the registrar’s message); null otherwise and once erased.',
      }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was asked for.' }),
      verifiedAt: t.expose('verifiedAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When the requester confirmed the e-mail address (it counts from then).',
      }),
      closedAt: t.expose('closedAt', {
        type: 'DateTime',
        nullable: true,
        description:
          'When it was closed (SENT, PICKED_UP, REJECTED or CANCELLED); null while open. Its ' +
          'personal fields are erased some days later.',
      }),
      erasedAt: t.expose('erasedAt', {
        type: 'DateTime',
        nullable: true,
        description:
          'When its personal fields (and messages’ texts) were erased, some days after closing; ' +
          'null until then.',
      }),
      requesterName: personalField(
        'requesterName',
        (r) => r.requesterName,
        'The requester’s name. Personal: null once erased.',
      ),
      email: personalField(
        'email',
        (r) => r.email,
        'The requester’s e-mail address. Personal: null once erased.',
      ),
      phone: personalField(
        'phone',
        (r) => r.phone,
        'The requester’s phone number; null when none was given. Personal: null once erased.',
      ),
      deliveryAddress: personalField(
        'deliveryAddress',
        (r) => r.deliveryAddress,
        'The postal address abroad or the authorised person; null when none was given. ' +
          'Personal: null once erased.',
      ),
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
        description:
          'The timeline, oldest first: the confirmation, every status change and message.',
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
        'The queue of the viewer’s municipalities (registrars only: others are FORBIDDEN), ' +
        'confirmed requests only, soonest due first. ' +
        '`search` finds the requester’s name or e-mail (case and diacritics ignored).',
      authScopes: { registrar: true },
      args: {
        municipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description:
            'Only this municipality’s requests: one whose registrar the viewer is (FORBIDDEN ' +
            'otherwise). Default: all of the viewer’s municipalities.',
        }),
        status: t.arg({
          type: RegistrarRequestStatusEnum,
          description: 'Only requests in this status.',
        }),
        overdue: t.arg.boolean({
          description: 'true: only overdue requests; false: only those not overdue.',
        }),
        search: t.arg.string({
          validate: search,
          description: 'Words of the requester’s name or e-mail, up to 200 characters.',
        }),
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
    description: 'How many requests of a registrar’s queue are open, and how many overdue.',
    authScopes: { registrar: true },
    fields: (t) => ({
      open: t.exposeInt('open', {
        authScopes: { registrar: true },
        description: 'Confirmed requests not yet closed.',
      }),
      overdue: t.exposeInt('overdue', {
        authScopes: { registrar: true },
        description:
          'Still being processed (RECEIVED or IN_PROCESS) past their `dueOn` (Sarajevo’s ' +
          'calendar).',
      }),
    }),
  });

builder.queryField('registrarQueueSummary', (t) =>
  t.field({
    type: RegistrarQueueSummaryRef,
    description:
      'Counts of the viewer’s queue (registrars only: others are FORBIDDEN), e.g. for a badge.',
    authScopes: { registrar: true },
    args: {
      municipalityId: t.arg.globalID({
        for: MunicipalityNode,
        description:
          'Only this municipality’s requests: one whose registrar the viewer is (FORBIDDEN ' +
          'otherwise). Default: all of the viewer’s municipalities.',
      }),
    },
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
    id: t.globalID({
      required: true,
      for: RegistrarRequestNode,
      description: 'Global ID of the `RegistrarRequest`.',
    }),
    status: t.field({
      type: RegistrarRequestStatusEnum,
      description:
        'The status to move to: one the current status allows (never CANCELLED, which only ' +
        'the requester does).',
    }),
    message: t.string({
      validate: requiredText(5000),
      description:
        'A message to the requester, 1–5,000 characters; with REJECTED it is the reason.',
    }),
  }),
});

builder.mutationField('updateRegistrarRequest', (t) =>
  t.field({
    type: recordPayload('UpdateRegistrarRequestPayload', 'request', RegistrarRequestNode),
    description:
      'A registrar of the request’s municipality moves it (RECEIVED → IN_PROCESS → READY → ' +
      'SENT / PICKED_UP; RECEIVED or IN_PROCESS → REJECTED) and/or writes to the requester, ' +
      'who is e-mailed either way. FORBIDDEN to others. BAD_USER_INPUT with neither status ' +
      'nor message, for CANCELLED, or REJECTED without a message; NOT_FOUND for an unknown or ' +
      'unconfirmed request. A move the status does not allow (or to the current status) is ' +
      'CONFLICT with the allowed ones in `extensions.allowed`; so is any change once its ' +
      'data is erased. Publishes to `registrarRequestChanged` and updates the dashboards.',
    authScopes: async (_root, { input }, ctx) => {
      const request = await ctx.prisma.registrarRequest.findUnique({
        where: { id: input.id.id },
        select: { municipalityId: true },
      });
      return request ? { registrarOf: request.municipalityId } : { registrar: true };
    },
    args: {
      input: t.arg({
        type: UpdateRegistrarRequestInput,
        required: true,
        description: 'The move and/or message.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      request: await updateByRegistrar(ctx, { ...input, id: input.id.id }),
    }),
  }),
);

/** A payload of the requester's own mutations: the request, readable through the code. */
