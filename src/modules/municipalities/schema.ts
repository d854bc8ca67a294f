import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import {
  AdministrativeUnit,
  Canton,
  DiasporaOfficeKind,
  MunicipalityKind,
  type Prisma,
} from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import { publishDirectoryChange } from '../directory/events.js';
import {
  email,
  notNull,
  optionalText,
  phone,
  requiredText,
  search,
  website,
} from '../directory/validation.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { createOffice } from './service.js';
import { recordPayload } from '../payload.js';

// --- Types -----------------------------------------------------------------------------------

export const MunicipalityKindEnum = builder.enumType(MunicipalityKind, {
  name: 'MunicipalityKind',
});
export const AdministrativeUnitEnum = builder.enumType(AdministrativeUnit, {
  name: 'AdministrativeUnit',
});
export const CantonEnum = builder.enumType(Canton, {
  name: 'Canton',
  description: 'The ten cantons of the Federation of BiH.',
});
export const DiasporaOfficeKindEnum = builder.enumType(DiasporaOfficeKind, {
  name: 'DiasporaOfficeKind',
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
    name: t.exposeString('name', { authScopes: { public: true } }),
    kind: t.expose('kind', { type: MunicipalityKindEnum, authScopes: { public: true } }),
    administrativeUnit: t.expose('administrativeUnit', {
      type: AdministrativeUnitEnum,
      authScopes: { public: true },
    }),
    canton: t.expose('canton', {
      type: CantonEnum,
      nullable: true,
      description: 'Only in the Federation of BiH.',
      authScopes: { public: true },
    }),
    website: t.exposeString('website', { nullable: true, authScopes: { public: true } }),
    estimatedDiasporaSize: t.exposeInt('estimatedDiasporaSize', {
      nullable: true,
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
      authScopes: { public: true },
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', authScopes: { public: true } }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime', authScopes: { public: true } }),
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
    kind: t.expose('kind', { type: DiasporaOfficeKindEnum, authScopes: { public: true } }),
    name: t.exposeString('name', { authScopes: { public: true } }),
    hostUnit: t.exposeString('hostUnit', {
      nullable: true,
      description: 'The municipal unit that runs it, e.g. "Centar za razvoj biznisa".',
      authScopes: { public: true },
    }),
    address: t.exposeString('address', { nullable: true, authScopes: { public: true } }),
    phone: t.exposeString('phone', { nullable: true, authScopes: { public: true } }),
    email: t.exposeString('email', { nullable: true, authScopes: { public: true } }),
    openingHours: t.exposeString('openingHours', { nullable: true, authScopes: { public: true } }),
    municipality: t.relation('municipality', { authScopes: { public: true } }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
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
      authScopes: { public: true },
      args: {
        search: t.arg.string({
          description: 'Matches the name, ignoring case and diacritics ("kljuc" finds Ključ).',
          validate: search,
        }),
        administrativeUnit: t.arg({ type: AdministrativeUnitEnum }),
        canton: t.arg({ type: CantonEnum }),
        kind: t.arg({ type: MunicipalityKindEnum }),
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only partners of this programme.',
        }),
        includeArchived: t.arg.boolean({ defaultValue: false }),
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
  fields: (t) => ({
    name: t.string({ required: true, validate: requiredText(200) }),
    kind: t.field({ type: MunicipalityKindEnum, required: true }),
    administrativeUnit: t.field({ type: AdministrativeUnitEnum, required: true }),
    canton: t.field({ type: CantonEnum, description: 'Required in the Federation, else absent.' }),
    website: t.string({ validate: website }),
    estimatedDiasporaSize: t.int({ validate: diasporaSize }),
  }),
});

const UpdateMunicipalityInput = builder.inputType('UpdateMunicipalityInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: MunicipalityNode }),
    name: t.string({ validate: requiredText(200) }),
    kind: t.field({ type: MunicipalityKindEnum }),
    administrativeUnit: t.field({ type: AdministrativeUnitEnum }),
    canton: t.field({ type: CantonEnum }),
    website: t.string({ validate: website }),
    estimatedDiasporaSize: t.int({ validate: diasporaSize }),
  }),
});

const ArchiveMunicipalityInput = builder.inputType('ArchiveMunicipalityInput', {
  fields: (t) => ({ id: t.globalID({ required: true, for: MunicipalityNode }) }),
});

/** Cantons exist only in the Federation, and every Federation municipality has one. */
function checkCanton(unit: AdministrativeUnit, canton: Canton | null | undefined) {
  if (unit === 'FEDERATION_OF_BIH' && !canton) {
    throw new BadUserInputError('canton is required in the Federation of BiH');
  }
  if (unit !== 'FEDERATION_OF_BIH' && canton) {
    throw new BadUserInputError('canton is only for municipalities in the Federation of BiH');
  }
}

const MunicipalityPayload = (name: string) => recordPayload(name, 'municipality', MunicipalityNode);

