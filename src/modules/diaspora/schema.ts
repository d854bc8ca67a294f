import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { ForbiddenError } from '../../errors.js';
import { ConsentScope, type DiasporaMember } from '../../generated/prisma/client.js';
import { administers, canEditMunicipality, editableMunicipalities } from '../accounts/grants.js';
import { publishDirectoryChange } from '../directory/events.js';
import {
  countryCode,
  email,
  languageCode,
  notNull,
  optionalText,
  phone,
  requiredText,
  website,
} from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode, publishOrganization } from '../organizations/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import {
  activeConsentScope,
  consentAllows,
  countMembers,
  createMember,
  type MemberGrouping,
  memberWhere,
  type PersonalFields,
  recordConsent,
  updateMember,
  withdrawConsent,
} from './service.js';
import { recordPayload } from '../payload.js';
import { type ReportedCount, withMinimumGroupSize } from './group-size.js';

// --- Types -----------------------------------------------------------------------------------

/** Stored as text (see prisma/schema.prisma); the migration's CHECK lists the same values. */
export const diasporaInterests = [
  'INVESTMENT',
  'KNOWLEDGE_TRANSFER',
  'MENTORING',
  'PHILANTHROPY',
  'CULTURE',
  'TOURISM',
  'EDUCATION',
  'CIVIL_SOCIETY',
] as const;
export type DiasporaInterest = (typeof diasporaInterests)[number];

export const DiasporaInterestEnum = builder.enumType('DiasporaInterest', {
  values: diasporaInterests,
});
export const ConsentScopeEnum = builder.enumType(ConsentScope, {
  name: 'ConsentScope',
  description:
    'What a diaspora member agreed may be stored: MAPPING (no personal fields), NAME (the ' +
    'full name), CONTACT (name, e-mail and phone).',
});
const MemberGroupingEnum = builder.enumType('DiasporaMemberGrouping', {
  values: ['COUNTRY', 'SKILL', 'SECTOR', 'INTEREST', 'LANGUAGE'] as const,
});

/** Name and contacts: for network admins and the home municipality's coordinators, and only
 * under consent whose scope allows the field; null for everyone else. */
const personalField = (field: keyof PersonalFields) => ({
  nullable: true as const,
  description: 'Only under consent, for network administrators and home coordinators.',
  authScopes: (member: DiasporaMember) => ({ municipalityEditor: member.homeMunicipalityId }),
  unauthorizedResolver: () => null,
  resolve: (member: DiasporaMember) => (consentAllows(member, field) ? member[field] : null),
});

/**
 * City, skills and languages together identify a person: only for the roles that work with
 * the member (network administrators, the home municipality's coordinators); null for others,
 * who get the aggregates (diasporaMemberCounts).
 */
const workingWith = {
  nullable: true as const,
  description: 'For network administrators and home coordinators; null for others.',
  authScopes: (member: DiasporaMember) => ({ municipalityEditor: member.homeMunicipalityId }),
  unauthorizedResolver: () => null,
};

const ConsentRef = builder.objectRef<DiasporaMember>('DiasporaConsent').implement({
  description: 'A member’s consent to the storing of their personal data.',
  authScopes: (member, ctx) => canEditMunicipality(ctx.viewer, member.homeMunicipalityId),
  fields: (t) => ({
    scope: t.field({
      type: ConsentScopeEnum,
      authScopes: { public: true },
      resolve: (member) => member.consentScope!,
    }),
    givenAt: t.field({
      type: 'DateTime',
      authScopes: { public: true },
      resolve: (member) => member.consentGivenAt!,
    }),
    withdrawnAt: t.field({
      type: 'DateTime',
      nullable: true,
      authScopes: { public: true },
      resolve: (member) => member.consentWithdrawnAt,
    }),
    active: t.boolean({
      authScopes: { public: true },
      resolve: (member) => activeConsentScope(member) !== null,
    }),
  }),
});

