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
});
export const RegistrarDataFieldEnum = builder.enumType(RegistrarDataField, {
  name: 'RegistrarDataField',
});
const RegistrarAdoptionStatusEnum = builder.enumType(RegistrarAdoptionStatus, {
  name: 'RegistrarAdoptionStatus',
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
    code: t.exposeString('code', { description: 'e.g. "BIRTH_REGISTER_EXTRACT".' }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    requiredData: t.expose('requiredData', {
      type: [RegistrarDataFieldEnum],
      description: 'What a request must give.',
    }),
    deliveryOptions: t.expose('deliveryOptions', { type: [RegistrarDeliveryOptionEnum] }),
    fee: t.field({ type: MoneyRef, description: 'The model’s fee.', resolve: (s) => bam(s.fee) }),
    processingDays: t.exposeInt('processingDays', { description: 'The model’s days.' }),
    publishedAt: t.expose('publishedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const RegistrarServiceOfferNode = builder.prismaNode('RegistrarServiceOffer', {
  id: { field: 'id' },
  nullable: true,
  description: 'A service as one municipality offers it, with its own fee and days. Public.',
  authScopes: { public: true },
  fields: (t) => ({
    service: t.relation('service'),
    municipality: t.relation('municipality'),
    fee: t.field({ type: MoneyRef, resolve: (offer) => bam(offer.fee) }),
    processingDays: t.exposeInt('processingDays'),
    deliveryOptions: t.expose('deliveryOptions', { type: [RegistrarDeliveryOptionEnum] }),
    offered: t.exposeBoolean('offered'),
  }),
});

export const RegistrarAdoptionNode = builder.prismaNode('RegistrarAdoption', {
  id: { field: 'id' },
  nullable: true,
  description: 'A municipality’s adoption of the standard model. Public.',
  authScopes: { public: true },
  fields: (t) => ({
    municipality: t.relation('municipality'),
    status: t.expose('status', { type: RegistrarAdoptionStatusEnum }),
    registrarOffice: t.exposeString('registrarOffice'),
    paymentInstructions: t.exposeString('paymentInstructions'),
    adoptedAt: t.expose('adoptedAt', { type: 'DateTime', nullable: true }),
    offers: t.prismaField({
      type: ['RegistrarServiceOffer'],
      description: 'The services it offers now (published ones).',
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
        description: 'Published services (drafts too for network administrators).',
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
        authScopes: { public: true },
        resolve: (query, _model, _args, ctx) =>
          ctx.prisma.registrarAdoption.findMany({
            ...query,
            orderBy: [{ status: 'asc' }, { municipality: { name: 'asc' } }],
          }),
      }),
      publishedServiceCount: t.exposeInt('publishedServices', { authScopes: { public: true } }),
      adoptedCount: t.exposeInt('adopted', {
        authScopes: { public: true },
        description: 'Municipalities that adopted it (taking requests).',
      }),
      inProgressCount: t.exposeInt('inProgress', { authScopes: { public: true } }),
      partnerMunicipalityCount: t.exposeInt('partnerMunicipalities', {
        authScopes: { public: true },
        description: 'Municipalities partnering in a programme now: the goal is all of them.',
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
    authScopes: { public: true },
    resolve: (_root, _args, ctx) => modelFigures(ctx),
  }),
);

// --- Mutations -------------------------------------------------------------------------------

const processingDays = z.number().int().min(1).max(365);

const CreateRegistrarServiceInput = builder.inputType('CreateRegistrarServiceInput', {
  fields: (t) => ({
    code: t.string({
      required: true,
      validate: z.string().regex(/^[A-Z][A-Z0-9_]{1,59}$/, 'must be like BIRTH_REGISTER_EXTRACT'),
    }),
    name: t.string({ required: true, validate: requiredText(200) }),
    description: t.string({ validate: optionalText(5000) }),
    requiredData: t.field({ type: [RegistrarDataFieldEnum], required: true }),
    deliveryOptions: t.field({ type: [RegistrarDeliveryOptionEnum], required: true }),
    fee: t.string({ required: true, validate: amount, description: 'In BAM, e.g. "10.00".' }),
    processingDays: t.int({ required: true, validate: processingDays }),
  }),
});

builder.mutationField('createRegistrarService', (t) =>
  t.field({
    type: recordPayload('CreateRegistrarServicePayload', 'service', RegistrarServiceNode),
    description: 'A network administrator adds a service to the model (a draft until published).',
    authScopes: { networkAdmin: true },
    args: { input: t.arg({ type: CreateRegistrarServiceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ service: await createService(ctx, input) }),
  }),
);

const PublishRegistrarServiceInput = builder.inputType('PublishRegistrarServiceInput', {
  fields: (t) => ({
    serviceId: t.globalID({ required: true, for: RegistrarServiceNode }),
  }),
});

builder.mutationField('publishRegistrarService', (t) =>
  t.field({
    type: recordPayload('PublishRegistrarServicePayload', 'service', RegistrarServiceNode),
    description: 'Publishes a draft service (CONFLICT when already published).',
    authScopes: { networkAdmin: true },
    args: { input: t.arg({ type: PublishRegistrarServiceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      service: await publishService(ctx, input.serviceId.id),
    }),
  }),
);

const AdoptRegistrarModelInput = builder.inputType('AdoptRegistrarModelInput', {
  fields: (t) => ({
    municipalityId: t.globalID({ required: true, for: MunicipalityNode }),
    registrarOffice: t.string({
      required: true,
      validate: requiredText(1000),
      description: 'Where the registrar office is, its hours and contacts.',
    }),
    paymentInstructions: t.string({ required: true, validate: requiredText(2000) }),
    complete: t.boolean({
      required: true,
      description: 'true: adopted, taking requests (needs an offered service); false: in progress.',
    }),
  }),
});

builder.mutationField('adoptRegistrarModel', (t) =>
  t.field({
    type: recordPayload('AdoptRegistrarModelPayload', 'adoption', RegistrarAdoptionNode),
    description: 'The municipality’s coordinators or registrars (or an administrator) adopt it.',
    authScopes: (_root, { input }) => ({
      $any: { municipalityEditor: input.municipalityId.id, registrarOf: input.municipalityId.id },
    }),
    args: { input: t.arg({ type: AdoptRegistrarModelInput, required: true }) },
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
    municipalityId: t.globalID({ required: true, for: MunicipalityNode }),
    serviceId: t.globalID({ required: true, for: RegistrarServiceNode }),
    fee: t.string({ validate: amount, description: 'In BAM.' }),
    processingDays: t.int({ validate: processingDays }),
    deliveryOptions: t.field({ type: [RegistrarDeliveryOptionEnum] }),
    offered: t.boolean({ description: 'false: no longer offered. Default true for a new offer.' }),
  }),
});

builder.mutationField('offerRegistrarService', (t) =>
  t.field({
    type: recordPayload('OfferRegistrarServicePayload', 'offer', RegistrarServiceOfferNode),
    description: 'Sets the municipality’s own fee, days and delivery options for a service.',
    authScopes: (_root, { input }) => ({
      $any: { municipalityEditor: input.municipalityId.id, registrarOf: input.municipalityId.id },
    }),
    args: { input: t.arg({ type: OfferRegistrarServiceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      offer: await offerService(ctx, {
        ...input,
        municipalityId: input.municipalityId.id,
        serviceId: input.serviceId.id,
      }),
    }),
  }),
);
