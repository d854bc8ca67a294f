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

const interestDescriptions: Record<DiasporaInterest, { description: string }> = {
  INVESTMENT: { description: 'Investing in BiH, e.g. in a firm in the home municipality.' },
  KNOWLEDGE_TRANSFER: { description: 'Passing on know-how and expertise.' },
  MENTORING: { description: 'Mentoring, e.g. of small firms or young people.' },
  PHILANTHROPY: { description: 'Donations and humanitarian help.' },
  CULTURE: { description: 'Culture and cultural exchange.' },
  TOURISM: { description: 'Tourism to and in BiH.' },
  EDUCATION: { description: 'Education, training and scholarships.' },
  CIVIL_SOCIETY: { description: 'Civil society: associations, volunteering, local initiatives.' },
};

export const DiasporaInterestEnum = builder.enumType('DiasporaInterest', {
  description: 'How a diaspora member would like to contribute to their home municipality.',
  values: Object.fromEntries(
    diasporaInterests.map((interest) => [interest, interestDescriptions[interest]]),
  ) as typeof interestDescriptions,
});
export const ConsentScopeEnum = builder.enumType(ConsentScope, {
  name: 'ConsentScope',
  description:
    'What a diaspora member agreed may be stored: MAPPING (no personal fields), NAME (the ' +
    'full name), CONTACT (name, e-mail and phone).',
  values: {
    MAPPING: {
      description:
        'Mapping data only (country, city, skills, sectors, interests, languages); no name or ' +
        'contacts.',
    },
    NAME: { description: 'Mapping data and the full name.' },
    CONTACT: { description: 'Mapping data, the full name, e-mail and phone.' },
  },
});
const MemberGroupingEnum = builder.enumType('DiasporaMemberGrouping', {
  description: 'What `diasporaMemberCounts` groups diaspora members by.',
  values: {
    COUNTRY: { description: 'Country of residence; each member is in exactly one group.' },
    SKILL: { description: 'Skill; a member with several skills counts in each of them.' },
    SECTOR: { description: 'Sector; a member counts in each of their sectors.' },
    INTEREST: { description: 'Interest (`DiasporaInterest`); a member counts in each.' },
    LANGUAGE: { description: 'Language (ISO 639-1 code); a member counts in each.' },
  } as const,
});

/** Who sees a member's personal and identifying fields (`municipalityEditor` of the home). */
const whoSees =
  'Only network administrators of every programme and the home municipality’s coordinators ' +
  'and deputies see it; null for everyone else.';

/** Name and contacts: for network admins and the home municipality's coordinators, and only
 * under consent whose scope allows the field; null for everyone else. */
