import { z } from 'zod';
import { builder } from '../../builder.js';
import {
  RegistrarAdoptionStatus,
  RegistrarDataField,
  RegistrarDeliveryOption,
  type Prisma,
} from '../../generated/prisma/client.js';
import { administers } from '../accounts/grants.js';
import { optionalText, requiredText } from '../directory/validation.js';
import { amount } from '../ideas/schema.js';
import { MoneyRef } from '../memoranda/schema.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { recordPayload } from '../payload.js';
import {
  adoptModel,
  createService,
  modelFigures,
  offerService,
  publishService,
} from './catalogue.js';

// --- Types -----------------------------------------------------------------------------------

export const RegistrarDeliveryOptionEnum = builder.enumType(RegistrarDeliveryOption, {
  name: 'RegistrarDeliveryOption',
  description: 'How an issued document reaches the requester.',
  values: {
    POST_ABROAD: {
      description: 'By post to the requester’s address abroad (`deliveryAddress` is required).',
    },
    EMAIL_SCAN_INFO_ONLY: {
      description: 'A scan by e-mail, for information only: not a legal original.',
    },
    PICKUP_BY_AUTHORISED_PERSON: {
      description:
        'Picked up at the registrar office by a person the requester authorised (name them ' +
        'in `deliveryAddress`).',
    },
  },
});
export const RegistrarDataFieldEnum = builder.enumType(RegistrarDataField, {
  name: 'RegistrarDataField',
  description:
    'An item of data a document service may ask of the requester (`RegistrarService.requiredData`).',
  values: {
    FULL_NAME: { description: 'The full name of the person the document is about.' },
    MAIDEN_NAME: { description: 'Their maiden name.' },
    DATE_OF_BIRTH: { description: 'Their date of birth, as the requester writes it.' },
    PLACE_OF_BIRTH: { description: 'Their place of birth.' },
    FATHER_NAME: { description: 'Their father’s name.' },
    MOTHER_NAME: { description: 'Their mother’s name.' },
    PERSONAL_ID_NUMBER: { description: 'Their personal identification number (JMBG).' },
    SPOUSE_NAME: { description: 'The spouse’s name (marriage documents).' },
    DATE_OF_MARRIAGE: { description: 'The date of the marriage.' },
    DECEASED_NAME: { description: 'The deceased person’s name (death documents).' },
    DATE_OF_DEATH: { description: 'The date of death.' },
    PURPOSE: { description: 'What the document is needed for.' },
  },
});
const RegistrarAdoptionStatusEnum = builder.enumType(RegistrarAdoptionStatus, {
  name: 'RegistrarAdoptionStatus',
  description: 'How far a municipality has adopted the standard model.',
  values: {
    IN_PROGRESS: { description: 'Being set up: the municipality takes no requests yet.' },
    ADOPTED: { description: 'Complete: the municipality takes requests for its offered services.' },
  },
});

export const bam = (fee: Prisma.Decimal, currency = 'BAM') => ({ amount: fee, currency });

export const RegistrarServiceNode = builder.prismaNode('RegistrarService', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A document service of the standard model (virtuelni matičar). Public once published; ' +
    'drafts are for network administrators.',
  authScopes: (service, ctx) => service.publishedAt !== null || administers(ctx.viewer, null),
  fields: (t) => ({
    code: t.exposeString('code', {
      description: 'The service’s unique code, e.g. "BIRTH_REGISTER_EXTRACT".',
    }),
    name: t.exposeString('name', {
      description: 'Its name, e.g. "Izvod iz matične knjige rođenih".',
    }),
    description: t.exposeString('description', {
      nullable: true,
      description: 'What the document is and what it is for; null when none was written.',
    }),
    requiredData: t.expose('requiredData', {
      type: [RegistrarDataFieldEnum],
      description: 'The data a request must give: each of these, once, and nothing else.',
    }),
    deliveryOptions: t.expose('deliveryOptions', {
      type: [RegistrarDeliveryOptionEnum],
      description: 'The delivery options the model allows; a municipality offers some of them.',
    }),
    fee: t.field({
      type: MoneyRef,
      description: 'The model’s fee, in BAM: a new offer starts with it.',
      resolve: (s) => bam(s.fee),
    }),
    processingDays: t.exposeInt('processingDays', {
      description: 'The model’s processing time in calendar days: a new offer starts with it.',
    }),
    publishedAt: t.expose('publishedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was published; null while a draft.',
    }),
  }),
});