export const DiasporaMemberNode = builder.prismaNode('DiasporaMember', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description:
    'A member of the diaspora, mapped by country, skills and interests. Signed-in users see ' +
    'the mapping; name and contacts exist only under consent.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    country: t.exposeString('country', {
      description: 'ISO 3166-1 alpha-2 code of the country of residence.',
      authScopes: { authenticated: true },
    }),
    city: t.exposeString('city', workingWith),
    homeMunicipality: t.relation('homeMunicipality', { authScopes: { authenticated: true } }),
    association: t.relation('association', {
      nullable: true,
      authScopes: { authenticated: true },
    }),
    skills: t.exposeStringList('skills', workingWith),
    sectors: t.exposeStringList('sectors', { authScopes: { authenticated: true } }),
    interests: t.field({
      type: [DiasporaInterestEnum],
      authScopes: { authenticated: true },
      resolve: (member) => member.interests as DiasporaInterest[],
    }),
    languages: t.exposeStringList('languages', {
      ...workingWith,
      description: `ISO 639-1 codes. ${workingWith.description}`,
    }),
    fullName: t.string(personalField('fullName')),
    email: t.string(personalField('email')),
    phone: t.string(personalField('phone')),
    consent: t.field({
      type: ConsentRef,
      nullable: true,
      description: 'Null when none was ever given; for administrators and home coordinators.',
      authScopes: (member) => ({ municipalityEditor: member.homeMunicipalityId }),
      unauthorizedResolver: () => null,
      resolve: (member) => (member.consentGivenAt ? member : null),
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      authScopes: { authenticated: true },
    }),
  }),
});

/** A count of members that cannot single out a person (see group-size.ts). */
export const memberCountType = (name: string, keyDescription: string) =>
  builder.objectRef<ReportedCount>(name).implement({
    authScopes: { public: true },
    fields: (t) => ({
      key: t.exposeString('key', { description: keyDescription, authScopes: { public: true } }),
      count: t.exposeInt('count', {
        nullable: true,
        description:
          'Null when withheld: the group is smaller than the minimum group size (see ' +
          '`fewerThan`), or its count would let one that is be worked out.',
        authScopes: { public: true },
      }),
      fewerThan: t.exposeInt('fewerThan', {
        nullable: true,
        description: 'The minimum group size, when the group is smaller than it.',
        authScopes: { public: true },
      }),
    }),
  });

const MemberCountRef = memberCountType(
  'DiasporaMemberCount',
  'The country code, skill, sector, interest or language.',
);

builder.prismaObjectFields('Municipality', (t) => ({
  diasporaAssociations: t.relation('associations', {
    description: 'Diaspora associations that name it as their home municipality.',
    authScopes: { public: true },
    query: {
      where: { kind: 'DIASPORA_ASSOCIATION', archivedAt: null },
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
    },
  }),
}));

// --- Queries ---------------------------------------------------------------------------------

const skill = z.string().trim().toLowerCase().min(1).max(100);

const memberFilterArgs = builder.args((t) => ({
  programmeId: t.globalID({
    for: ProgrammeNode,
    description: 'Only members whose home municipality partners in this programme.',
  }),
  homeMunicipalityId: t.globalID({ for: MunicipalityNode }),
  country: t.string({ validate: countryCode }),
  skill: t.string({ validate: skill }),
  interest: t.field({ type: DiasporaInterestEnum }),
}));

type MemberFilterArgs = {
  programmeId?: { id: string } | null;
  homeMunicipalityId?: { id: string } | null;
  country?: string | null;
  skill?: string | null;
  interest?: DiasporaInterest | null;
};

const memberFilter = (args: MemberFilterArgs) => ({
  programmeId: args.programmeId?.id,
  homeMunicipalityId: args.homeMunicipalityId?.id,
  country: args.country,
  skill: args.skill,
  interest: args.interest,
});

/** The list's filter; a skill only among the members the viewer works with. */
function listedMembers(args: MemberFilterArgs, ctx: Context) {
  const where = memberWhere(memberFilter(args));
  if (!args.skill || administers(ctx.viewer, null)) return where;
  return { AND: [where, { homeMunicipalityId: { in: editableMunicipalities(ctx.viewer) } }] };
}