const personalField = (field: keyof PersonalFields, what: string, scopes: string) => ({
  nullable: true as const,
  description:
    `${what}; stored only while active consent covers it (${scopes}), null otherwise. ` + whoSees,
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
  description: whoSees,
  authScopes: (member: DiasporaMember) => ({ municipalityEditor: member.homeMunicipalityId }),
  unauthorizedResolver: () => null,
};

const ConsentRef = builder.objectRef<DiasporaMember>('DiasporaConsent').implement({
  description:
    'A member’s consent to the storing of their personal data: the latest given, withdrawn or ' +
    'not. Only network administrators of every programme and the home municipality’s ' +
    'coordinators and deputies see it.',
  authScopes: (member, ctx) => canEditMunicipality(ctx.viewer, member.homeMunicipalityId),
  fields: (t) => ({
    scope: t.field({
      type: ConsentScopeEnum,
      description: 'What the member agreed may be stored (also after a withdrawal).',
      authScopes: { public: true },
      resolve: (member) => member.consentScope!,
    }),
    givenAt: t.field({
      type: 'DateTime',
      description: 'When it was given, or last renewed or changed.',
      authScopes: { public: true },
      resolve: (member) => member.consentGivenAt!,
    }),
    withdrawnAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the member withdrew it; null while it is active.',
      authScopes: { public: true },
      resolve: (member) => member.consentWithdrawnAt,
    }),
    active: t.boolean({
      description: 'Given and not withdrawn: the member is listed and counted (unless archived).',
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
    'A member of the diaspora, mapped by country, skills and interests; name and contacts ' +
    'are kept only with their consent. Signed-in users see country, home municipality, association, sectors ' +
    'and interests of members who are listed (active consent, not archived); city, skills, ' +
    'languages, consent, name and contacts, and members who are not listed, only network ' +
    'administrators of every programme and the home municipality’s coordinators and deputies ' +
    '(`node(id:)` answers FORBIDDEN to others).',
  // Whoever may not list a member may not read them by id either: without active consent a
  // member is known only to those who keep the record.
  authScopes: (member) =>
    activeConsentScope(member) !== null && !member.archivedAt
      ? { authenticated: true }
      : { municipalityEditor: member.homeMunicipalityId },
  fields: (t) => ({
    country: t.exposeString('country', {
      description: 'ISO 3166-1 alpha-2 code of the country of residence.',
      authScopes: { authenticated: true },
    }),
    city: t.exposeString('city', {
      ...workingWith,
      description: `City of residence, e.g. "Luzern"; null when not given. ${whoSees}`,
    }),
    homeMunicipality: t.relation('homeMunicipality', {
      description:
        'The municipality in BiH the member comes from; its coordinators keep the record.',
      authScopes: { authenticated: true },
    }),
    association: t.relation('association', {
      nullable: true,
      description: 'The diaspora association the member belongs to; null when none.',
      authScopes: { authenticated: true },
    }),
    skills: t.exposeStringList('skills', {
      ...workingWith,
      description: `Skills, e.g. "mašinstvo". ${whoSees}`,
    }),
    sectors: t.exposeStringList('sectors', {
      description: 'Sectors the member works in, e.g. "zdravstvo".',
      authScopes: { authenticated: true },
    }),
    interests: t.field({
      type: [DiasporaInterestEnum],
      description: 'How the member would like to contribute.',
      authScopes: { authenticated: true },
      resolve: (member) => member.interests as DiasporaInterest[],
    }),
    languages: t.exposeStringList('languages', {
      ...workingWith,
      description: `Languages spoken, ISO 639-1 codes ("bs", "de"). ${whoSees}`,
    }),
    fullName: t.string(personalField('fullName', 'Full name', '`NAME` or `CONTACT`')),
    email: t.string(personalField('email', 'E-mail address', '`CONTACT`')),
    phone: t.string(personalField('phone', 'Phone number', '`CONTACT`')),
    consent: t.field({
      type: ConsentRef,
      nullable: true,
      description: `The member’s consent; null when none was ever given. ${whoSees}`,
      authScopes: (member) => ({ municipalityEditor: member.homeMunicipalityId }),
      unauthorizedResolver: () => null,
      resolve: (member) => (member.consentGivenAt ? member : null),
    }),
    archivedAt: t.expose('archivedAt', {
      type: 'DateTime',
      nullable: true,
      description:
        'When the record was archived (`archiveDiasporaMember`: personal fields erased, out of ' +
        'lists and counts); null while active.',
      authScopes: { authenticated: true },
    }),
  }),
});

/** A count of members that cannot single out a person (see group-size.ts). */
export const memberCountType = (
  name: string,
  keyDescription: string,
  description = 'How many diaspora members are in one group; small groups get no exact count.',
) =>
  builder.objectRef<ReportedCount>(name).implement({
    description,
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
  homeMunicipalityId: t.globalID({
    for: MunicipalityNode,
    description: 'Only members from this home municipality.',
  }),
  country: t.string({
    description: 'Only members living in this country: an ISO 3166-1 alpha-2 code, e.g. "CH".',
    validate: countryCode,
  }),
  skill: t.string({
    description: 'Only members with this skill (a whole skill, any case; at most 100 characters).',
    validate: skill,
  }),
  interest: t.field({
    type: DiasporaInterestEnum,
    description: 'Only members with this interest.',
  }),
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

/**
 * Filters of the list only: the public counts do not take them, so that no narrower count
 * can be set against a wider one to single a member out.
 */
const listOnlyArgs = builder.args((t) => ({
  associationId: t.globalID({
    for: OrganizationNode,
    description: 'Members of this diaspora association.',
  }),
  sector: t.string({
    description: 'Only members in this sector (a whole sector, any case; at most 100 characters).',
    validate: skill,
  }),
  language: t.string({
    validate: languageCode,
    description: 'ISO 639-1 code; finds only members the viewer works with, like `skill`.',
  }),
}));

type ListArgs = MemberFilterArgs & {
  associationId?: { id: string } | null;
  sector?: string | null;
  language?: string | null;
};

/** The list's filter; a skill or language only among the members the viewer works with. */
function listedMembers(args: ListArgs, ctx: Context) {
  const where = {
    AND: [
      memberWhere(memberFilter(args)),
      args.associationId ? { associationId: args.associationId.id } : {},
      args.sector ? { sectors: { has: args.sector } } : {},
      args.language ? { languages: { has: args.language } } : {},
    ],
  };
  if ((!args.skill && !args.language) || administers(ctx.viewer, null)) return where;
  return { AND: [where, { homeMunicipalityId: { in: editableMunicipalities(ctx.viewer) } }] };
}

builder.queryField('diasporaMembers', (t) =>
  t.prismaConnection(
    {
      type: 'DiasporaMember',
      cursor: 'id',
      description:
        'Mapped diaspora members with active consent (not archived), by country. Signed-in ' +
        'users only (else UNAUTHENTICATED); which fields they see, `DiasporaMember` says. ' +
        '`skill` and `language` find only members the viewer works with (theirs to see): those ' +
        'of the municipalities they coordinate, or all for network administrators of every ' +
        'programme.',
      authScopes: { authenticated: true },
      args: { ...memberFilterArgs, ...listOnlyArgs },
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
      '`fewerThan`, whoever asks; groups without a count come last, by key.',
    authScopes: { public: true },
    args: {
      by: t.arg({ type: MemberGroupingEnum, required: true, description: 'What to group by.' }),
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

// Descriptions the create and update inputs share.
const countryInput = 'Country of residence: an ISO 3166-1 alpha-2 code, e.g. "CH" (any case).';
const cityInput = 'City of residence; at most 200 characters.';
const associationInput = 'The diaspora association the member belongs to.';
const tagsInput = (what: string) =>
  `${what}, stored lower-case and trimmed; at most 50, each 1–100 characters.`;
const languagesInput = 'Languages spoken: at most 20 ISO 639-1 codes, e.g. "bs", "de".';
const nameInput = 'Full name; 1–200 characters; needs consent with scope `NAME` or `CONTACT`.';
const emailInput = 'E-mail address, at most 320 characters; needs consent with scope `CONTACT`.';
const phoneInput = 'Phone number, e.g. "+41 41 123 45 67"; needs consent with scope `CONTACT`.';

const DiasporaConsentInput = builder.inputType('DiasporaConsentInput', {
  description: 'A consent the member gave (on paper or in person) to the storing of their data.',
  fields: (t) => ({
    scope: t.field({
      type: ConsentScopeEnum,
      required: true,
      description: 'What the member agreed may be stored.',
    }),
    givenAt: t.field({ type: 'DateTime', description: 'Default: now. Not in the future.' }),
  }),
});

const CreateDiasporaMemberInput = builder.inputType('CreateDiasporaMemberInput', {
  description:
    'A diaspora member to map. fullName needs consent with scope NAME or CONTACT; email and ' +
    'phone need CONTACT. Without them, they are refused (BAD_USER_INPUT), never stored.',
  fields: (t) => ({
    country: t.string({ required: true, description: countryInput, validate: countryCode }),
    city: t.string({ description: cityInput, validate: optionalText(200) }),
    homeMunicipalityId: t.globalID({
      required: true,
      for: MunicipalityNode,
      description: 'The municipality in BiH the member comes from; it cannot be changed later.',
    }),
    associationId: t.globalID({ for: OrganizationNode, description: associationInput }),
    skills: t.stringList({ description: tagsInput('Skills'), validate: tags }),
    sectors: t.stringList({ description: tagsInput('Sectors'), validate: tags }),
    interests: t.field({ type: [DiasporaInterestEnum], description: 'How they would contribute.' }),
    languages: t.stringList({ description: languagesInput, validate: languages }),
    consent: t.field({
      type: DiasporaConsentInput,
      description:
        'Their consent; without it the member is stored but neither listed nor counted, and ' +
        'no personal field is accepted.',
    }),
    fullName: t.string({ description: nameInput, validate: requiredText(200) }),
    email: t.string({ description: emailInput, validate: email }),
    phone: t.string({ description: phoneInput, validate: phone }),
  }),
});

const UpdateDiasporaMemberInput = builder.inputType('UpdateDiasporaMemberInput', {
  description:
    'Fields left out stay as they are; null clears (a list becomes empty). Personal fields ' +
    'need the member’s active consent as on create; null always clears them.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: DiasporaMemberNode,
      description: 'The member to change.',
    }),
    country: t.string({ description: `${countryInput} Cannot be null.`, validate: countryCode }),
    city: t.string({ description: cityInput, validate: optionalText(200) }),
    associationId: t.globalID({ for: OrganizationNode, description: associationInput }),
    skills: t.stringList({ description: tagsInput('Skills'), validate: tags }),
    sectors: t.stringList({ description: tagsInput('Sectors'), validate: tags }),
    interests: t.field({ type: [DiasporaInterestEnum], description: 'How they would contribute.' }),
    languages: t.stringList({ description: languagesInput, validate: languages }),
    fullName: t.string({ description: nameInput, validate: requiredText(200) }),
    email: t.string({ description: emailInput, validate: email }),
    phone: t.string({ description: phoneInput, validate: phone }),
  }),
});

const RecordDiasporaMemberConsentInput = builder.inputType('RecordDiasporaMemberConsentInput', {
  description: 'Gives, renews or narrows consent; fields the new scope excludes are erased.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: DiasporaMemberNode, description: 'The member.' }),
    consent: t.field({
      type: DiasporaConsentInput,
      required: true,
      description: 'The consent now given; it replaces the previous one.',
    }),
  }),
});

const WithdrawDiasporaMemberConsentInput = builder.inputType('WithdrawDiasporaMemberConsentInput', {
  description: 'Whose consent to withdraw.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: DiasporaMemberNode,
      description: 'The member who withdrew their consent.',
    }),
  }),
});