export const RegistrarServiceOfferNode = builder.prismaNode('RegistrarServiceOffer', {
  id: { field: 'id' },
  nullable: true,
  description: 'A service as one municipality offers it, with its own fee and days. Public.',
  authScopes: { public: true },
  fields: (t) => ({
    service: t.relation('service', { description: 'The service of the model offered.' }),
    municipality: t.relation('municipality', { description: 'The municipality offering it.' }),
    fee: t.field({
      type: MoneyRef,
      description: 'The municipality’s fee for it, in BAM.',
      resolve: (offer) => bam(offer.fee),
    }),
    processingDays: t.exposeInt('processingDays', {
      description:
        'Its processing time in calendar days: a request is due this many days after it is ' +
        'confirmed.',
    }),
    deliveryOptions: t.expose('deliveryOptions', {
      type: [RegistrarDeliveryOptionEnum],
      description: 'The delivery options the municipality offers for it (some of the model’s).',
    }),
    offered: t.exposeBoolean('offered', {
      description: 'Whether it is offered now; false: no longer offered (no new requests).',
    }),
  }),
});

export const RegistrarAdoptionNode = builder.prismaNode('RegistrarAdoption', {
  id: { field: 'id' },
  nullable: true,
  description: 'A municipality’s adoption of the standard model. Public.',
  authScopes: { public: true },
  fields: (t) => ({
    municipality: t.relation('municipality', { description: 'The adopting municipality.' }),
    status: t.expose('status', {
      type: RegistrarAdoptionStatusEnum,
      description: 'In progress, or adopted (taking requests).',
    }),
    registrarOffice: t.exposeString('registrarOffice', {
      description: 'Where the registrar office is, its hours and contacts (free text).',
    }),
    paymentInstructions: t.exposeString('paymentInstructions', {
      description: 'How a requester pays the fee (account, purpose of payment; free text).',
    }),
    adoptedAt: t.expose('adoptedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the adoption was last completed; null while in progress.',
    }),
    offers: t.prismaField({
      type: ['RegistrarServiceOffer'],
      description: 'The services it offers now (`offered`, published ones), by service code.',
      resolve: (query, adoption, _args, ctx) =>
        ctx.prisma.registrarServiceOffer.findMany({
          ...query,
          where: {
            municipalityId: adoption.municipalityId,
            offered: true,
            service: { publishedAt: { not: null } },
          },
          orderBy: [{ service: { code: 'asc' } }],
        }),
    }),
  }),
});

builder.prismaObjectFields('Municipality', (t) => ({
  registrar: t.relation('registrarAdoption', {
    nullable: true,
    description: 'Its virtual registrar: null until it starts adopting the standard model.',
  }),
}));

const RegistrarModelRef = builder
  .objectRef<Awaited<ReturnType<typeof modelFigures>>>('RegistrarModel')
  .implement({
    description: 'The standard model and how far the network has adopted it. Public.',
    authScopes: { public: true },
    fields: (t) => ({
      services: t.prismaField({
        type: ['RegistrarService'],
        description:
          'Published services, by code (drafts too for administrators of every programme).',
        authScopes: { public: true },
        resolve: (query, _model, _args, ctx) =>
          ctx.prisma.registrarService.findMany({
            ...query,
            where: administers(ctx.viewer, null) ? {} : { publishedAt: { not: null } },
            orderBy: [{ code: 'asc' }],
          }),
      }),
      adoptions: t.prismaField({
        type: ['RegistrarAdoption'],
        description: 'Every municipality’s adoption, in progress ones first, then by name.',
        authScopes: { public: true },
        resolve: (query, _model, _args, ctx) =>
          ctx.prisma.registrarAdoption.findMany({
            ...query,
            orderBy: [{ status: 'asc' }, { municipality: { name: 'asc' } }],
          }),
      }),
      publishedServiceCount: t.exposeInt('publishedServices', {
        authScopes: { public: true },
        description: 'How many services of the model are published.',
      }),
      adoptedCount: t.exposeInt('adopted', {
        authScopes: { public: true },
        description: 'Municipalities that adopted it (taking requests).',
      }),
      inProgressCount: t.exposeInt('inProgress', {
        authScopes: { public: true },
        description: 'Municipalities adopting it (in progress, not yet taking requests).',
      }),
      partnerMunicipalityCount: t.exposeInt('partnerMunicipalities', {
        authScopes: { public: true },
        description:
          'Municipalities partnering in a programme now (ACTIVE partnership): the goal is all of ' +
          'them.',
      }),
      adoptedPartnerCount: t.exposeInt('adoptedPartners', {
        authScopes: { public: true },
        description: 'Of those, how many adopted it.',
      }),
    }),
  });