builder.queryField('diasporaMembers', (t) =>
  t.prismaConnection(
    {
      type: 'DiasporaMember',
      cursor: 'id',
      description:
        'Signed-in users only; fields as DiasporaMember says. Members with active consent only. ' +
        '`skill` finds only members the viewer works with (a skill is theirs to see).',
      authScopes: { authenticated: true },
      args: memberFilterArgs,
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.diasporaMember.findMany({
          ...query,
          where: listedMembers(args, ctx),
          orderBy: [{ country: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.diasporaMember.count({ where: listedMembers(args, ctx) }),
    },
    { name: 'DiasporaMemberConnection' },
    { name: 'DiasporaMemberEdge' },
  ),
);

builder.queryField('diasporaMemberCounts', (t) =>
  t.field({
    type: [MemberCountRef],
    description:
      'How many mapped diaspora members (with active consent) per country, skill, sector, ' +
      'interest or language, largest first: aggregate figures, open to anyone. A group ' +
      'smaller than the minimum group size (MIN_GROUP_SIZE, 5) has no count, only ' +
      '`fewerThan`, whoever asks.',
    authScopes: { public: true },
    args: {
      by: t.arg({ type: MemberGroupingEnum, required: true }),
      ...memberFilterArgs,
    },
    resolve: async (_root, args, ctx) =>
      withMinimumGroupSize(
        await countMembers(ctx.prisma, args.by as MemberGrouping, memberFilter(args)),
        ctx.config.minGroupSize,
        { partition: args.by === 'COUNTRY' },
      ),
  }),
);

// --- Mutations: diaspora members -------------------------------------------------------------

const tags = z.array(skill).max(50);
const languages = z.array(languageCode).max(20);

const DiasporaConsentInput = builder.inputType('DiasporaConsentInput', {
  fields: (t) => ({
    scope: t.field({ type: ConsentScopeEnum, required: true }),
    givenAt: t.field({ type: 'DateTime', description: 'Default: now. Not in the future.' }),
  }),
});

const CreateDiasporaMemberInput = builder.inputType('CreateDiasporaMemberInput', {
  description:
    'fullName needs consent with scope NAME or CONTACT; email and phone need CONTACT. Without ' +
    'them, they are refused (BAD_USER_INPUT), never stored.',
  fields: (t) => ({
    country: t.string({ required: true, validate: countryCode }),
    city: t.string({ validate: optionalText(200) }),
    homeMunicipalityId: t.globalID({ required: true, for: MunicipalityNode }),
    associationId: t.globalID({ for: OrganizationNode }),
    skills: t.stringList({ validate: tags }),
    sectors: t.stringList({ validate: tags }),
    interests: t.field({ type: [DiasporaInterestEnum] }),
    languages: t.stringList({ validate: languages }),
    consent: t.field({ type: DiasporaConsentInput }),
    fullName: t.string({ validate: requiredText(200) }),
    email: t.string({ validate: email }),
    phone: t.string({ validate: phone }),
  }),
});

const UpdateDiasporaMemberInput = builder.inputType('UpdateDiasporaMemberInput', {
  description: 'Fields left out stay as they are; null clears. Personal fields as on create.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: DiasporaMemberNode }),
    country: t.string({ validate: countryCode }),
    city: t.string({ validate: optionalText(200) }),
    associationId: t.globalID({ for: OrganizationNode }),
    skills: t.stringList({ validate: tags }),
    sectors: t.stringList({ validate: tags }),
    interests: t.field({ type: [DiasporaInterestEnum] }),
    languages: t.stringList({ validate: languages }),
    fullName: t.string({ validate: requiredText(200) }),
    email: t.string({ validate: email }),
    phone: t.string({ validate: phone }),
  }),
});

const RecordDiasporaMemberConsentInput = builder.inputType('RecordDiasporaMemberConsentInput', {
  description: 'Gives, renews or narrows consent; fields the new scope excludes are erased.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: DiasporaMemberNode }),
    consent: t.field({ type: DiasporaConsentInput, required: true }),
  }),
});

const WithdrawDiasporaMemberConsentInput = builder.inputType('WithdrawDiasporaMemberConsentInput', {
  fields: (t) => ({ id: t.globalID({ required: true, for: DiasporaMemberNode }) }),
});

const ArchiveDiasporaMemberInput = builder.inputType('ArchiveDiasporaMemberInput', {
  fields: (t) => ({ id: t.globalID({ required: true, for: DiasporaMemberNode }) }),
});

