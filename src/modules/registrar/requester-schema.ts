// The requester's side of the virtual registrar: no account; the e-mailed confirmation code,
// then the tracking code, open the request (see access.ts).
import { z } from 'zod';
import { builder } from '../../builder.js';
import { LanguageEnum } from '../accounts/schema.js';
import { countryCode, email, optionalText, phone, requiredText } from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
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

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** The request, as a payload field: whoever got the payload proved they hold its code. */
function trackedRequest(f: PothosSchemaTypes.ObjectFieldBuilder<Types, { requestId: string }>) {
  return f.prismaField({
    type: 'RegistrarRequest',
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
      'The requester’s view, by tracking code (no account). A wrong, expired or erased code ' +
      'answers null, like one that never existed.',
    authScopes: { public: true },
    args: { trackingCode: t.arg.string({ required: true, validate: z.string().max(200) }) },
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
  fields: (t) => ({
    field: t.field({ type: RegistrarDataFieldEnum, required: true }),
    value: t.string({ required: true, validate: requiredText(500) }),
  }),
});

const RequestRegistrarDocumentInput = builder.inputType('RequestRegistrarDocumentInput', {
  fields: (t) => ({
    municipalityId: t.globalID({ required: true, for: MunicipalityNode }),
    serviceId: t.globalID({ required: true, for: RegistrarServiceNode }),
    email: t.string({ required: true, validate: email }),
    requesterName: t.string({ required: true, validate: requiredText(200) }),
    phone: t.string({ validate: phone }),
    country: t.string({
      required: true,
      validate: countryCode,
      description: 'Where the requester lives: ISO 3166-1 alpha-2, e.g. "CH".',
    }),
    deliveryOption: t.field({ type: RegistrarDeliveryOptionEnum, required: true }),
    deliveryAddress: t.string({
      validate: optionalText(1000),
      description: 'Postal address abroad (POST_ABROAD) or the authorised person (pick-up).',
    }),
    data: t.field({
      type: [RegistrarDataInput],
      required: true,
      validate: z.array(z.any()).max(20),
      description: 'Each item the service’s requiredData names, once.',
    }),
    language: t.field({ type: LanguageEnum, description: 'Of the e-mails (default BS).' }),
  }),
});

builder.mutationField('requestRegistrarDocument', (t) =>
  t.field({
    type: builder
      .objectRef<{ verificationSent: boolean }>('RequestRegistrarDocumentPayload')
      .implement({
        authScopes: { public: true },
        fields: (f) => ({
          verificationSent: f.exposeBoolean('verificationSent', { authScopes: { public: true } }),
        }),
      }),
    description:
      'Anyone (no account) asks for a document. The request counts once the address is ' +
      'confirmed with the code e-mailed to it (confirmRegistrarRequest, within 24 hours). ' +
      'Limited per client address and per e-mail: FORBIDDEN with reason TOO_MANY_REQUESTS.',
    authScopes: { public: true },
    args: { input: t.arg({ type: RequestRegistrarDocumentInput, required: true }) },
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
  fields: (t) => ({
    verificationCode: t.string({ required: true, validate: z.string().max(200) }),
  }),
});

builder.mutationField('confirmRegistrarRequest', (t) =>
  t.field({
    type: builder
      .objectRef<{ trackingCode: string; requestId: string }>('ConfirmRegistrarRequestPayload')
      .implement({
        authScopes: { public: true },
        fields: (f) => ({
          trackingCode: f.exposeString('trackingCode', {
            authScopes: { public: true },
            description: 'Given only here, once: keep it to follow the request.',
          }),
          request: trackedRequest(f),
        }),
      }),
    description:
      'Confirms the e-mail address with the code sent to it: the request is RECEIVED and ' +
      'its tracking code is returned. A used, expired or wrong code is NOT_FOUND.',
    authScopes: { public: true },
    args: { input: t.arg({ type: ConfirmRegistrarRequestInput, required: true }) },
    resolve: (_root, { input }, ctx) => confirmRequest(ctx, input.verificationCode),
  }),
);

const trackedPayload = (name: string) =>
  builder.objectRef<{ requestId: string }>(name).implement({
    authScopes: { public: true },
    fields: (f) => ({ request: trackedRequest(f) }),
  });

const CancelRegistrarRequestInput = builder.inputType('CancelRegistrarRequestInput', {
  fields: (t) => ({
    trackingCode: t.string({ required: true, validate: trackingCode }),
    reason: t.string({ validate: requiredText(2000) }),
  }),
});

builder.mutationField('cancelRegistrarRequest', (t) =>
  t.field({
    type: trackedPayload('CancelRegistrarRequestPayload'),
    description:
      'The requester cancels (until the document is sent or picked up; CONFLICT after). ' +
      'A wrong code is NOT_FOUND.',
    authScopes: { public: true },
    args: { input: t.arg({ type: CancelRegistrarRequestInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      requestId: (await cancelByRequester(ctx, input.trackingCode, input.reason)).id,
    }),
  }),
);

const SendRegistrarRequestMessageInput = builder.inputType('SendRegistrarRequestMessageInput', {
  fields: (t) => ({
    trackingCode: t.string({ required: true, validate: trackingCode }),
    text: t.string({ required: true, validate: requiredText(5000) }),
  }),
});

builder.mutationField('sendRegistrarRequestMessage', (t) =>
  t.field({
    type: trackedPayload('SendRegistrarRequestMessagePayload'),
    description: 'The requester writes to the registrar office (e.g. "payment sent").',
    authScopes: { public: true },
    args: { input: t.arg({ type: SendRegistrarRequestMessageInput, required: true }) },
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
      'The requester follows the request live: every status change, message and erasure. ' +
      'A wrong or expired code is NOT_FOUND.',
    authScopes: { public: true },
    args: { trackingCode: t.arg.string({ required: true, validate: trackingCode }) },
    subscribe: async (_root, args, ctx) => {
      const request = await requireTrackedRequest(ctx, args.trackingCode);
      proveRequester(ctx, request.id);
      return ctx.pubsub.subscribe('registrarRequest:changed', request.id);
    },
    resolve: (query, event, _args, ctx) =>
      ctx.prisma.registrarRequest.findUniqueOrThrow({ ...query, where: { id: event.requestId } }),
  }),
);
