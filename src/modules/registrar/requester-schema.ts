// The requester's side of the virtual registrar: no account; the e-mailed confirmation code,
// then the tracking code, open the request (see access.ts).
import { z } from 'zod';
import { builder } from '../../builder.js';
import { LanguageEnum } from '../accounts/schema.js';
import { countryCode, email, optionalText, phone, requiredText } from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { mutationPayload, type PayloadFieldBuilder } from '../payload.js';
import { proveRequester } from './access.js';
import {
  RegistrarDataFieldEnum,
  RegistrarDeliveryOptionEnum,
  RegistrarServiceNode,
} from './catalogue-schema.js';
import {
  cancelByRequester,
  confirmRequest,
  messageFromRequester,
  requestByTrackingCode,
  requestDocument,
  requireTrackedRequest,
} from './requests.js';

/** The request, as a payload field: whoever got the payload proved they hold its code. */
function trackedRequest(f: PayloadFieldBuilder<{ requestId: string }>) {
  return f.prismaField({
    type: 'RegistrarRequest',
    description: 'The request as it is now, with its personal fields (the requester’s own).',
    authScopes: { public: true },
    resolve: (query, payload, _args, ctx) => {
      proveRequester(ctx, payload.requestId);
      return ctx.prisma.registrarRequest.findUniqueOrThrow({
        ...query,
        where: { id: payload.requestId },
      });
    },
  });
}

const trackingCode = z.string().max(200);

// --- Queries ---------------------------------------------------------------------------------

builder.queryField('registrarRequest', (t) =>
  t.prismaField({
    type: 'RegistrarRequest',
    nullable: true,
    description:
      'The requester’s view, by tracking code (no account), personal fields included. A wrong ' +
      'code, or one whose request is erased, answers null, like one that never existed.',
    authScopes: { public: true },
    args: {
      trackingCode: t.arg.string({
        required: true,
        validate: z.string().max(200),
        description: 'The tracking code `confirmRegistrarRequest` returned (up to 200 characters).',
      }),
    },
    resolve: async (query, _root, args, ctx) => {
      const request = await requestByTrackingCode(ctx, args.trackingCode);
      if (request) proveRequester(ctx, request.id);
      // Queried either way (a miss matches no row): the answer's timing says nothing either.
      return ctx.prisma.registrarRequest.findFirst({
        ...query,
        where: { id: { in: request ? [request.id] : [] } },
      });
    },
  }),
);

// --- Mutations -------------------------------------------------------------------------------

const RegistrarDataInput = builder.inputType('RegistrarDataInput', {
  description: 'One item of the data the service asks for.',
  fields: (t) => ({
    field: t.field({
      type: RegistrarDataFieldEnum,
      required: true,
      description: 'Which item: one of the service’s `requiredData`.',
    }),
    value: t.string({
      required: true,
      validate: requiredText(500),
      description: 'Its value as free text (dates too), 1–500 characters.',
    }),
  }),
});

const RequestRegistrarDocumentInput = builder.inputType('RequestRegistrarDocumentInput', {
  description: 'A request for a document, as the requester fills it in.',
  fields: (t) => ({
    municipalityId: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'Global ID of the municipality asked: it must have adopted the model.',
    }),
    serviceId: t.globalID({
      required: true,
      for: RegistrarServiceNode,
      description: 'Global ID of the service: one the municipality offers now.',
    }),
    email: t.string({
      required: true,
      validate: email,
      description:
        'The requester’s e-mail address (up to 320 characters): the confirmation code and ' +
        'every change of the request go there.',
    }),
    requesterName: t.string({
      required: true,
      validate: requiredText(200),
      description: 'The requester’s full name, 1–200 characters.',
    }),
    phone: t.string({
      validate: phone,
      description: 'A phone number, international or local notation, e.g. "+41 41 123 45 67".',
    }),
    country: t.string({
      required: true,
      validate: countryCode,
      description: 'Where the requester lives: ISO 3166-1 alpha-2, e.g. "CH".',
    }),
    deliveryOption: t.field({
      type: RegistrarDeliveryOptionEnum,
      required: true,
      description: 'How the document should reach the requester: one the offer has.',
    }),
    deliveryAddress: t.string({
      validate: optionalText(1000),
      description:
        'The postal address abroad (required for POST_ABROAD) or the authorised person ' +
        '(pick-up), up to 1,000 characters.',
    }),
    data: t.field({
      type: [RegistrarDataInput],
      required: true,
      validate: z.array(z.any()).max(20),
      description:
        'Each item the service’s `requiredData` names, once, and nothing else (at most 20).',
    }),
    language: t.field({
      type: LanguageEnum,
      description: 'The language of the e-mails to the requester (default BS).',
    }),
  }),
});

builder.mutationField('requestRegistrarDocument', (t) =>
  t.field({
    type: mutationPayload<{ verificationSent: boolean }>('RequestRegistrarDocumentPayload', {
      fields: (f) => ({
        verificationSent: f.exposeBoolean('verificationSent', {
          authScopes: { public: true },
          description: 'Always true: the confirmation code is on its way to the e-mail address.',
        }),
      }),
    }),
    description:
      'Anyone (no account) asks a municipality’s registrar for a document. The request counts ' +
      'once the address is confirmed with the code e-mailed to it (`confirmRegistrarRequest`, ' +
      'within 24 hours; unconfirmed requests are then deleted). BAD_USER_INPUT, naming the ' +
      'field, when the municipality does not offer the service online, the delivery option is ' +
      'not offered, POST_ABROAD has no address or `data` does not match `requiredData`. ' +
      'Limited per client address and per e-mail address each hour: FORBIDDEN with ' +
      '`extensions.reason` TOO_MANY_REQUESTS and `retryAfterSeconds`.',
    authScopes: { public: true },
    args: {
      input: t.arg({
        type: RequestRegistrarDocumentInput,
        required: true,
        description: 'The request.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      await requestDocument(ctx, {
        ...input,
        municipalityId: input.municipalityId.id,
        serviceId: input.serviceId.id,
      });
      return { verificationSent: true };
    },
  }),
);

