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
      programmeAdmin: (programmeId) => administers(ctx.viewer, programmeId),
      municipalityEditor: (municipalityId) => canEditMunicipality(ctx.viewer, municipalityId),
      organizationEditor: (organizationId) => canEditOrganization(ctx.viewer, organizationId),
      registrarOf: (municipalityId) => registers(ctx.viewer, municipalityId),
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
    nodeQueryOptions: { authScopes: { public: true } },
    nodesQueryOptions: { authScopes: { public: true } },
    pageInfoTypeOptions: { authScopes: { public: true } },
    defaultConnectionTypeOptions: { authScopes: { public: true } },
    defaultEdgeTypeOptions: { authScopes: { public: true } },
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
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

builder.queryType();
builder.mutationType();
builder.subscriptionType();
