import { z } from 'zod';
import { builder } from '../../builder.js';
import { BadUserInputError, ForbiddenError } from '../../errors.js';
import { OrganizationKind, type Organization } from '../../generated/prisma/client.js';
import { searchFilter } from '../../search.js';
import type { Context } from '../../context.js';
import { administers } from '../accounts/grants.js';
import { publishDirectoryChange } from '../directory/events.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { recordPayload } from '../payload.js';

// --- Types -----------------------------------------------------------------------------------

export const OrganizationKindEnum = builder.enumType(OrganizationKind, {
  name: 'OrganizationKind',
});

export const OrganizationNode = builder.prismaNode('Organization', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name'),
    acronym: t.exposeString('acronym', { nullable: true, description: 'e.g. "MLJPI", "UNDP".' }),
    kind: t.expose('kind', { type: OrganizationKindEnum }),
    country: t.exposeString('country', {
      nullable: true,
      description: 'ISO 3166-1 alpha-2 code of the country it is based in.',
    }),
    city: t.exposeString('city', { nullable: true }),
    website: t.exposeString('website', { nullable: true }),
    programmes: t.relation('programmes', { description: 'Its parts in programmes.' }),
    homeMunicipality: t.relation('homeMunicipality', {
      nullable: true,
      description: 'A diaspora association’s home municipality in BiH.',
      authScopes: { public: true },
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { public: true },
    }),
  }),
});

/** Tells `directoryChanged` subscribers; call only after the write has committed. */
export const publishOrganization = (
  ctx: Context,
  organization: Organization,
  change: 'CREATED' | 'UPDATED' | 'ARCHIVED',
) =>
  publishDirectoryChange(ctx, {
    typename: 'Organization',
    id: organization.id,
    change,
    municipalityId: organization.homeMunicipalityId,
  });

// --- Queries ---------------------------------------------------------------------------------

const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as "CH"')
  .transform((code) => code.toUpperCase());

builder.queryField('organizations', (t) =>
  t.prismaConnection(
    {
      type: 'Organization',
      cursor: 'id',
      authScopes: { public: true },
      args: {
        search: t.arg.string({
          description: 'Matches name, acronym and city, ignoring case and diacritics.',
          validate: z.string().max(200),
        }),
        kind: t.arg({ type: OrganizationKindEnum }),
        country: t.arg.string({ validate: countryCode }),
        homeMunicipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description: 'Only diaspora associations from this municipality.',
        }),
        includeArchived: t.arg.boolean({ defaultValue: false }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.organization.findMany({
          ...query,
          where: organizationFilter(args),
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.organization.count({ where: organizationFilter(args) }),
    },
    { name: 'OrganizationConnection' },
    { name: 'OrganizationEdge' },
  ),
);

function organizationFilter(args: {
  search?: string | null;
  kind?: OrganizationKind | null;
  country?: string | null;
  homeMunicipalityId?: { id: string } | null;
  includeArchived?: boolean | null;
}) {
  return {
    ...searchFilter(args.search),
    ...(args.kind ? { kind: args.kind } : {}),
    ...(args.country ? { country: args.country } : {}),
    ...(args.homeMunicipalityId ? { homeMunicipalityId: args.homeMunicipalityId.id } : {}),
    ...(args.includeArchived ? {} : { archivedAt: null }),
  };
}
// --- Mutations -------------------------------------------------------------------------------

const optionalText = (max: number) => z.string().trim().max(max);

const UpdateOrganizationInput = builder.inputType('UpdateOrganizationInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: OrganizationNode }),
    name: t.string({ validate: z.string().trim().min(1, 'must not be blank').max(300) }),
    kind: t.field({
      type: OrganizationKindEnum,
      description: 'Network administrators of every programme only.',
    }),
    acronym: t.string({ validate: optionalText(40) }),
    country: t.string({ validate: countryCode }),
    city: t.string({ validate: optionalText(200) }),
    website: t.string({ validate: z.url({ protocol: /^https?$/ }).max(500) }),
  }),
});

builder.mutationField('updateOrganization', (t) =>
  t.field({
    type: recordPayload('UpdateOrganizationPayload', 'organization', OrganizationNode),
    description: "An organisation's profile: its diaspora representatives and network admins.",
    authScopes: (_root, { input }) => ({ organizationEditor: input.id.id }),
    args: { input: t.arg({ type: UpdateOrganizationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, name, kind, ...optional } = input;
      if (name === null || kind === null)
        throw new BadUserInputError('name and kind cannot be null');
      if (kind && !administers(ctx.viewer, null)) {
        throw new ForbiddenError('Only network administrators change an organisation’s kind');
      }
      const organization = await ctx.prisma.organization.update({
        where: { id: id.id },
        data: { name, kind, ...optional },
      });
      return { organization };
    },
  }),
);