const ArchiveDiasporaMemberInput = builder.inputType('ArchiveDiasporaMemberInput', {
  description: 'Which member to archive.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: DiasporaMemberNode,
      description: 'The member to archive.',
    }),
  }),
});

/** Who may write a member's records, for the mutations' descriptions (see memberScopes). */
const memberEditors =
  'The home municipality’s coordinators and deputies, or network administrators of every ' +
  'programme (else FORBIDDEN). ';

/** Who may change a member's records (and consents): as for its home municipality. */
export async function memberScopes(ctx: Context, id: string) {
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
    type: recordPayload('CreateDiasporaMemberPayload', 'member', DiasporaMemberNode),
    description:
      'Maps a diaspora member, with their consent if given. ' +
      memberEditors +
      'Refuses personal fields the consent does not cover, a `consent.givenAt` in the future ' +
      'and IDs of records that do not exist (BAD_USER_INPUT). Publishes `directoryChanged` ' +
      '(CREATED), to the same people only.',
    authScopes: (_root, { input }) => ({ municipalityEditor: input.homeMunicipalityId.id }),
    args: {
      input: t.arg({
        type: CreateDiasporaMemberInput,
        required: true,
        description: 'The member and their consent.',
      }),
    },
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
    type: recordPayload('UpdateDiasporaMemberPayload', 'member', DiasporaMemberNode),
    description:
      'Changes a member’s mapping and personal fields (not the home municipality). ' +
      memberEditors +
      'Refuses personal fields the member’s active consent does not cover and a null ' +
      '`country` (BAD_USER_INPUT), an unknown `id` (NOT_FOUND). Publishes `directoryChanged` ' +
      '(UPDATED), to the same people only.',
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: UpdateDiasporaMemberInput,
        required: true,
        description: 'The member and the fields to change.',
      }),
    },
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
    type: recordPayload('RecordDiasporaMemberConsentPayload', 'member', DiasporaMemberNode),
    description:
      'Records consent a member gave: first given, renewed after a withdrawal, or with a new ' +
      'scope; personal fields the new scope does not allow are erased in the same write. ' +
      memberEditors +
      'Refuses a `givenAt` in the future (BAD_USER_INPUT), an unknown `id` (NOT_FOUND). ' +
      'Publishes `directoryChanged` (UPDATED), to the same people only.',
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: RecordDiasporaMemberConsentInput,
        required: true,
        description: 'The member and the consent.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const member = await recordConsent(ctx.prisma, input.id.id, input.consent);
      publishMember(ctx, member, 'UPDATED');
      return { member };
    },
  }),
);