const DiasporaMemberPayload = (name: string) => recordPayload(name, 'member', DiasporaMemberNode);

async function memberScopes(ctx: Context, id: string) {
  const row = await ctx.prisma.diasporaMember.findUnique({
    where: { id },
    select: { homeMunicipalityId: true },
  });
  return { municipalityEditor: row?.homeMunicipalityId ?? '' };
}

const publishMember = (
  ctx: Context,
  member: DiasporaMember,
  change: 'CREATED' | 'UPDATED' | 'ARCHIVED',
) =>
  publishDirectoryChange(ctx, {
    typename: 'DiasporaMember',
    id: member.id,
    change,
    municipalityId: member.homeMunicipalityId,
  });

builder.mutationField('createDiasporaMember', (t) =>
  t.field({
    type: DiasporaMemberPayload('CreateDiasporaMemberPayload'),
    authScopes: (_root, { input }) => ({ municipalityEditor: input.homeMunicipalityId.id }),
    args: { input: t.arg({ type: CreateDiasporaMemberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { homeMunicipalityId, associationId, consent, fullName, email, phone, ...mapping } =
        input;
      const member = await createMember(
        ctx.prisma,
        {
          ...mapping,
          skills: mapping.skills ?? [],
          sectors: mapping.sectors ?? [],
          interests: mapping.interests ?? [],
          languages: mapping.languages ?? [],
          homeMunicipalityId: homeMunicipalityId.id,
          associationId: associationId?.id ?? null,
        },
        { fullName, email, phone },
        consent,
      );
      publishMember(ctx, member, 'CREATED');
      return { member };
    },
  }),
);

builder.mutationField('updateDiasporaMember', (t) =>
  t.field({
    type: DiasporaMemberPayload('UpdateDiasporaMemberPayload'),
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.id.id),
    args: { input: t.arg({ type: UpdateDiasporaMemberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, associationId, fullName, email, phone, country, ...lists } = input;
      const member = await updateMember(
        ctx.prisma,
        id.id,
        {
          country: notNull(country, 'country'),
          city: lists.city,
          skills: lists.skills === null ? [] : lists.skills,
          sectors: lists.sectors === null ? [] : lists.sectors,
          interests: lists.interests === null ? [] : lists.interests,
          languages: lists.languages === null ? [] : lists.languages,
          associationId: associationId === undefined ? undefined : (associationId?.id ?? null),
        },
        { fullName, email, phone },
      );
      publishMember(ctx, member, 'UPDATED');
      return { member };
    },
  }),
);

builder.mutationField('recordDiasporaMemberConsent', (t) =>
  t.field({
    type: DiasporaMemberPayload('RecordDiasporaMemberConsentPayload'),
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.id.id),
    args: { input: t.arg({ type: RecordDiasporaMemberConsentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const member = await recordConsent(ctx.prisma, input.id.id, input.consent);
      publishMember(ctx, member, 'UPDATED');
      return { member };
    },
  }),
);

builder.mutationField('withdrawDiasporaMemberConsent', (t) =>
  t.field({
    type: DiasporaMemberPayload('WithdrawDiasporaMemberConsentPayload'),
    description: 'Erases name, e-mail and phone in the same transaction; the mapping stays.',
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.id.id),
    args: { input: t.arg({ type: WithdrawDiasporaMemberConsentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const member = await withdrawConsent(ctx.prisma, input.id.id);
      publishMember(ctx, member, 'UPDATED');
      return { member };
    },
  }),
);

builder.mutationField('archiveDiasporaMember', (t) =>
  t.field({
    type: DiasporaMemberPayload('ArchiveDiasporaMemberPayload'),
    description: 'Hides the member from lists and counts and erases their personal fields.',
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.id.id),
    args: { input: t.arg({ type: ArchiveDiasporaMemberInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const member = await ctx.prisma.diasporaMember.update({
        where: { id: input.id.id },
        data: { archivedAt: new Date(), fullName: null, email: null, phone: null },
      });
      publishMember(ctx, member, 'ARCHIVED');
      return { member };
    },
  }),
);

// --- Mutations: diaspora associations --------------------------------------------------------

const CreateDiasporaAssociationInput = builder.inputType('CreateDiasporaAssociationInput', {
  description: 'An organisation of kind DIASPORA_ASSOCIATION.',
  fields: (t) => ({
    name: t.string({ required: true, validate: requiredText(300) }),
    acronym: t.string({ validate: optionalText(50) }),
    country: t.string({ required: true, validate: countryCode }),
    city: t.string({ validate: optionalText(200) }),
    website: t.string({ validate: website }),
    homeMunicipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'Its home municipality in BiH; that municipality’s editors may then edit it.',
    }),
  }),
});

const UpdateDiasporaAssociationInput = builder.inputType('UpdateDiasporaAssociationInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: OrganizationNode }),
    name: t.string({ validate: requiredText(300) }),
    acronym: t.string({ validate: optionalText(50) }),
    country: t.string({ validate: countryCode }),
    city: t.string({ validate: optionalText(200) }),
    website: t.string({ validate: website }),
    homeMunicipalityId: t.globalID({ for: MunicipalityNode }),
  }),
});

