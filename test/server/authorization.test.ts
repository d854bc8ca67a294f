import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import {
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  isObjectType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema.js';

/**
 * Default deny: every field must state who may read it, either itself or through its type
 * (or an interface the type implements). Pothos' scope-auth plugin keeps the options a field
 * or type was declared with in `extensions.pothosOptions`; `authScopes` there is the rule.
 * Root fields (Query, Mutation, Subscription) must carry their own rule.
 */
function ruleOf(thing: GraphQLNamedType | GraphQLField<unknown, unknown>): unknown {
  const options = (thing.extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)
    ?.pothosOptions;
  return options?.authScopes;
}

function rootsOf(schema: GraphQLSchema) {
  return new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].map(
      (type) => type?.name,
    ),
  );
}

function fieldsWithoutRule(schema: GraphQLSchema): string[] {
  const roots = rootsOf(schema);
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const inherited =
      !roots.has(type.name) &&
      (ruleOf(type) !== undefined || type.getInterfaces().some((i) => ruleOf(i) !== undefined));
    for (const field of Object.values(type.getFields())) {
      if (!inherited && ruleOf(field) === undefined) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}

describe('default deny', () => {
  it('every field of every object type has an authScopes rule (field or type level)', () => {
    expect(fieldsWithoutRule(schema)).toEqual([]);
  });

  it('walks every root field, including the ones other modules add', () => {
    const roots = rootsOf(schema);
    const rootFields = [...roots].flatMap((name) =>
      Object.keys((schema.getType(name!) as { getFields(): object }).getFields()),
    );
    expect(rootFields).toEqual(
      expect.arrayContaining(['viewer', 'signIn', 'signOut', 'auditEvents', 'programmeChanged']),
    );
  });

  it('catches fields without a rule, and a type-level rule on a root type does not count', () => {
    const builder = new SchemaBuilder<{ AuthScopes: { public: boolean } }>({
      plugins: [ScopeAuthPlugin],
      scopeAuth: { authScopes: () => ({ public: true }) },
      // The app's plugins make their own options required in Pothos' global option types.
    } as never);
    builder.queryType({ authScopes: { public: true } });
    const Open = builder.objectRef<{ a: string }>('Open').implement({
      fields: (t) => ({
        a: t.exposeString('a', { authScopes: { public: true } }),
        b: t.exposeString('a'),
      }),
    });
    const Closed = builder.objectRef<{ a: string }>('Closed').implement({
      authScopes: { public: true },
      fields: (t) => ({ a: t.exposeString('a') }),
    });
    builder.queryFields((t) => ({
      open: t.field({ type: Open, resolve: () => ({ a: '' }) }),
      closed: t.field({ type: Closed, authScopes: { public: true }, resolve: () => ({ a: '' }) }),
    }));
    expect(fieldsWithoutRule(builder.toSchema()).sort()).toEqual(['Open.b', 'Query.open']);
  });
});
