// A platform's results: civic initiatives raised, adopted by the municipal council, implemented.
import { z } from 'zod';
import { builder } from '../../builder.js';
import { requiredText, website } from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { recordPayload } from '../payload.js';
import { DialoguePlatformNode } from './schema.js';
import { advanceInitiative, recordInitiative } from './service.js';

const signedInOnly = { authenticated: true } as const;
const evidence = z.array(website).max(10);

export const CivicInitiativeNode = builder.prismaNode('CivicInitiative', {
  id: { field: 'id' },
  nullable: true,
  authScopes: signedInOnly,
  fields: (t) => ({
    title: t.exposeString('title'),
    municipality: t.relation('municipality', { nullable: true }),
    raisedOn: t.expose('raisedOn', { type: 'Date' }),
    adoptedOn: t.expose('adoptedOn', {
      type: 'Date',
      nullable: true,
      description: 'Adopted by the municipal council.',
    }),
    implementedOn: t.expose('implementedOn', { type: 'Date', nullable: true }),
    evidenceUrls: t.exposeStringList('evidenceUrls'),
  }),
});

// --- Mutations -------------------------------------------------------------------------------

const RecordCivicInitiativeInput = builder.inputType('RecordCivicInitiativeInput', {
  fields: (t) => ({
    platformId: t.globalID({ required: true, for: DialoguePlatformNode }),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'Default: a local platform’s municipality.',
    }),
    title: t.string({ required: true, validate: requiredText(500) }),
    raisedOn: t.field({ type: 'Date', required: true }),
    adoptedOn: t.field({ type: 'Date', description: 'Adopted by the municipal council.' }),
    implementedOn: t.field({ type: 'Date' }),
    evidenceUrls: t.stringList({ validate: evidence }),
  }),
});

const initiativePayload = (name: string) => recordPayload(name, 'initiative', CivicInitiativeNode);

builder.mutationField('recordCivicInitiative', (t) =>
  t.field({
    type: initiativePayload('RecordCivicInitiativePayload'),
    description: 'A result of the platform: a civic initiative it raised.',
    authScopes: signedInOnly,
    args: { input: t.arg({ type: RecordCivicInitiativeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      initiative: await recordInitiative(ctx, {
        ...input,
        platformId: input.platformId.id,
        municipalityId: input.municipalityId?.id,
      }),
    }),
  }),
);

const AdvanceCivicInitiativeInput = builder.inputType('AdvanceCivicInitiativeInput', {
  description: 'Dates given are set (`null` clears); evidence links are added.',
  fields: (t) => ({
    initiativeId: t.globalID({ required: true, for: CivicInitiativeNode }),
    adoptedOn: t.field({ type: 'Date' }),
    implementedOn: t.field({ type: 'Date' }),
    evidenceUrls: t.stringList({ validate: evidence }),
  }),
});

builder.mutationField('advanceCivicInitiative', (t) =>
  t.field({
    type: initiativePayload('AdvanceCivicInitiativePayload'),
    authScopes: signedInOnly,
    args: { input: t.arg({ type: AdvanceCivicInitiativeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      initiative: await advanceInitiative(ctx, { ...input, initiativeId: input.initiativeId.id }),
    }),
  }),
);