builder.mutationField('createMunicipality', (t) =>
  t.field({
    type: MunicipalityPayload('CreateMunicipalityPayload'),
    authScopes: { networkAdmin: true },
    args: { input: t.arg({ type: CreateMunicipalityInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      checkCanton(input.administrativeUnit, input.canton);
      const municipality = await ctx.prisma.municipality.create({ data: input });
      publishDirectoryChange(ctx, {
        typename: 'Municipality',
        id: municipality.id,
        change: 'CREATED',
        municipalityId: municipality.id,
      });
      return { municipality };
    },
  }),
);

builder.mutationField('updateMunicipality', (t) =>
  t.field({
    type: MunicipalityPayload('UpdateMunicipalityPayload'),
    authScopes: (_root, { input }) => ({ municipalityEditor: input.id.id }),
    args: { input: t.arg({ type: UpdateMunicipalityInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, name, kind, administrativeUnit, ...optional } = input;
      const data = {
        name: notNull(name, 'name'),
        kind: notNull(kind, 'kind'),
        administrativeUnit: notNull(administrativeUnit, 'administrativeUnit'),
        ...optional,
      };
      const municipality = await ctx.prisma.$transaction(async (tx) => {
        const current = await tx.municipality.findUnique({ where: { id: id.id } });
        if (!current) throw new NotFoundError('No municipality has this ID');
        checkCanton(
          data.administrativeUnit ?? current.administrativeUnit,
          data.canton === undefined ? current.canton : data.canton,
        );
        return tx.municipality.update({ where: { id: id.id }, data });
      });
      publishDirectoryChange(ctx, {
        typename: 'Municipality',
        id: municipality.id,
        change: 'UPDATED',
        municipalityId: municipality.id,
      });
      return { municipality };
    },
  }),
);

builder.mutationField('archiveMunicipality', (t) =>
  t.field({
    type: MunicipalityPayload('ArchiveMunicipalityPayload'),
    description: 'Hides it from lists; its records stay and node(id:) still resolves it.',
    authScopes: { networkAdmin: true },
    args: { input: t.arg({ type: ArchiveMunicipalityInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const municipality = await ctx.prisma.municipality.update({
        where: { id: input.id.id },
        data: { archivedAt: new Date() },
      });
      publishDirectoryChange(ctx, {
        typename: 'Municipality',
        id: municipality.id,
        change: 'ARCHIVED',
        municipalityId: municipality.id,
      });
      return { municipality };
    },
  }),
);

// --- Mutations: diaspora offices -------------------------------------------------------------

const CreateDiasporaOfficeInput = builder.inputType('CreateDiasporaOfficeInput', {
  fields: (t) => ({
    municipalityId: t.globalID({ required: true, for: MunicipalityNode }),
    kind: t.field({ type: DiasporaOfficeKindEnum, required: true }),
    name: t.string({ required: true, validate: requiredText(300) }),
    hostUnit: t.string({ validate: optionalText(300) }),
    address: t.string({ validate: optionalText(500) }),
    phone: t.string({ validate: phone }),
    email: t.string({ validate: email }),
    openingHours: t.string({ validate: optionalText(500) }),
  }),
});

const UpdateDiasporaOfficeInput = builder.inputType('UpdateDiasporaOfficeInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: DiasporaOfficeNode }),
    kind: t.field({ type: DiasporaOfficeKindEnum }),
    name: t.string({ validate: requiredText(300) }),
    hostUnit: t.string({ validate: optionalText(300) }),
    address: t.string({ validate: optionalText(500) }),
    phone: t.string({ validate: phone }),
    email: t.string({ validate: email }),
    openingHours: t.string({ validate: optionalText(500) }),
  }),
});

const ArchiveDiasporaOfficeInput = builder.inputType('ArchiveDiasporaOfficeInput', {
  fields: (t) => ({ id: t.globalID({ required: true, for: DiasporaOfficeNode }) }),
});

const DiasporaOfficePayload = (name: string) =>
  recordPayload(name, 'diasporaOffice', DiasporaOfficeNode);

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
    type: DiasporaOfficePayload('CreateDiasporaOfficePayload'),
    description: 'A municipality has at most one open office or info point (else CONFLICT).',
    authScopes: (_root, { input }) => ({ municipalityEditor: input.municipalityId.id }),
    args: { input: t.arg({ type: CreateDiasporaOfficeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { municipalityId, ...data } = input;
      const diasporaOffice = await createOffice(ctx.prisma, municipalityId.id, data);
      publishDirectoryChange(ctx, {
        typename: 'DiasporaOffice',
        id: diasporaOffice.id,
        change: 'CREATED',
        municipalityId: diasporaOffice.municipalityId,
      });
      return { diasporaOffice };
    },
  }),
);

builder.mutationField('updateDiasporaOffice', (t) =>
  t.field({
    type: DiasporaOfficePayload('UpdateDiasporaOfficePayload'),
    authScopes: async (_root, { input }, ctx) => ({
      municipalityEditor: await officeMunicipalityId(ctx, input.id.id),
    }),
    args: { input: t.arg({ type: UpdateDiasporaOfficeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, kind, name, ...optional } = input;
      const diasporaOffice = await ctx.prisma.diasporaOffice.update({
        where: { id: id.id },
        data: { kind: notNull(kind, 'kind'), name: notNull(name, 'name'), ...optional },
      });
      publishDirectoryChange(ctx, {
        typename: 'DiasporaOffice',
        id: diasporaOffice.id,
        change: 'UPDATED',
        municipalityId: diasporaOffice.municipalityId,
      });
      return { diasporaOffice };
    },
  }),
);

builder.mutationField('archiveDiasporaOffice', (t) =>
  t.field({
    type: DiasporaOfficePayload('ArchiveDiasporaOfficePayload'),
    description: 'Closes the office; the municipality may then open another.',
    authScopes: async (_root, { input }, ctx) => ({
      municipalityEditor: await officeMunicipalityId(ctx, input.id.id),
    }),
    args: { input: t.arg({ type: ArchiveDiasporaOfficeInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const diasporaOffice = await ctx.prisma.diasporaOffice.update({
        where: { id: input.id.id },
        data: { archivedAt: new Date() },
      });
      publishDirectoryChange(ctx, {
        typename: 'DiasporaOffice',
        id: diasporaOffice.id,
        change: 'ARCHIVED',
        municipalityId: diasporaOffice.municipalityId,
      });
      return { diasporaOffice };
    },
  }),
);
