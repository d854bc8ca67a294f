import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder.js';
import { AuditEventKind } from '../../generated/prisma/client.js';

// --- Types -----------------------------------------------------------------------------------

export const AuditEventKindEnum = builder.enumType(AuditEventKind, { name: 'AuditEventKind' });

const userGlobalId = (id: string | null) => (id ? encodeGlobalID('User', id) : null);

builder.prismaNode('AuditEvent', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  description: 'A security event: sign-ins, sign-outs, revocations, roles, invitations.',
  authScopes: { networkAdmin: true },
  fields: (t) => ({
    kind: t.expose('kind', { type: AuditEventKindEnum }),
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
    email: t.exposeString('email', { nullable: true }),
    address: t.exposeString('address', { nullable: true }),
    details: t.expose('details', { type: 'JSON', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
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
      args: { kind: t.arg({ type: AuditEventKindEnum }) },
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