// --- Queries ---------------------------------------------------------------------------------

builder.queryField('registrarModel', (t) =>
  t.field({
    type: RegistrarModelRef,
    description:
      'The standard model of the virtual registrar (virtuelni matičar): its services, each ' +
      'municipality’s adoption and the network’s figures. Public.',
    authScopes: { public: true },
    resolve: (_root, _args, ctx) => modelFigures(ctx),
  }),
);

// --- Mutations -------------------------------------------------------------------------------

const processingDays = z.number().int().min(1).max(365);

const CreateRegistrarServiceInput = builder.inputType('CreateRegistrarServiceInput', {
  description: 'A new document service of the standard model.',
  fields: (t) => ({
    code: t.string({
      required: true,
      validate: z.string().regex(/^[A-Z][A-Z0-9_]{1,59}$/, 'must be like BIRTH_REGISTER_EXTRACT'),
      description:
        'Unique code: 2–60 upper-case letters, digits and `_`, starting with a letter, e.g. ' +
        '"BIRTH_REGISTER_EXTRACT". One already taken is CONFLICT.',
    }),
    name: t.string({
      required: true,
      validate: requiredText(200),
      description: 'Its name, 1–200 characters.',
    }),
    description: t.string({
      validate: optionalText(5000),
      description: 'What the document is and what it is for, up to 5,000 characters.',
    }),
    requiredData: t.field({
      type: [RegistrarDataFieldEnum],
      required: true,
      description: 'The data a request must give (repeated items count once).',
    }),
    deliveryOptions: t.field({
      type: [RegistrarDeliveryOptionEnum],
      required: true,
      description: 'The delivery options allowed: at least one (repeated ones count once).',
    }),
    fee: t.string({
      required: true,
      validate: amount,
      description: 'The model’s fee in BAM, a decimal with up to 2 places, e.g. "10.00".',
    }),
    processingDays: t.int({
      required: true,
      validate: processingDays,
      description: 'The model’s processing time in calendar days, 1–365.',
    }),
  }),
});

builder.mutationField('createRegistrarService', (t) =>
  t.field({
    type: recordPayload('CreateRegistrarServicePayload', 'service', RegistrarServiceNode),
    description:
      'A network administrator of every programme adds a service to the model, as a draft ' +
      'until published. An empty `deliveryOptions` is BAD_USER_INPUT, a `code` already taken ' +
      'CONFLICT.',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({
        type: CreateRegistrarServiceInput,
        required: true,
        description: 'The service.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({ service: await createService(ctx, input) }),
  }),
);

const PublishRegistrarServiceInput = builder.inputType('PublishRegistrarServiceInput', {
  description: 'The draft service to publish.',
  fields: (t) => ({
    serviceId: t.globalID({
      required: true,
      for: RegistrarServiceNode,
      description: 'Global ID of the `RegistrarService`.',
    }),
  }),
});

builder.mutationField('publishRegistrarService', (t) =>
  t.field({
    type: recordPayload('PublishRegistrarServicePayload', 'service', RegistrarServiceNode),
    description:
      'A network administrator of every programme publishes a draft service: it becomes ' +
      'public and municipalities may offer it. There is no unpublishing. NOT_FOUND for an ' +
      'unknown service, CONFLICT when already published.',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({
        type: PublishRegistrarServiceInput,
        required: true,
        description: 'The service.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      service: await publishService(ctx, input.serviceId.id),
    }),
  }),
);

const AdoptRegistrarModelInput = builder.inputType('AdoptRegistrarModelInput', {
  description: 'A municipality’s adoption of the model: all of it, replacing what was set before.',
  fields: (t) => ({
    municipalityId: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'Global ID of the adopting municipality.',
    }),
    registrarOffice: t.string({
      required: true,
      validate: requiredText(1000),
      description: 'Where the registrar office is, its hours and contacts, 1–1,000 characters.',
    }),
    paymentInstructions: t.string({
      required: true,
      validate: requiredText(2000),
      description:
        'How a requester pays the fee (account, purpose of payment), 1–2,000 characters.',
    }),
    complete: t.boolean({
      required: true,
      description:
        'true: adopted, taking requests (needs at least one offered service); false: in ' +
        'progress (a municipality that had adopted it stops taking requests).',
    }),
  }),
});

