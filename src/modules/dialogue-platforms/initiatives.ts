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
  description:
    'A result of a dialogue platform: a civic initiative it raised, and how far it came ' +
    '(adopted by the municipal council, implemented). Signed-in users.',
  authScopes: signedInOnly,
  fields: (t) => ({
    title: t.exposeString('title', {
      description: 'What the initiative asks for, at most 500 characters.',
    }),
    municipality: t.relation('municipality', {
      nullable: true,
      description:
        'The municipality it is for, one of the platform’s; null for an inter-municipal ' +
        'platform’s initiative that names none.',
    }),
    raisedOn: t.expose('raisedOn', { type: 'Date', description: 'When it was raised.' }),
    adoptedOn: t.expose('adoptedOn', {
      type: 'Date',
      nullable: true,
      description: 'When the municipal council adopted it; null until then.',
    }),
    implementedOn: t.expose('implementedOn', {
      type: 'Date',
      nullable: true,
      description: 'When it was implemented; null until then.',
    }),
    evidenceUrls: t.exposeStringList('evidenceUrls', {
      description:
        'http(s) links that document it (a council decision, a news item); may be empty.',
    }),
  }),
});

// --- Mutations -------------------------------------------------------------------------------

const evidenceDescription = 'http(s) links that document it, at most 10 of 500 characters each.';

const RecordCivicInitiativeInput = builder.inputType('RecordCivicInitiativeInput', {
  description:
    'A civic initiative raised on a platform. Its dates keep their order: adopted on or after ' +
    'it was raised, implemented on or after both.',
  fields: (t) => ({
    platformId: t.globalID({
      required: true,
      for: DialoguePlatformNode,
      description: 'The platform that raised it.',
    }),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description:
        'The municipality it is for, one of the platform’s. Default: a local platform’s ' +
        'municipality (none for an inter-municipal platform).',
    }),
    title: t.string({
      required: true,
      description: 'What it asks for: not blank, at most 500 characters.',
      validate: requiredText(500),
    }),
    raisedOn: t.field({ type: 'Date', required: true, description: 'When it was raised.' }),
    adoptedOn: t.field({
      type: 'Date',
      description: 'When the municipal council adopted it, if it has.',
    }),
    implementedOn: t.field({
      type: 'Date',
      description: 'When it was implemented, if it has been.',
    }),
    evidenceUrls: t.stringList({ description: evidenceDescription, validate: evidence }),
  }),
});

builder.mutationField('recordCivicInitiative', (t) =>
  t.field({
    type: recordPayload('RecordCivicInitiativePayload', 'initiative', CivicInitiativeNode),
    description:
      'Records a result of a platform: a civic initiative it raised (counted in its `results`). ' +
      'For those who run the platform (see `DialoguePlatform`). Refused with NOT_FOUND (no ' +
      'such platform), FORBIDDEN, or BAD_USER_INPUT (a municipality not of the platform, dates ' +
      'out of order, a link that is not http(s)).',
    authScopes: signedInOnly,
    args: {
      input: t.arg({
        type: RecordCivicInitiativeInput,
        required: true,
        description: 'The initiative.',
      }),
    },
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
    initiativeId: t.globalID({
      required: true,
      for: CivicInitiativeNode,
      description: 'The initiative.',
    }),
    adoptedOn: t.field({
      type: 'Date',
      description: 'When the municipal council adopted it; `null` clears it.',
    }),
    implementedOn: t.field({
      type: 'Date',
      description: 'When it was implemented; `null` clears it.',
    }),
    evidenceUrls: t.stringList({
      description:
        'Links to add to those recorded (one already there is kept once): http(s), at most 10 ' +
        'of 500 characters each.',
      validate: evidence,
    }),
  }),
});

builder.mutationField('advanceCivicInitiative', (t) =>
  t.field({
    type: recordPayload('AdvanceCivicInitiativePayload', 'initiative', CivicInitiativeNode),
    description:
      'Records how far an initiative came: adopted by the council, implemented, more ' +
      'evidence. For those who run its platform (see `DialoguePlatform`). Refused with ' +
      'NOT_FOUND (no such initiative), FORBIDDEN, or BAD_USER_INPUT (dates out of order, a ' +
      'link that is not http(s)).',
    authScopes: signedInOnly,
    args: {
      input: t.arg({
        type: AdvanceCivicInitiativeInput,
        required: true,
        description: 'The initiative and what changes.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      initiative: await advanceInitiative(ctx, { ...input, initiativeId: input.initiativeId.id }),
    }),
  }),
);
