// Diaspora offices' mutations: a municipality opens, changes and closes its office or info point.
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { email, optionalText, phone, requiredText } from '../directory/validation.js';
import { recordPayload } from '../payload.js';
import { DiasporaOfficeKindEnum, DiasporaOfficeNode, MunicipalityNode } from './schema.js';
import { archiveOffice, createOffice, updateOffice } from './service.js';

/** The optional details of an office, alike on create and update. */
const officeDetails = {
  hostUnit: {
    description: 'The municipal unit that runs it; at most 300 characters.',
    validate: optionalText(300),
  },
  address: { description: 'Postal address; at most 500 characters.', validate: optionalText(500) },
  phone: {
    description: 'Digits with spaces, ( ) / - and an optional leading +, e.g. "+387 33 291 261".',
    validate: phone,
  },
  email: { description: 'An e-mail address, at most 320 characters.', validate: email },
  openingHours: { description: 'Free text; at most 500 characters.', validate: optionalText(500) },
};

const CreateDiasporaOfficeInput = builder.inputType('CreateDiasporaOfficeInput', {
  description: 'A municipality’s new diaspora office or info point.',
  fields: (t) => ({
    municipalityId: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'The municipality that runs it.',
    }),
    kind: t.field({
      type: DiasporaOfficeKindEnum,
      required: true,
      description: 'Diaspora office or info point.',
    }),
    name: t.string({
      required: true,
      description: 'Its name; 1–300 characters, trimmed.',
      validate: requiredText(300),
    }),
    hostUnit: t.string(officeDetails.hostUnit),
    address: t.string(officeDetails.address),
    phone: t.string(officeDetails.phone),
    email: t.string(officeDetails.email),
    openingHours: t.string(officeDetails.openingHours),
  }),
});

const UpdateDiasporaOfficeInput = builder.inputType('UpdateDiasporaOfficeInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: DiasporaOfficeNode,
      description: 'The office to change.',
    }),
    kind: t.field({
      type: DiasporaOfficeKindEnum,
      description: 'Diaspora office or info point; cannot be null.',
    }),
    name: t.string({
      description: 'Its name; 1–300 characters; cannot be null.',
      validate: requiredText(300),
    }),
    hostUnit: t.string(officeDetails.hostUnit),
    address: t.string(officeDetails.address),
    phone: t.string(officeDetails.phone),
    email: t.string(officeDetails.email),
    openingHours: t.string(officeDetails.openingHours),
  }),
});

const ArchiveDiasporaOfficeInput = builder.inputType('ArchiveDiasporaOfficeInput', {
  description: 'Which office to close.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: DiasporaOfficeNode,
      description: 'The office to close.',
    }),
  }),
});

/** The municipality an office belongs to, for its authScopes ('' when there is no such office). */
async function officeMunicipalityId(ctx: Context, id: string) {
  const office = await ctx.prisma.diasporaOffice.findUnique({
    where: { id },
    select: { municipalityId: true },
  });
  return office?.municipalityId ?? '';
}

builder.mutationField('createDiasporaOffice', (t) =>
  t.field({
    type: recordPayload('CreateDiasporaOfficePayload', 'diasporaOffice', DiasporaOfficeNode),
    description:
      'Opens a municipality’s diaspora office or info point. Its coordinators and deputies, ' +
      'or network administrators of every programme (else FORBIDDEN). A municipality has at ' +
      'most one open office or info point (else CONFLICT). Publishes `directoryChanged` ' +
      '(CREATED).',
    authScopes: (_root, { input }) => ({ municipalityEditor: input.municipalityId.id }),
    args: {
      input: t.arg({
        type: CreateDiasporaOfficeInput,
        required: true,
        description: 'The new office.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { municipalityId, ...fields } = input;
      return { diasporaOffice: await createOffice(ctx, municipalityId.id, fields) };
    },
  }),
);

builder.mutationField('updateDiasporaOffice', (t) =>
  t.field({
    type: recordPayload('UpdateDiasporaOfficePayload', 'diasporaOffice', DiasporaOfficeNode),
    description:
      'Changes an office’s details. Its municipality’s coordinators and deputies, or network ' +
      'administrators of every programme (else FORBIDDEN). Refuses null for `kind` or `name` ' +
      '(BAD_USER_INPUT) and an unknown `id` (NOT_FOUND). Publishes `directoryChanged` (UPDATED).',
    authScopes: async (_root, { input }, ctx) => ({
      municipalityEditor: await officeMunicipalityId(ctx, input.id.id),
    }),
    args: {
      input: t.arg({
        type: UpdateDiasporaOfficeInput,
        required: true,
        description: 'The office and the fields to change.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { id, ...changes } = input;
      return { diasporaOffice: await updateOffice(ctx, id.id, changes) };
    },
  }),
);

builder.mutationField('archiveDiasporaOffice', (t) =>
  t.field({
    type: recordPayload('ArchiveDiasporaOfficePayload', 'diasporaOffice', DiasporaOfficeNode),
    description:
      'Closes the office; the municipality may then open another. Its municipality’s ' +
      'coordinators and deputies, or network administrators of every programme (else ' +
      'FORBIDDEN); an unknown `id` is NOT_FOUND. Publishes `directoryChanged` (ARCHIVED).',
    authScopes: async (_root, { input }, ctx) => ({
      municipalityEditor: await officeMunicipalityId(ctx, input.id.id),
    }),
    args: {
      input: t.arg({
        type: ArchiveDiasporaOfficeInput,
        required: true,
        description: 'The office to close.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      diasporaOffice: await archiveOffice(ctx, input.id.id),
    }),
  }),
);
