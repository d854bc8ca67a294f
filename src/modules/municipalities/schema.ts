import { z } from 'zod';
import { builder } from '../../builder.js';
import {
  AdministrativeUnit,
  Canton,
  DiasporaOfficeKind,
  MunicipalityKind,
  type Prisma,
} from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { requiredText, search, website } from '../directory/validation.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';
import { archiveMunicipality, createMunicipality, updateMunicipality } from './service.js';

// --- Types -----------------------------------------------------------------------------------

export const MunicipalityKindEnum = builder.enumType(MunicipalityKind, {
  name: 'MunicipalityKind',
  description: 'Whether a local self-government unit is a city or a municipality.',
  values: {
    CITY: { description: 'A city (grad).' },
    MUNICIPALITY: { description: 'A municipality (općina / opština).' },
  },
});
export const AdministrativeUnitEnum = builder.enumType(AdministrativeUnit, {
  name: 'AdministrativeUnit',
  description: 'The three administrative units of Bosnia and Herzegovina.',
  values: {
    FEDERATION_OF_BIH: { description: 'The Federation of BiH, divided into ten cantons.' },
    REPUBLIKA_SRPSKA: { description: 'Republika Srpska (no cantons).' },
    BRCKO_DISTRICT: { description: 'Brčko District (no cantons).' },
  },
});
export const CantonEnum = builder.enumType(Canton, {
  name: 'Canton',
  description: 'The ten cantons of the Federation of BiH.',
  values: {
    UNA_SANA: { description: 'Una-Sana Canton (Unsko-sanski kanton).' },
    POSAVINA: { description: 'Posavina Canton (Posavski kanton).' },
    TUZLA: { description: 'Tuzla Canton (Tuzlanski kanton).' },
    ZENICA_DOBOJ: { description: 'Zenica-Doboj Canton (Zeničko-dobojski kanton).' },
    BOSNIAN_PODRINJE: {
      description: 'Bosnian-Podrinje Canton Goražde (Bosansko-podrinjski kanton).',
    },
    CENTRAL_BOSNIA: { description: 'Central Bosnia Canton (Srednjobosanski kanton).' },
    HERZEGOVINA_NERETVA: {
      description: 'Herzegovina-Neretva Canton (Hercegovačko-neretvanski kanton).',
    },
    WEST_HERZEGOVINA: { description: 'West Herzegovina Canton (Zapadnohercegovački kanton).' },
    SARAJEVO: { description: 'Sarajevo Canton (Kanton Sarajevo).' },
    CANTON_10: { description: 'Canton 10 (Kanton 10), seated in Livno.' },
  },
});
export const DiasporaOfficeKindEnum = builder.enumType(DiasporaOfficeKind, {
  name: 'DiasporaOfficeKind',
  description: 'What kind of contact point for the diaspora a municipality runs.',
  values: {
    DIASPORA_OFFICE: { description: 'A diaspora office (Ured za dijasporu).' },
    INFO_POINT: {
      description: 'An info point (info tačka), usually inside a business development centre.',
    },
  },
});

export const MunicipalityNode = builder.prismaNode('Municipality', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A local self-government unit (JLS): a city or a municipality.',
  // Select mode: a query loads only the columns its fields need (nested lists stay light).
  select: { id: true },
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name', {
      description: 'Its official name, e.g. "Ključ"; unique among municipalities.',
      authScopes: { public: true },
    }),
    kind: t.expose('kind', {
      type: MunicipalityKindEnum,
      description: 'City or municipality.',
      authScopes: { public: true },
    }),
    administrativeUnit: t.expose('administrativeUnit', {
      type: AdministrativeUnitEnum,
      description: 'The administrative unit it lies in.',
      authScopes: { public: true },
    }),
    canton: t.expose('canton', {
      type: CantonEnum,
      nullable: true,
      description: 'Only in the Federation of BiH.',
      authScopes: { public: true },
    }),
    website: t.exposeString('website', {
      nullable: true,
      description: 'Its official website (an http(s) URL); null when unknown.',
      authScopes: { public: true },
    }),
    estimatedDiasporaSize: t.exposeInt('estimatedDiasporaSize', {
      nullable: true,
      description:
        'Roughly how many people from the municipality live abroad (an estimate); null when ' +
        'unknown.',
      authScopes: { public: true },
    }),
    diasporaOffice: t.field({
      type: DiasporaOfficeNode,
      nullable: true,
      description: 'Its diaspora office or info point, if it runs one.',
      authScopes: { public: true },
      select: (_args, _ctx, nestedSelection) => ({
        offices: nestedSelection({ where: { archivedAt: null }, take: 1 }),
      }),
      resolve: (municipality) => municipality.offices[0] ?? null,
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When it was archived (hidden from lists, see `archiveMunicipality`); null while active.',
      authScopes: { public: true },
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When it was added to the directory.',
      authScopes: { public: true },
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When its own fields last changed.',
      authScopes: { public: true },
    }),
  }),
});

