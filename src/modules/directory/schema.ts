import { encodeGlobalID } from '@pothos/plugin-relay';
import { filter, pipe } from 'graphql-yoga';
import { builder } from '../../builder.js';
import type { DirectoryChange } from '../../pubsub.js';
import { canEditMunicipality } from '../accounts/grants.js';

// --- Types -----------------------------------------------------------------------------------

const DirectoryChangeKind = builder.enumType('DirectoryChangeKind', {
  description: 'What happened to a directory record.',
  values: {
    CREATED: { description: 'It was created.' },
    UPDATED: { description: 'It was changed.' },
    ARCHIVED: { description: 'It was archived (it stays readable by its ID).' },
  } as const,
});

const DirectoryChangeRef = builder.objectRef<DirectoryChange>('DirectoryChange').implement({
  description:
    'Names a directory record that changed; `record` is that record, as `node(id:)` gives it.',
  authScopes: { public: true },
  fields: (t) => ({
    id: t.id({
      description:
        'This event’s own global ID (each event has one; the record’s is `recordId`), so that ' +
        'clients’ caches never take the event for the record.',
      resolve: (c) => encodeGlobalID('DirectoryChange', c.eventId),
    }),
    typename: t.exposeString('typename', { description: 'e.g. "Municipality".' }),
    recordId: t.id({
      description: 'The changed record’s global ID.',
      resolve: (c) => encodeGlobalID(c.typename, c.id),
    }),
    record: t.node({
      description: 'The changed record as it is now; null if it is gone.',
      id: (c) => ({ type: c.typename, id: c.id }),
    }),
    change: t.field({
      type: DirectoryChangeKind,
      description: 'What happened to it.',
      resolve: (c) => c.change,
    }),
  }),
});

// --- Subscriptions ---------------------------------------------------------------------------

/** Types whose events only their home municipality's editors may see. */
const privateTypes = new Set(['DiasporaMember']);

builder.subscriptionField('directoryChanged', (t) =>
  t.field({
    type: DirectoryChangeRef,
    description:
      'Municipalities, offices, partnerships, people, coordinator assignments, memoranda, ' +
      'associations and diaspora members created, updated or archived (diaspora members only ' +
      'for network administrators and their home municipality’s coordinators).',
    authScopes: { public: true },
    args: { typename: t.arg.string({ description: 'Only changes of this type.' }) },
    subscribe: (_root, args, ctx) =>
      pipe(
        ctx.pubsub.subscribe('directory:changed'),
        filter(
          (event) =>
            (!args.typename || event.typename === args.typename) &&
            (!privateTypes.has(event.typename) ||
              (event.municipalityId !== null &&
                canEditMunicipality(ctx.viewer, event.municipalityId))),
        ),
      ),
    resolve: (event) => event,
  }),
);