const ArchiveDiasporaAssociationInput = builder.inputType('ArchiveDiasporaAssociationInput', {
  fields: (t) => ({ id: t.globalID({ required: true, for: OrganizationNode }) }),
});

const AssociationPayload = (name: string) => recordPayload(name, 'association', OrganizationNode);

/** Its representative, its home municipality's editors, or network admins. */
async function associationScopes(ctx: Context, id: string) {
  const row = await ctx.prisma.organization.findFirst({
    where: { id, kind: 'DIASPORA_ASSOCIATION' },
    select: { homeMunicipalityId: true },
  });
  return {
    organizationEditor: row ? id : '',
    ...(row?.homeMunicipalityId ? { municipalityEditor: row.homeMunicipalityId } : {}),
  };
}

const publishAssociation = publishOrganization;

builder.mutationField('createDiasporaAssociation', (t) =>
  t.field({
    type: AssociationPayload('CreateDiasporaAssociationPayload'),
    authScopes: (_root, { input }) =>
      input.homeMunicipalityId
        ? { municipalityEditor: input.homeMunicipalityId.id }
        : { networkAdmin: true },
    args: { input: t.arg({ type: CreateDiasporaAssociationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { homeMunicipalityId, ...data } = input;
      const association = await ctx.prisma.organization.create({
        data: {
          ...data,
          kind: 'DIASPORA_ASSOCIATION',
          homeMunicipalityId: homeMunicipalityId?.id ?? null,
        },
      });
      publishAssociation(ctx, association, 'CREATED');
      return { association };
    },
  }),
);

builder.mutationField('updateDiasporaAssociation', (t) =>
  t.field({
    type: AssociationPayload('UpdateDiasporaAssociationPayload'),
    authScopes: (_root, { input }, ctx) => associationScopes(ctx, input.id.id),
    args: { input: t.arg({ type: UpdateDiasporaAssociationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { id, name, country, homeMunicipalityId, ...optional } = input;
      if (homeMunicipalityId && !canEditMunicipality(ctx.viewer, homeMunicipalityId.id)) {
        throw new ForbiddenError('You may not attach associations to that municipality');
      }
      const association = await ctx.prisma.organization.update({
        where: { id: id.id, kind: 'DIASPORA_ASSOCIATION' },
        data: {
          ...optional,
          name: notNull(name, 'name'),
          country: notNull(country, 'country'),
          homeMunicipalityId:
            homeMunicipalityId === undefined ? undefined : (homeMunicipalityId?.id ?? null),
        },
      });
      publishAssociation(ctx, association, 'UPDATED');
      return { association };
    },
  }),
);

builder.mutationField('archiveDiasporaAssociation', (t) =>
  t.field({
    type: AssociationPayload('ArchiveDiasporaAssociationPayload'),
    authScopes: (_root, { input }, ctx) => associationScopes(ctx, input.id.id),
    args: { input: t.arg({ type: ArchiveDiasporaAssociationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const association = await ctx.prisma.organization.update({
        where: { id: input.id.id, kind: 'DIASPORA_ASSOCIATION' },
        data: { archivedAt: new Date() },
      });
      publishAssociation(ctx, association, 'ARCHIVED');
      return { association };
    },
  }),
);
