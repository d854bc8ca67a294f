// Network administrators keep the register of organisations of every kind (ministries, donors,
// UN agencies, media, NGOs, …) and say which of them fund and implement a programme.
// Diaspora associations have their own mutations too (src/modules/diaspora), open to their
// representatives and home municipalities.
import { z } from 'zod';
import { builder } from '../../builder.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { countryCode, optionalText, requiredText, website } from '../directory/validation.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { recordPayload } from '../payload.js';
import { ProgrammeNode, ProgrammeRoleEnum } from '../programmes/schema.js';
import { OrganizationKindEnum, OrganizationNode, publishOrganization } from './schema.js';

// --- Inputs ----------------------------------------------------------------------------------

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  description: 'A new organisation of the register.',
  fields: (t) => ({
    name: t.string({
      required: true,
      description: 'Its full name (not blank, at most 300 characters).',
      validate: requiredText(300),
    }),
    kind: t.field({ type: OrganizationKindEnum, required: true, description: 'What kind it is.' }),
    acronym: t.string({
      description: 'Its short name, e.g. "UNDP" (at most 40 characters).',
      validate: optionalText(40),
    }),
    country: t.string({
      description:
        'The country it is based in: an ISO 3166-1 alpha-2 code such as "CH" (any case).',
      validate: countryCode,
    }),
    city: t.string({
      description: 'The city it is based in (at most 200 characters).',
      validate: optionalText(200),
    }),
    website: t.string({
      description: 'Its website, an http(s) URL (at most 500 characters).',
      validate: website,
    }),
    homeMunicipalityId: t.globalID({
      for: MunicipalityNode,
      description:
        'A diaspora association’s home municipality in BiH; only for `DIASPORA_ASSOCIATION`.',
    }),
  }),
});

const ArchiveOrganizationInput = builder.inputType('ArchiveOrganizationInput', {
  description: 'The organisation to archive.',
  fields: (t) => ({
    id: t.globalID({ required: true, for: OrganizationNode, description: 'The organisation.' }),
  }),
});

const ProgrammePartyInput = builder.inputType('ProgrammePartyInput', {
  description: 'An organisation’s part in a programme.',
  fields: (t) => ({
    organizationId: t.globalID({
      required: true,
      for: OrganizationNode,
      description: 'The organisation (not archived).',
    }),
    role: t.field({
      type: ProgrammeRoleEnum,
      required: true,
      description: 'Its part: LEAD, DONOR, IMPLEMENTER or PARTNER.',
    }),
  }),
});

const SetProgrammeOrganizationsInput = builder.inputType('SetProgrammeOrganizationsInput', {
  description:
    'The programme’s whole list of organisations and their parts (LEAD, DONOR, IMPLEMENTER, ' +
    'PARTNER); it replaces the current one. One organisation may have several parts.',
  fields: (t) => ({
    programmeId: t.globalID({ required: true, for: ProgrammeNode, description: 'The programme.' }),
    parties: t.field({
      type: [ProgrammePartyInput],
      required: true,
      description:
        'Every organisation and part (at most 100; an organisation twice in the same part is ' +
        'refused). An empty list removes them all.',
      validate: z.array(z.unknown()).max(100, 'at most 100 parties'),
    }),
  }),
});

// --- Mutations -------------------------------------------------------------------------------

builder.mutationField('createOrganization', (t) =>
  t.field({
    type: recordPayload('CreateOrganizationPayload', 'organization', OrganizationNode),
    description:
      'Adds an organisation of any kind to the register. For network administrators of every ' +
      'programme; BAD_USER_INPUT for a home municipality that is unknown or given for another ' +
      'kind than `DIASPORA_ASSOCIATION`. Tells `directoryChanged` subscribers (CREATED).',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({
        type: CreateOrganizationInput,
        required: true,
        description: 'The new organisation.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { homeMunicipalityId, ...data } = input;
      if (homeMunicipalityId && input.kind !== 'DIASPORA_ASSOCIATION') {
        throw new BadUserInputError(
          'homeMunicipalityId: only a diaspora association has a home municipality',
        );
      }
      const organization = await ctx.prisma.organization.create({
        data: { ...data, homeMunicipalityId: homeMunicipalityId?.id ?? null },
      });
      publishOrganization(ctx, organization, 'CREATED');
      return { organization };
    },
  }),
);

builder.mutationField('archiveOrganization', (t) =>
  t.field({
    type: recordPayload('ArchiveOrganizationPayload', 'organization', OrganizationNode),
    description:
      'Archives an organisation: it leaves the register’s lists, and the records that name it ' +
      'keep it. For network administrators of every programme; NOT_FOUND for an unknown ' +
      'organisation, CONFLICT if already archived. Tells `directoryChanged` subscribers ' +
      '(ARCHIVED).',
    authScopes: { networkAdmin: true },
    args: {
      input: t.arg({
        type: ArchiveOrganizationInput,
        required: true,
        description: 'The organisation.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const organization = await ctx.prisma.$transaction(async (tx) => {
        const { count } = await tx.organization.updateMany({
          where: { id: input.id.id, archivedAt: null },
          data: { archivedAt: new Date() },
        });
        const row = await tx.organization.findUnique({ where: { id: input.id.id } });
        if (!row) throw new NotFoundError('No organisation has this ID');
        if (count === 0) throw new ConflictError('The organisation is already archived');
        return row;
      });
      publishOrganization(ctx, organization, 'ARCHIVED');
      return { organization };
    },
  }),
);

builder.mutationField('setProgrammeOrganizations', (t) =>
  t.field({
    type: recordPayload('SetProgrammeOrganizationsPayload', 'programme', ProgrammeNode),
    description:
      'Replaces a programme’s organisations and their parts (lead, donors, implementers, ' +
      'partners). For the programme’s network administrators; BAD_USER_INPUT for an unknown ' +
      'or archived organisation or one twice in the same part, NOT_FOUND for an unknown ' +
      'programme. Tells `programmeChanged` subscribers.',
    authScopes: (_root, { input }) => ({ programmeAdmin: input.programmeId.id }),
    args: {
      input: t.arg({
        type: SetProgrammeOrganizationsInput,
        required: true,
        description: 'The programme and its organisations.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const programmeId = input.programmeId.id;
      const parties = input.parties.map((party) => ({
        programmeId,
        organizationId: party.organizationId.id,
        role: party.role,
      }));
      const keys = new Set(parties.map((party) => `${party.organizationId}/${party.role}`));
      if (keys.size !== parties.length) {
        throw new BadUserInputError('parties: an organisation is listed twice in the same role');
      }
      const programme = await ctx.prisma.$transaction(async (tx) => {
        const ids = [...new Set(parties.map((party) => party.organizationId))];
        const found = await tx.organization.count({ where: { id: { in: ids }, archivedAt: null } });
        if (found !== ids.length) {
          throw new BadUserInputError('parties.organizationId: no such (unarchived) organisation');
        }
        // The programme row is locked first, so two concurrent calls apply one after the other.
        const row = await tx.programme.update({
          where: { id: programmeId },
          data: { updatedAt: new Date() },
        });
        await tx.programmeOrganization.deleteMany({ where: { programmeId } });
        await tx.programmeOrganization.createMany({ data: parties });
        return row;
      });
      ctx.pubsub.publish('programme:changed', { programmeId });
      return { programme };
    },
  }),
);