export const DiasporaOfficeNode = builder.prismaNode('DiasporaOffice', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A diaspora office (Ured za dijasporu) or info point (info tačka).',
  select: { id: true },
  authScopes: { public: true },
  fields: (t) => ({
    kind: t.expose('kind', {
      type: DiasporaOfficeKindEnum,
      description: 'Diaspora office or info point.',
      authScopes: { public: true },
    }),
    name: t.exposeString('name', {
      description: 'Its name, e.g. "Ured za dijasporu općine Ključ".',
      authScopes: { public: true },
    }),
    hostUnit: t.exposeString('hostUnit', {
      nullable: true,
      description: 'The municipal unit that runs it, e.g. "Centar za razvoj biznisa".',
      authScopes: { public: true },
    }),
    address: t.exposeString('address', {
      nullable: true,
      description: 'Its postal address, as free text; null when not given.',
      authScopes: { public: true },
    }),
    phone: t.exposeString('phone', {
      nullable: true,
      description: 'Its public phone number as entered, e.g. "+387 33 291 261"; null when none.',
      authScopes: { public: true },
    }),
    email: t.exposeString('email', {
      nullable: true,
      description: 'Its public e-mail address; null when none.',
      authScopes: { public: true },
    }),
    openingHours: t.exposeString('openingHours', {
      nullable: true,
      description: 'When it is open, as free text, e.g. "Mon–Fri 8–16"; null when not given.',
      authScopes: { public: true },
    }),
    municipality: t.relation('municipality', {
      description: 'The municipality that runs it.',
      authScopes: { public: true },
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was closed (`archiveDiasporaOffice`); null while open.',
      authScopes: { public: true },
    }),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

interface MunicipalityFilterArgs {
  search?: string | null;
  administrativeUnit?: AdministrativeUnit | null;
  canton?: Canton | null;
  kind?: MunicipalityKind | null;
  programmeId?: { id: string } | null;
  includeArchived?: boolean | null;
}

function municipalityFilter(args: MunicipalityFilterArgs): Prisma.MunicipalityWhereInput {
  return {
    ...searchFilter(args.search),
    ...(args.administrativeUnit ? { administrativeUnit: args.administrativeUnit } : {}),
    ...(args.canton ? { canton: args.canton } : {}),
    ...(args.kind ? { kind: args.kind } : {}),
    ...(args.programmeId
      ? { partnerships: { some: { programmeId: args.programmeId.id, archivedAt: null } } }
      : {}),
    ...(args.includeArchived ? {} : { archivedAt: null }),
  };
}

builder.queryField('municipalities', (t) =>
  t.prismaConnection(
    {
      type: 'Municipality',
      cursor: 'id',
      description:
        'The directory of municipalities and cities, open to anyone, by name (Č, Ć, Š, Ž sort ' +
        'with C, S, Z); archived ones only with `includeArchived`.',
      authScopes: { public: true },
      args: {
        search: t.arg.string({
          description: 'Matches the name, ignoring case and diacritics ("kljuc" finds Ključ).',
          validate: search,
        }),
        administrativeUnit: t.arg({
          type: AdministrativeUnitEnum,
          description: 'Only those in this administrative unit.',
        }),
        canton: t.arg({ type: CantonEnum, description: 'Only those in this canton.' }),
        kind: t.arg({
          type: MunicipalityKindEnum,
          description: 'Only cities, or only municipalities.',
        }),
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only partners of this programme.',
        }),
        includeArchived: t.arg.boolean({
          defaultValue: false,
          description: 'Also archived municipalities.',
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.municipality.findMany({
          ...query,
          where: municipalityFilter(args),
          // The folded name sorts Č, Š, Ž with C, S, Z whatever the database's collation.
          orderBy: [{ searchText: 'asc' }, { name: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.municipality.count({ where: municipalityFilter(args) }),
    },
    { name: 'MunicipalityConnection' },
    { name: 'MunicipalityEdge' },
  ),
);

// --- Mutations: municipalities ---------------------------------------------------------------

const diasporaSize = z.number().int().min(0).max(10_000_000);

const CreateMunicipalityInput = builder.inputType('CreateMunicipalityInput', {
  description: 'A new municipality or city for the directory.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'Official name; 1–200 characters, trimmed; unique (else CONFLICT).',
      validate: requiredText(200),
    }),
    kind: t.field({
      type: MunicipalityKindEnum,
      required: true,
      description: 'City or municipality.',
    }),
    administrativeUnit: t.field({
      type: AdministrativeUnitEnum,
      required: true,
      description: 'The administrative unit it lies in.',
    }),
    canton: t.field({ type: CantonEnum, description: 'Required in the Federation, else absent.' }),
    website: t.string({
      description: 'An http(s) URL, at most 500 characters.',
      validate: website,
    }),
    estimatedDiasporaSize: t.int({
      description: 'Estimated number of people from it living abroad; 0–10,000,000.',
      validate: diasporaSize,
    }),
  }),
});

const UpdateMunicipalityInput = builder.inputType('UpdateMunicipalityInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'The municipality to change.',
    }),
    name: t.string({
      description: 'Official name; 1–200 characters, unique (else CONFLICT); cannot be null.',
      validate: requiredText(200),
    }),
    kind: t.field({ type: MunicipalityKindEnum, description: 'Cannot be null.' }),
    administrativeUnit: t.field({
      type: AdministrativeUnitEnum,
      description:
        'Cannot be null. Moving into or out of the Federation needs `canton` set or cleared too.',
    }),
    canton: t.field({
      type: CantonEnum,
      description: 'Required in the Federation, else null (checked against the resulting unit).',
    }),
    website: t.string({
      description: 'An http(s) URL, at most 500 characters.',
      validate: website,
    }),
    estimatedDiasporaSize: t.int({
      description: 'Estimated number of people from it living abroad; 0–10,000,000.',
      validate: diasporaSize,
    }),
  }),
});

