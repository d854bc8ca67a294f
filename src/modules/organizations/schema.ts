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
  description: 'What kind of organisation it is.',
  values: {
    MINISTRY: {
      description: 'A ministry, e.g. the Ministry for Human Rights and Refugees (MLJPI).',
    },
    GOVERNMENT: { description: 'Another government body or public institution.' },
    DONOR: { description: 'A donor government or agency, e.g. the Swiss Government, USAID.' },
    UN_AGENCY: { description: 'A United Nations agency, e.g. UNDP.' },
    INTERNATIONAL_ORGANIZATION: { description: 'Another international organisation.' },
    FOUNDATION: { description: 'A foundation, e.g. Porticus.' },
    DIASPORA_ASSOCIATION: {
      description:
        'An association of the diaspora abroad; it may have a home municipality, and ' +
        'representatives who edit its profile.',
    },
    NGO: { description: 'A non-governmental organisation.' },
    MEDIA: { description: 'A media house or portal, e.g. BH Radio 1.' },
    BUSINESS: { description: 'A company.' },
    OTHER: { description: 'Any other kind.' },
  },
});

export const OrganizationNode = builder.prismaNode('Organization', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description:
    'An organisation of any kind — a ministry, donor, UN agency, media house, diaspora ' +
    'association… — in the register network administrators keep. Public.',
  authScopes: { public: true },
  fields: (t) => ({
    name: t.exposeString('name', { description: 'Its full name (at most 300 characters).' }),
    acronym: t.exposeString('acronym', {
      nullable: true,
      description: 'Its short name, e.g. "MLJPI", "UNDP"; null if none.',
    }),
    kind: t.expose('kind', { type: OrganizationKindEnum, description: 'What kind it is.' }),
    country: t.exposeString('country', {
      nullable: true,
      description: 'ISO 3166-1 alpha-2 code of the country it is based in; null if not given.',
    }),
    city: t.exposeString('city', {
      nullable: true,
      description: 'The city it is based in; null if not given.',
    }),
    website: t.exposeString('website', {
      nullable: true,
      description: 'Its website, an http(s) URL; null if none.',
    }),
    programmes: t.relation('programmes', { description: 'Its parts in programmes.' }),
    homeMunicipality: t.relation('homeMunicipality', {
      nullable: true,
      description: 'A diaspora association’s home municipality in BiH.',
      authScopes: { public: true },
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When it was archived (it is then left out of `organizations` unless ' +
        '`includeArchived`); null while current.',
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
      description: 'The register of organisations, by name; public. Archived ones on request.',
      authScopes: { public: true },
      args: {
        search: t.arg.string({
          description: 'Matches name, acronym and city, ignoring case and diacritics.',
          validate: z.string().max(200),
        }),
        kind: t.arg({
          type: OrganizationKindEnum,
          description: 'Only organisations of this kind.',
        }),
        country: t.arg.string({
          description: 'Only those based in this country: an ISO 3166-1 alpha-2 code, any case.',
          validate: countryCode,
        }),
        homeMunicipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description: 'Only diaspora associations from this municipality.',
        }),
        includeArchived: t.arg.boolean({
          defaultValue: false,
          description: 'Archived organisations too.',
        }),
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
    id: t.globalID({ required: true, for: OrganizationNode, description: 'The organisation.' }),
    name: t.string({
      description: 'A new name (not blank, at most 300 characters; null is refused).',
      validate: z.string().trim().min(1, 'must not be blank').max(300),
    }),
    kind: t.field({
      type: OrganizationKindEnum,
      description:
        'A new kind: network administrators of every programme only (FORBIDDEN for others; ' +
        'null is refused).',
    }),
    acronym: t.string({
      description: 'A new short name (at most 40 characters); null clears it.',
      validate: optionalText(40),
    }),
    country: t.string({
      description: 'A new country: ISO 3166-1 alpha-2 code, any case; null clears it.',
      validate: countryCode,
    }),
    city: t.string({
      description: 'A new city (at most 200 characters); null clears it.',
      validate: optionalText(200),
    }),
    website: t.string({
      description: 'A new website, an http(s) URL (at most 500 characters); null clears it.',
      validate: z.url({ protocol: /^https?$/ }).max(500),
    }),
  }),
});

builder.mutationField('updateOrganization', (t) =>
  t.field({
    type: recordPayload('UpdateOrganizationPayload', 'organization', OrganizationNode),
    description:
      'Changes an organisation’s profile. For its diaspora representatives and the network ' +
      'administrators of every programme; NOT_FOUND for an unknown organisation.',
    authScopes: (_root, { input }) => ({ organizationEditor: input.id.id }),
    args: {
      input: t.arg({
        type: UpdateOrganizationInput,
        required: true,
        description: 'The organisation and the changes.',
      }),
    },
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
