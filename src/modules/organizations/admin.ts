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
  fields: (t) => ({
    name: t.string({ required: true, validate: requiredText(300) }),
    kind: t.field({ type: OrganizationKindEnum, required: true }),
    acronym: t.string({ validate: optionalText(40) }),
    country: t.string({ validate: countryCode }),
    city: t.string({ validate: optionalText(200) }),
    website: t.string({ validate: website }),
    homeMunicipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'A diaspora association’s home municipality in BiH.',
    }),
  }),
});

const ArchiveOrganizationInput = builder.inputType('ArchiveOrganizationInput', {
  fields: (t) => ({ id: t.globalID({ required: true, for: OrganizationNode }) }),
});

const ProgrammePartyInput = builder.inputType('ProgrammePartyInput', {
  fields: (t) => ({
    organizationId: t.globalID({ required: true, for: OrganizationNode }),
    role: t.field({ type: ProgrammeRoleEnum, required: true }),
  }),
});

const SetProgrammeOrganizationsInput = builder.inputType('SetProgrammeOrganizationsInput', {
  description:
    'The programme’s whole list of organisations and their parts (LEAD, DONOR, IMPLEMENTER, ' +
    'PARTNER); it replaces the current one. One organisation may have several parts.',
  fields: (t) => ({
    programmeId: t.globalID({ required: true, for: ProgrammeNode }),
    parties: t.field({
      type: [ProgrammePartyInput],
      required: true,
      validate: z.array(z.unknown()).max(100, 'at most 100 parties'),
    }),
  }),
});

const OrganizationPayload = (name: string) => recordPayload(name, 'organization', OrganizationNode);

// --- Mutations -------------------------------------------------------------------------------

builder.mutationField('createOrganization', (t) =>
  t.field({
    type: OrganizationPayload('CreateOrganizationPayload'),
    description: 'Any kind of organisation: network administrators of every programme.',
    authScopes: { networkAdmin: true },
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
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
    type: OrganizationPayload('ArchiveOrganizationPayload'),
    description:
      'Hides it from lists; the records that name it keep it. CONFLICT if already archived.',
    authScopes: { networkAdmin: true },
    args: { input: t.arg({ type: ArchiveOrganizationInput, required: true }) },
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
    description: 'Sets a programme’s donors, implementers and partners: its administrators.',
    authScopes: (_root, { input }) => ({ programmeAdmin: input.programmeId.id }),
    args: { input: t.arg({ type: SetProgrammeOrganizationsInput, required: true }) },
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