builder.mutationField('withdrawDiasporaMemberConsent', (t) =>
  t.field({
    type: recordPayload('WithdrawDiasporaMemberConsentPayload', 'member', DiasporaMemberNode),
    description:
      'Records that a member withdrew consent: erases name, e-mail and phone in the same ' +
      'transaction; the mapping stays, but the member leaves every list and count. ' +
      memberEditors +
      'Refuses a member without active consent (CONFLICT), an unknown `id` (NOT_FOUND). ' +
      'Publishes `directoryChanged` (UPDATED), to the same people only.',
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: WithdrawDiasporaMemberConsentInput,
        required: true,
        description: 'The member.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const member = await withdrawConsent(ctx.prisma, input.id.id);
      publishMember(ctx, member, 'UPDATED');
      return { member };
    },
  }),
);

builder.mutationField('archiveDiasporaMember', (t) =>
  t.field({
    type: recordPayload('ArchiveDiasporaMemberPayload', 'member', DiasporaMemberNode),
    description:
      'Hides the member from lists and counts and erases their personal fields. ' +
      memberEditors +
      'An unknown `id` is NOT_FOUND. Publishes `directoryChanged` (ARCHIVED), to the same ' +
      'people only.',
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: ArchiveDiasporaMemberInput,
        required: true,
        description: 'The member.',
      }),
    },
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

