// Consent to communication over GraphQL: on the diaspora member, and its two mutations.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { BadUserInputError } from '../../errors.js';
import type { CommunicationConsentChange } from '../../generated/prisma/client.js';
import { DiasporaMemberNode, memberScopes } from '../diaspora/schema.js';
import { requiredText } from '../directory/validation.js';
import { recordPayload } from '../payload.js';
import { recordCommunicationConsent, withdrawCommunicationConsent } from './consent.js';
import { MailingListNode } from './schema.js';

export const CommunicationKindEnum = builder.enumType('CommunicationKind', {
  description: 'A kind of message a consent to communication covers.',
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
      action: t.exposeString('action', {
        description:
          'GIVEN (first given, or given again after a withdrawal), CHANGED or WITHDRAWN.',
      }),
      at: t.expose('at', { type: 'DateTime', description: 'When the change was recorded.' }),
      changedBy: t.field({
        type: 'ID',
        nullable: true,
        description: 'The user who made the change (a `User` global ID); null if not known.',
        resolve: (change) =>
          change.changedById ? encodeGlobalID('User', change.changedById) : null,
      }),
      before: t.field({
        type: 'JSON',
        nullable: true,
        description:
          'The consent before the change, as an object with `givenAt`, `allLists`, `listIds` ' +
          '(the lists’ UUIDs, not global IDs), `kinds`, `source` and `withdrawnAt`; null when ' +
          'it was first given.',
        resolve: (change) => change.before,
      }),
      after: t.field({
        type: 'JSON',
        description: 'The consent after the change, in the same shape as `before`.',
        resolve: (change) => change.after,
      }),
    }),
  });

export const CommunicationConsentRef = builder.prismaObject('CommunicationConsent', {
  description:
    'A diaspora member’s consent to be mailed, beside consent to storage. Without an active ' +
    'one covering a list and a kind, the member is never mailed through it.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    givenAt: t.expose('givenAt', {
      type: 'DateTime',
      description: 'When the member gave it (as recorded; never in the future).',
    }),
    allLists: t.exposeBoolean('allLists', {
      description: 'It covers every mailing list; when false, only `lists`.',
    }),
    lists: t.field({
      type: [MailingListNode],
      description:
        'The lists it covers when not `allLists` (empty when it is), by name. A list closed ' +
        'to sign-up is for its programme’s administrators: anyone else gets FORBIDDEN here.',
      resolve: (consent, _args, ctx) =>
        ctx.prisma.mailingList.findMany({
          where: { id: { in: consent.listIds } },
          orderBy: { name: 'asc' },
        }),
    }),
    kinds: t.field({
      type: [CommunicationKindEnum],
      description: 'The kinds of message it covers (at least one).',
      resolve: (consent) => consent.kinds as ('BULLETIN' | 'ANNOUNCEMENT')[],
    }),
    source: t.exposeString('source', {
      description: 'How it was given, e.g. "signed form at Diaspora Days 2026".',
    }),
    withdrawnAt: t.expose('withdrawnAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was withdrawn; null while it holds.',
    }),
    active: t.boolean({
      description: 'It holds (not withdrawn): the member may be mailed as it says.',
      resolve: (consent) => consent.withdrawnAt === null,
    }),
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
    description:
      'The member’s consent to be mailed through mailing lists; null if never given. For ' +
      'network administrators of every programme and the home municipality’s ' +
      'coordinators and deputies.',
    authScopes: (member) => ({ municipalityEditor: member.homeMunicipalityId }),
  }),
}));

const RecordCommunicationConsentInput = builder.inputType('RecordCommunicationConsentInput', {
  description: 'Replaces the member’s consent to communication (the old one stays in history).',
  fields: (t) => ({
    diasporaMemberId: t.globalID({
      required: true,
      for: DiasporaMemberNode,
      description: 'The diaspora member (not archived).',
    }),
    allLists: t.boolean({
      defaultValue: false,
      description: 'It covers every mailing list (then `listIds` is not kept).',
    }),
    listIds: t.globalIDList({
      for: MailingListNode,
      description: 'The lists it covers (at most 100, each existing); required unless `allLists`.',
      validate: z.array(z.any()).max(100),
    }),
    kinds: t.field({
      type: [CommunicationKindEnum],
      required: true,
      description: 'The kinds of message it covers: at least one.',
    }),
    source: t.string({
      required: true,
      description: 'How it was given (not blank, at most 500 characters).',
      validate: requiredText(500),
    }),
    givenAt: t.field({
      type: 'DateTime',
      description: 'When the member gave it; not in the future. Default: now.',
    }),
  }),
});

builder.mutationField('recordCommunicationConsent', (t) =>
  t.field({
    type: recordPayload('RecordCommunicationConsentPayload', 'consent', CommunicationConsentRef),
    description:
      'Records a diaspora member’s consent to be mailed (or replaces it; each change is kept ' +
      'in `history`). For network administrators of every programme and the home ' +
      'municipality’s coordinators and deputies. NOT_FOUND for an unknown or archived member; ' +
      'BAD_USER_INPUT for no kinds, no lists without `allLists`, an unknown list or `givenAt` ' +
      'in the future.',
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.diasporaMemberId.id),
    args: {
      input: t.arg({
        type: RecordCommunicationConsentInput,
        required: true,
        description: 'The member and the consent.',
      }),
    },
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
  description: 'Whose consent to communication is withdrawn.',
  fields: (t) => ({
    diasporaMemberId: t.globalID({
      required: true,
      for: DiasporaMemberNode,
      description: 'The diaspora member (not archived).',
    }),
  }),
});

builder.mutationField('withdrawCommunicationConsent', (t) =>
  t.field({
    type: recordPayload('WithdrawCommunicationConsentPayload', 'consent', CommunicationConsentRef),
    description:
      'Withdraws a diaspora member’s consent to communication: from now on the member is not ' +
      'mailed (the consent and its history stay). Who may: as for ' +
      '`recordCommunicationConsent`. NOT_FOUND for an unknown or archived member; CONFLICT ' +
      'when there is no consent in force (never given, or withdrawn already).',
    authScopes: (_root, { input }, ctx) => memberScopes(ctx, input.diasporaMemberId.id),
    args: {
      input: t.arg({
        type: WithdrawCommunicationConsentInput,
        required: true,
        description: 'The member.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      consent: await withdrawCommunicationConsent(ctx, input.diasporaMemberId.id),
    }),
  }),
);