const ArchiveMunicipalityInput = builder.inputType('ArchiveMunicipalityInput', {
  description: 'Which municipality to archive.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'The municipality to archive.',
    }),
  }),
});

builder.mutationField('createMunicipality', (t) =>
  t.field({
    type: recordPayload('CreateMunicipalityPayload', 'municipality', MunicipalityNode),
    description:
      'Adds a municipality to the directory. Network administrators of every programme only ' +
      '(else FORBIDDEN, or UNAUTHENTICATED when signed out). Refuses a canton outside the ' +
      'Federation or none inside it (BAD_USER_INPUT) and a name already taken (CONFLICT). ' +
      'Publishes `directoryChanged` (CREATED).',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({
        type: CreateMunicipalityInput,
        required: true,
        description: 'The new municipality.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      municipality: await createMunicipality(ctx, input),
    }),
  }),
);

builder.mutationField('updateMunicipality', (t) =>
  t.field({
    type: recordPayload('UpdateMunicipalityPayload', 'municipality', MunicipalityNode),
    description:
      'Changes a municipality’s fields. Its coordinators and deputies, or network ' +
      'administrators of every programme (else FORBIDDEN). Refuses null for `name`, `kind` or ' +
      '`administrativeUnit` and a canton that does not fit the unit (BAD_USER_INPUT), a name ' +
      'already taken (CONFLICT), an unknown `id` (NOT_FOUND). Publishes `directoryChanged` ' +
      '(UPDATED).',
    authScopes: (_root, { input }) => ({ municipalityEditor: input.id.id }),
    args: {
      input: t.arg({
        type: UpdateMunicipalityInput,
        required: true,
        description: 'The municipality and the fields to change.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { id, ...changes } = input;
      return { municipality: await updateMunicipality(ctx, id.id, changes) };
    },
  }),
);

builder.mutationField('archiveMunicipality', (t) =>
  t.field({
    type: recordPayload('ArchiveMunicipalityPayload', 'municipality', MunicipalityNode),
    description:
      'Hides it from lists; its records stay and node(id:) still resolves it. Network ' +
      'administrators of every programme only (else FORBIDDEN); an unknown `id` is NOT_FOUND. ' +
      'There is no way back through the API. Publishes `directoryChanged` (ARCHIVED).',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({
        type: ArchiveMunicipalityInput,
        required: true,
        description: 'The municipality to archive.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      municipality: await archiveMunicipality(ctx, input.id.id),
    }),
  }),
);