const acronymInput = 'Its abbreviation, as it uses it; at most 50 characters.';
const associationCity = {
  description: 'Where it is based; at most 200 characters.',
  validate: optionalText(200),
};
const websiteInput = 'An http(s) URL, at most 500 characters.';

const CreateDiasporaAssociationInput = builder.inputType('CreateDiasporaAssociationInput', {
  description: 'An organisation of kind DIASPORA_ASSOCIATION.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'Its name, e.g. "Prijatelji Ključa"; 1–300 characters, trimmed.',
      validate: requiredText(300),
    }),
    acronym: t.string({ description: acronymInput, validate: optionalText(50) }),
    country: t.string({
      required: true,
      description: 'Where it is based: an ISO 3166-1 alpha-2 code, e.g. "CH" (any case).',
      validate: countryCode,
    }),
    city: t.string(associationCity),
    website: t.string({ description: websiteInput, validate: website }),
    homeMunicipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'Its home municipality in BiH; that municipality’s editors may then edit it.',
    }),
  }),
});

const UpdateDiasporaAssociationInput = builder.inputType('UpdateDiasporaAssociationInput', {
  description: 'Fields left out stay as they are; null clears an optional field.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: OrganizationNode,
      description: 'The association to change.',
    }),
    name: t.string({
      description: 'Its name; 1–300 characters; cannot be null.',
      validate: requiredText(300),
    }),
    acronym: t.string({ description: acronymInput, validate: optionalText(50) }),
    country: t.string({
      description: 'Where it is based: an ISO 3166-1 alpha-2 code; cannot be null.',
      validate: countryCode,
    }),
    city: t.string(associationCity),
    website: t.string({ description: websiteInput, validate: website }),
    homeMunicipalityId: t.globalID({
      for: MunicipalityNode,
      description:
        'Its home municipality in BiH; when given, one the caller may edit (else FORBIDDEN). ' +
        'Null detaches it.',
    }),
  }),
});

const ArchiveDiasporaAssociationInput = builder.inputType('ArchiveDiasporaAssociationInput', {
  description: 'Which association to archive.',
  fields: (t) => ({
    id: t.globalID({
      required: true,
      for: OrganizationNode,
      description: 'The association to archive.',
    }),
  }),
});

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

/** Who may change an association, for the mutations' descriptions (see associationScopes). */
const associationEditors =
  'Its diaspora representatives, its home municipality’s coordinators and deputies, or ' +
  'network administrators of every programme (else FORBIDDEN). ';

builder.mutationField('createDiasporaAssociation', (t) =>
  t.field({
    type: recordPayload('CreateDiasporaAssociationPayload', 'association', OrganizationNode),
    description:
      'Adds a diaspora association. With `homeMunicipalityId`, that municipality’s ' +
      'coordinators and deputies or network administrators of every programme; without, ' +
      'network administrators of every programme only (else FORBIDDEN). Refuses a ' +
      '`homeMunicipalityId` that does not exist (BAD_USER_INPUT). Publishes ' +
      '`directoryChanged` (CREATED).',
    authScopes: (_root, { input }) =>
      input.homeMunicipalityId
        ? { municipalityEditor: input.homeMunicipalityId.id }
        : { networkAdmin: true },
    args: {
      input: t.arg({
        type: CreateDiasporaAssociationInput,
        required: true,
        description: 'The new association.',
      }),
    },
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
    type: recordPayload('UpdateDiasporaAssociationPayload', 'association', OrganizationNode),
    description:
      'Changes a diaspora association’s profile. ' +
      associationEditors +
      'Refuses a `homeMunicipalityId` the caller may not edit (FORBIDDEN), null for `name` ' +
      'or `country` (BAD_USER_INPUT), an ID of no diaspora association (NOT_FOUND). ' +
      'Publishes `directoryChanged` (UPDATED).',
    authScopes: (_root, { input }, ctx) => associationScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: UpdateDiasporaAssociationInput,
        required: true,
        description: 'The association and the fields to change.',
      }),
    },
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
    type: recordPayload('ArchiveDiasporaAssociationPayload', 'association', OrganizationNode),
    description:
      'Hides a diaspora association from lists; members and records that name it keep it. ' +
      associationEditors +
      'An ID of no diaspora association is NOT_FOUND. Publishes `directoryChanged` (ARCHIVED).',
    authScopes: (_root, { input }, ctx) => associationScopes(ctx, input.id.id),
    args: {
      input: t.arg({
        type: ArchiveDiasporaAssociationInput,
        required: true,
        description: 'The association.',
      }),
    },
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