const ConfirmRegistrarRequestInput = builder.inputType('ConfirmRegistrarRequestInput', {
  description: 'The code that confirms a request’s e-mail address.',
  fields: (t) => ({
    verificationCode: t.string({
      required: true,
      validate: z.string().max(200),
      description:
        'The confirmation code from the e-mail (also in its link, after `#token=`), up to 200 ' +
        'characters.',
    }),
  }),
});

builder.mutationField('confirmRegistrarRequest', (t) =>
  t.field({
    type: mutationPayload<{ trackingCode: string; requestId: string }>(
      'ConfirmRegistrarRequestPayload',
      {
        detail: ': the tracking code and the request',
        fields: (f) => ({
          trackingCode: f.exposeString('trackingCode', {
            authScopes: { public: true },
            description: 'Given only here, once: keep it to follow the request.',
          }),
          request: trackedRequest(f),
        }),
      },
    ),
    description:
      'Anyone holding the code e-mailed by `requestRegistrarDocument` confirms the address: ' +
      'the request is RECEIVED, enters the municipality’s queue, is due `processingDays` ' +
      'days from today and its tracking code is returned. A used, expired (24 hours) or wrong ' +
      'code is NOT_FOUND. Publishes to `registrarRequestChanged`.',
    authScopes: { public: true },
    args: {
      input: t.arg({
        type: ConfirmRegistrarRequestInput,
        required: true,
        description: 'The code.',
      }),
    },
    resolve: (_root, { input }, ctx) => confirmRequest(ctx, input.verificationCode),
  }),
);

const CancelRegistrarRequestInput = builder.inputType('CancelRegistrarRequestInput', {
  description: 'The request to cancel, by its tracking code, and why.',
  fields: (t) => ({
    trackingCode: t.string({
      required: true,
      validate: trackingCode,
      description: 'The request’s tracking code (up to 200 characters).',
    }),
    reason: t.string({
      validate: requiredText(2000),
      description: 'Why, for the registrar office (1–2,000 characters); optional.',
    }),
  }),
});

builder.mutationField('cancelRegistrarRequest', (t) =>
  t.field({
    type: mutationPayload<{ requestId: string }>('CancelRegistrarRequestPayload', {
      fields: (f) => ({ request: trackedRequest(f) }),
    }),
    description:
      'The requester cancels the request (CANCELLED) while it is RECEIVED, IN_PROCESS or ' +
      'READY; CONFLICT once sent, picked up, rejected or cancelled. A wrong code, or one ' +
      'whose request is erased, is NOT_FOUND. The requester is e-mailed the change; publishes ' +
      'to `registrarRequestChanged`.',
    authScopes: { public: true },
    args: {
      input: t.arg({
        type: CancelRegistrarRequestInput,
        required: true,
        description: 'The request and the reason.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      requestId: (await cancelByRequester(ctx, input.trackingCode, input.reason)).id,
    }),
  }),
);

const SendRegistrarRequestMessageInput = builder.inputType('SendRegistrarRequestMessageInput', {
  description: 'A message from the requester, on the request its tracking code opens.',
  fields: (t) => ({
    trackingCode: t.string({
      required: true,
      validate: trackingCode,
      description: 'The request’s tracking code (up to 200 characters).',
    }),
    text: t.string({
      required: true,
      validate: requiredText(5000),
      description: 'The message, 1–5,000 characters.',
    }),
  }),
});

builder.mutationField('sendRegistrarRequestMessage', (t) =>
  t.field({
    type: mutationPayload<{ requestId: string }>('SendRegistrarRequestMessagePayload', {
      fields: (f) => ({ request: trackedRequest(f) }),
    }),
    description:
      'The requester writes to the registrar office (e.g. "payment sent"): an entry of the ' +
      'request’s timeline, in any status (no e-mail is sent). A wrong code, or one whose ' +
      'request is erased, is NOT_FOUND. Publishes to `registrarRequestChanged`.',
    authScopes: { public: true },
    args: {
      input: t.arg({
        type: SendRegistrarRequestMessageInput,
        required: true,
        description: 'The request and the message.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      requestId: (await messageFromRequester(ctx, input.trackingCode, input.text)).id,
    }),
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('registrarRequestChanged', (t) =>
  t.prismaField({
    type: 'RegistrarRequest',
    description:
      'The requester follows the request live: the request as it is after every status ' +
      'change, message (either way) and erasure of its personal fields. Nothing is sent at ' +
      'subscription. A wrong code, or one whose request is erased, is NOT_FOUND.',
    authScopes: { public: true },
    args: {
      trackingCode: t.arg.string({
        required: true,
        validate: trackingCode,
        description: 'The request’s tracking code (up to 200 characters).',
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const request = await requireTrackedRequest(ctx, args.trackingCode);
      proveRequester(ctx, request.id);
      return ctx.pubsub.subscribe('registrarRequest:changed', request.id);
    },
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.registrarRequest.findUniqueOrThrow({ ...query, where: { id: event.requestId } }),
  }),
);