builder.mutationField('adoptRegistrarModel', (t) =>
  t.field({
    type: recordPayload('AdoptRegistrarModelPayload', 'adoption', RegistrarAdoptionNode),
    description:
      'The municipality’s coordinators and registrars, or a network administrator of every ' +
      'programme, start, update or complete its adoption of the model (FORBIDDEN to others). ' +
      'Completing it without an offered service is CONFLICT. The dashboards of the programmes ' +
      'it partners in are updated.',
    authScopes: (_root, { input }) => ({
      $any: { municipalityEditor: input.municipalityId.id, registrarOf: input.municipalityId.id },
    }),
    args: {
      input: t.arg({
        type: AdoptRegistrarModelInput,
        required: true,
        description: 'The adoption.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const adoption = await adoptModel(ctx, { ...input, municipalityId: input.municipalityId.id });
      // Committed: the programmes it partners in count it (their dashboards).
      ctx.pubsub.publish('registrarAdoption:changed', { municipalityId: adoption.municipalityId });
      return { adoption };
    },
  }),
);

const OfferRegistrarServiceInput = builder.inputType('OfferRegistrarServiceInput', {
  description: 'Unset values keep the current offer’s, or take the model’s for a new one.',
  fields: (t) => ({
    municipalityId: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'Global ID of the offering municipality (it must have started adopting).',
    }),
    serviceId: t.globalID({
      required: true,
      for: RegistrarServiceNode,
      description: 'Global ID of a published service of the model.',
    }),
    fee: t.string({
      validate: amount,
      description: 'The municipality’s fee in BAM, a decimal with up to 2 places, e.g. "12.00".',
    }),
    processingDays: t.int({
      validate: processingDays,
      description: 'Its processing time in calendar days, 1–365.',
    }),
    deliveryOptions: t.field({
      type: [RegistrarDeliveryOptionEnum],
      description:
        'The delivery options offered: at least one, each allowed by the model for the service.',
    }),
    offered: t.boolean({ description: 'false: no longer offered. Default true for a new offer.' }),
  }),
});

builder.mutationField('offerRegistrarService', (t) =>
  t.field({
    type: recordPayload('OfferRegistrarServicePayload', 'offer', RegistrarServiceOfferNode),
    description:
      'The municipality’s coordinators and registrars, or a network administrator of every ' +
      'programme, offer a published service (or stop offering it) with the municipality’s own ' +
      'fee, days and delivery options; requests already made keep theirs. FORBIDDEN to others; ' +
      'BAD_USER_INPUT for a service not published or a delivery option the model does not ' +
      'have; CONFLICT before the municipality has started adopting the model.',
    authScopes: (_root, { input }) => ({
      $any: { municipalityEditor: input.municipalityId.id, registrarOf: input.municipalityId.id },
    }),
    args: {
      input: t.arg({ type: OfferRegistrarServiceInput, required: true, description: 'The offer.' }),
    },
    resolve: async (_root, { input }, ctx) => ({
      offer: await offerService(ctx, {
        ...input,
        municipalityId: input.municipalityId.id,
        serviceId: input.serviceId.id,
      }),
    }),
  }),
);
