// Consent to communication over GraphQL: on the diaspora member, and its two mutations.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { BadUserInputError } from '../../errors.js';
import type { CommunicationConsentChange } from '../../generated/prisma/client.js';
import { DiasporaMemberNode, memberScopes } from '../diaspora/schema.js';
import { requiredText } from '../directory/validation.js';
import { recordCommunicationConsent, withdrawCommunicationConsent } from './consent.js';
import { MailingListNode } from './schema.js';

export const CommunicationKindEnum = builder.enumType('CommunicationKind', {
  values: {
    BULLETIN: { description: 'The network’s bulletin (bilten).' },
    ANNOUNCEMENT: { description: 'Other messages sent through a list.' },
  } as const,
});

const ChangeRef = builder
  .objectRef<CommunicationConsentChange>('CommunicationConsentChange')
  .implement({
    description: 'One change of a consent to communication: who, when, and what it became.',
    authScopes: { authenticated: true },
    fields: (t) => ({
      action: t.exposeString('action', { description: 'GIVEN, CHANGED or WITHDRAWN.' }),
      at: t.expose('at', { type: 'DateTime' }),
      changedBy: t.field({
        type: 'ID',
        nullable: true,
        description: 'The user who made the change (their global ID).',
        resolve: (change) =>
          change.changedById ? encodeGlobalID('User', change.changedById) : null,
      }),
      before: t.field({ type: 'JSON', nullable: true, resolve: (change) => change.before }),
      after: t.field({ type: 'JSON', resolve: (change) => change.after }),
    }),
  });

export const CommunicationConsentRef = builder.prismaObject('CommunicationConsent', {
  description:
    'A diaspora member’s consent to be mailed, beside consent to storage. Without an active ' +
    'one covering a list and a kind, the member is never mailed through it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    givenAt: t.expose('givenAt', { type: 'DateTime' }),
    allLists: t.exposeBoolean('allLists'),
    lists: t.field({
      type: [MailingListNode],
      resolve: (consent, _args, ctx) =>
        ctx.prisma.mailingList.findMany({
          where: { id: { in: consent.listIds } },
          orderBy: { name: 'asc' },
        }),
    }),
    kinds: t.field({
      type: [CommunicationKindEnum],
      resolve: (consent) => consent.kinds as ('BULLETIN' | 'ANNOUNCEMENT')[],
    }),
    source: t.exposeString('source'),
    withdrawnAt: t.expose('withdrawnAt', { type: 'DateTime', nullable: true }),
    active: t.boolean({ resolve: (consent) => consent.withdrawnAt === null }),
    history: t.field({
      type: [ChangeRef],
      description: 'Every change, oldest first.',
      resolve: (consent, _args, ctx) =>
        ctx.prisma.communicationConsentChange.findMany({
          where: { consentId: consent.id },
          orderBy: [{ at: 'asc' }, { id: 'asc' }],
        }),
    }),
  }),
});

builder.prismaObjectFields('DiasporaMember', (t) => ({
  communicationConsent: t.relation('communicationConsent', {
    nullable: true,
    description: 'For network administrators and the home municipality’s coordinators.',
    authScopes: (member) => ({ municipalityEditor: member.homeMunicipalityId }),
  }),
}));

const ConsentPayload = (name: string) =>
  builder.objectRef<{ consent: { id: string } }>(name).implement({
    authScopes: { public: true },
    fields: (t) => ({
      consent: t.prismaField({
        type: 'CommunicationConsent',
        authScopes: { public: true },
        resolve: (query, payload, _args, ctx) =>
          ctx.prisma.communicationConsent.findUniqueOrThrow({
            ...query,
            where: { id: payload.consent.id },
          }),
      }),
    }),
  });

const RecordCommunicationConsentInput = builder.inputType('RecordCommunicationConsentInput', {
  description: 'Replaces the member’s consent to communication (the old one stays in history).',
  fields: (t) => ({
    diasporaMemberId: t.globalID({ required: true, for: DiasporaMemberNode }),
    allLists: t.boolean({ defaultValue: false }),
    listIds: t.globalIDList({ for: MailingListNode, validate: z.array(z.any()).max(100) }),
    kinds: t.field({ type: [CommunicationKindEnum], required: true }),
    source: t.string({ required: true, validate: requiredText(500) }),
    givenAt: t.field({ type: 'DateTime' }),
  }),
});

builder.mutationField('recordCommunicationConsent', (t) =>
  t.field({
    type: ConsentPayload('RecordCommunicationConsentPayload'),
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.diasporaMemberId.id),
    args: { input: t.arg({ type: RecordCommunicationConsentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      if (input.kinds.length === 0) {
        throw new BadUserInputError('kinds: name at least one kind of message');
      }
      return {
        consent: await recordCommunicationConsent(ctx, input.diasporaMemberId.id, {
          givenAt: input.givenAt,
          allLists: input.allLists ?? false,
          listIds: (input.listIds ?? []).map((id) => id.id),
          kinds: input.kinds,
          source: input.source,
        }),
      };
    },
  }),
);

const WithdrawCommunicationConsentInput = builder.inputType('WithdrawCommunicationConsentInput', {
  fields: (t) => ({ diasporaMemberId: t.globalID({ required: true, for: DiasporaMemberNode }) }),
});

builder.mutationField('withdrawCommunicationConsent', (t) =>
  t.field({
    type: ConsentPayload('WithdrawCommunicationConsentPayload'),
    description: 'From now on the member is not mailed; a second withdrawal is a CONFLICT.',
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.diasporaMemberId.id),
    args: { input: t.arg({ type: WithdrawCommunicationConsentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      consent: await withdrawCommunicationConsent(ctx, input.diasporaMemberId.id),
    }),
  }),
);
