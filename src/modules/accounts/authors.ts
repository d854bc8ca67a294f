// Who wrote a follow-up: the account's name for everyone who may read the record, the account
// itself only as the User type allows (the user themself and network administrators).
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder.js';
import { isSelfOrAdmin, UserNode } from './schema.js';

const UpdateAuthorRef = builder
  .objectRef<{ id: string; displayName: string }>('UpdateAuthor')
  .implement({
    description: 'The user who wrote an update, as readers of the update may see them.',
    authScopes: { authenticated: true },
    fields: (t) => ({
      id: t.id({
        description: 'The User’s global ID (as `authorId`).',
        resolve: (author) => encodeGlobalID('User', author.id),
      }),
      displayName: t.exposeString('displayName', { description: 'Their name as others see it.' }),
      user: t.field({
        type: UserNode,
        nullable: true,
        description: 'The account itself: for the user themself and network administrators.',
        resolve: (author, _args, ctx) =>
          isSelfOrAdmin(author.id, ctx.viewer)
            ? ctx.prisma.user.findUnique({ where: { id: author.id } })
            : null,
      }),
    }),
  });

builder.prismaObjectFields('ActionItemUpdate', (t) => ({
  author: t.field({
    type: UpdateAuthorRef,
    nullable: true,
    description: 'Who wrote it (null: the account no longer exists, or the system).',
    resolve: (update, _args, ctx) =>
      update.authorId
        ? ctx.prisma.user.findUnique({
            where: { id: update.authorId },
            select: { id: true, displayName: true },
          })
        : null,
  }),
}));
