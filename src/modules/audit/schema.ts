import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder.js';
import { AuditEventKind } from '../../generated/prisma/client.js';

// --- Types -----------------------------------------------------------------------------------

export const AuditEventKindEnum = builder.enumType(AuditEventKind, {
  name: 'AuditEventKind',
  description: 'What happened, in an audit event.',
  values: {
    SIGN_IN_SUCCEEDED: { description: 'A user signed in (`email`, `address`).' },
    SIGN_IN_FAILED: {
      description:
        'A sign-in was refused: wrong e-mail or password, or a disabled account (`email`, ' +
        '`address`; `subjectUserId` when the account exists).',
    },
    SIGN_IN_THROTTLED: {
      description:
        'A sign-in (or password change) was refused after too many recent failures; `details` ' +
        'has `accountFailures` and `addressFailures`.',
    },
    SIGNED_OUT: {
      description: 'A user signed out, here or everywhere; `details.sessions` sessions ended.',
    },
    SESSIONS_REVOKED: {
      description:
        'Sessions were ended: an administrator ended a user’s, or a password change ended the ' +
        'user’s other ones (`details.sessions`).',
    },
    PASSWORD_CHANGED: { description: 'A user changed their password.' },
    ROLE_ASSIGNED: {
      description: 'A role was given (`details`: the role, its scope, the assignment).',
    },
    ROLE_REVOKED: {
      description: 'A role was taken away (`details`: the role, its scope, the assignment).',
    },
    USER_INVITED: { description: 'A user was invited by e-mail (`email`).' },
    INVITATION_ACCEPTED: { description: 'An invited user set their password and signed in.' },
    USER_DISABLED: {
      description: 'An administrator disabled a user; `details.sessions` sessions ended.',
    },
    USER_ENABLED: { description: 'An administrator enabled a disabled user again.' },
    UNSUBSCRIBED: {
      description:
        'An e-mail’s unsubscribe link was used (`details.kind`: of which e-mails; `listIds` or ' +
        '`everything` for mailing lists).',
    },
    UNSUBSCRIBE_REFUSED: {
      description: 'An unsubscribe link was refused: `details.reason` is FORGED, EXPIRED or USED.',
    },
    QUESTIONNAIRE_RETURN_REOPENED: {
      description:
        'The programme team reopened a submitted questionnaire return (`details`: the return, ' +
        'campaign, recipient, submission time and reason).',
    },
    REGISTRAR_PERSONAL_DATA_READ: {
      description:
        'Staff read the personal fields of a registrar request (`details.requestId`), once ' +
        'per request and operation.',
    },
  },
});

const userGlobalId = (id: string | null) => (id ? encodeGlobalID('User', id) : null);

builder.prismaNode('AuditEvent', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description:
    'A security event: sign-ins, sign-outs, revocations, roles, invitations, unsubscriptions, ' +
    'reopened returns, reads of personal data. Network administrators only.',
  authScopes: { networkAdmin: true },
  fields: (t) => ({
    kind: t.expose('kind', { type: AuditEventKindEnum, description: 'What happened.' }),
    actorId: t.id({
      nullable: true,
      description: 'The user who did it (null: anonymous or the command line).',
      resolve: (event) => userGlobalId(event.actorId),
    }),
    subjectUserId: t.id({
      nullable: true,
      description: 'The user it concerns.',
      resolve: (event) => userGlobalId(event.subjectUserId),
    }),
    email: t.exposeString('email', {
      nullable: true,
      description:
        'The e-mail address concerned (signed in with, invited, unsubscribed); null when none.',
    }),
    address: t.exposeString('address', {
      nullable: true,
      description: 'The client’s network (IP) address as the server saw it; null when unknown.',
    }),
    details: t.expose('details', {
      type: 'JSON',
      nullable: true,
      description: 'More about it, an object whose keys depend on `kind`; null when none.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it happened.' }),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

builder.queryField('auditEvents', (t) =>
  t.prismaConnection(
    {
      type: 'AuditEvent',
      cursor: 'id',
      description: 'Newest first. Network administrators only.',
      authScopes: { networkAdmin: true },
      args: {
        kind: t.arg({
          type: AuditEventKindEnum,
          description: 'Only events of this kind; absent: all.',
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.auditEvent.findMany({
          ...query,
          where: args.kind ? { kind: args.kind } : {},
          orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.auditEvent.count({ where: args.kind ? { kind: args.kind } : {} }),
    },
    { name: 'AuditEventConnection' },
    { name: 'AuditEventEdge' },
  ),
);
