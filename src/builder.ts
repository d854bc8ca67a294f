import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import { DateResolver, DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Context } from './context.js';
import { BadUserInputError, ForbiddenError, UnauthenticatedError } from './errors.js';
import { decodeGlobalId } from './global-id.js';
import type PrismaTypes from './generated/pothos-types.js';
import {
  administers,
  canEditMunicipality,
  canEditOrganization,
  registers,
  registrarMunicipalities,
} from './modules/accounts/grants.js';
import { getDatamodel } from './generated/pothos-types.js';

/** The scopes fields declare in `authScopes`; resolved per request from `ctx.viewer`. */
export interface AuthScopes {
  /** Anyone, signed in or not: stated on every public field so that no field is open by omission. */
  public: boolean;
  /** Any signed-in user. */
  authenticated: boolean;
  /** A network administrator of every programme. */
  networkAdmin: boolean;
  /** A network administrator of this programme (or of all). */
  programmeAdmin: string;
  /** May write this municipality's records: its coordinator or deputy, or a network admin. */
  municipalityEditor: string;
  /** A registrar of this municipality (its virtual registrar's staff). */
  registrarOf: string;
  /** Holds the registrar role of some municipality. */
  registrar: boolean;
  /** May write this organisation's profile: its diaspora representative, or a network admin. */
  organizationEditor: string;
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  Scalars: {
    ID: { Input: string; Output: string | number };
    DateTime: { Input: Date; Output: Date };
    Date: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
  };
  // One nullability policy: output fields and connection edges/nodes are non-null unless a
  // field says otherwise; arguments and input fields are optional unless required.
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultInputFieldRequiredness: false;
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: (ctx) => ({
      public: true,
      authenticated: ctx.viewer !== null,
      networkAdmin: administers(ctx.viewer, null),
      // Bound, not arrows: an open subscription keeps its request's scopes, so they stay small.
      programmeAdmin: administers.bind(null, ctx.viewer),
      municipalityEditor: canEditMunicipality.bind(null, ctx.viewer),
      organizationEditor: canEditOrganization.bind(null, ctx.viewer),
      registrarOf: registers.bind(null, ctx.viewer),
      registrar: registrarMunicipalities(ctx.viewer).length > 0,
    }),
    // A subscription's rule is checked once, before subscribing (not on every event), so a
    // refused subscriber never holds an iterator.
    authorizeOnSubscribe: true,
    unauthorizedError: (_parent, ctx) =>
      ctx.viewer ? new ForbiddenError() : new UnauthenticatedError(),
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    defaultConnectionSize: 20,
    maxConnectionSize: 100,
    onUnusedQuery: process.env.NODE_ENV === 'test' ? 'error' : null,
  },
  relay: {
    clientMutationId: 'omit',
    // Relay's own types and root fields state their rule like every other (the default-deny
    // test walks them too): node lookups are public, each type then applies its own rule.
    nodeQueryOptions: {
      authScopes: { public: true },
      description:
        'Any record by its global `id`; null when it does not exist or the viewer may not see it.',
      args: { id: { description: 'A global `id`, as any record’s `id` field returns it.' } },
    },
    nodesQueryOptions: {
      authScopes: { public: true },
      description: 'Several records by global `id`, in the order asked; null for each one unseen.',
      args: { ids: { description: 'Global `id`s, as records’ `id` fields return them.' } },
    },
    nodeTypeOptions: {
      description: 'A record with a globally unique `id`, which `node(id:)` looks up again.',
    },
    idFieldOptions: {
      description: 'Globally unique and opaque; stable for the life of the record.',
    },
    pageInfoTypeOptions: {
      authScopes: { public: true },
      description: 'Where a page of a connection lies in the whole list.',
    },
    hasNextPageFieldOptions: { description: 'More items follow `endCursor` (ask with `after`).' },
    hasPreviousPageFieldOptions: {
      description: 'More items precede `startCursor` (ask with `before` and `last`).',
    },
    startCursorFieldOptions: { description: 'The first item’s cursor; null on an empty page.' },
    endCursorFieldOptions: { description: 'The last item’s cursor; null on an empty page.' },
    defaultConnectionTypeOptions: {
      authScopes: { public: true },
      description: 'One page of a list, with cursors to fetch the pages around it.',
    },
    defaultEdgeTypeOptions: {
      authScopes: { public: true },
      description: 'One item of a page and its cursor.',
    },
    cursorType: 'String',
    cursorFieldOptions: { description: 'Opaque; pass it as `after` or `before` to page on.' },
    edgesFieldOptions: { nullable: false, description: 'The page’s items, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item itself.' },
    pageInfoFieldOptions: { description: 'Whether there are pages before and after this one.' },
    firstArgOptions: {
      description:
        'At most this many items from the start (or after `after`); 20 by default, 100 at most.',
    },
    afterArgOptions: { description: 'Start after the item with this cursor.' },
    lastArgOptions: {
      description: 'At most this many items from the end (or before `before`); 100 at most.',
    },
    beforeArgOptions: { description: 'End before the item with this cursor.' },
    decodeGlobalID: decodeGlobalId,
  },
  validation: {
    validationError: (result) =>
      new BadUserInputError(
        result.issues
          .map((issue) => {
            const where = issue.path?.map((key) => (typeof key === 'object' ? key.key : key));
            return where?.length ? `${where.join('.')}: ${issue.message}` : issue.message;
          })
          .join('; '),
      ),
  },
});

builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('Date', DateResolver);
builder.addScalarType('JSON', JSONResolver);

builder.queryType({
  description: 'Reads. Each field says who may read it; a record a viewer may not see is null.',
});
builder.mutationType({
  description:
    'Writes, each in one transaction, each taking one `input` and returning a payload. ' +
    'Refusals are errors with `extensions.code`: BAD_USER_INPUT, UNAUTHENTICATED, ' +
    'FORBIDDEN, NOT_FOUND or CONFLICT.',
});
builder.subscriptionType({
  description:
    'Live updates over graphql-ws (`graphql-transport-ws`) at the same path, authenticated ' +
    'when the socket connects; they reach every instance.',
});
