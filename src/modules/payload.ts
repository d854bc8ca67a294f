// Every mutation returns `<Verb><Type>Payload`, built here: `recordPayload` when it holds one
// record, `mutationPayload` for anything else (flags, counts, a record loaded again by id with
// `recordById`).
//
// Not `builder.relayMutationField`: it gives the `input` argument only the builder-wide
// `relay.mutationInputArgOptions`, so each mutation's own description of its `input` ("The
// story.", "The changes.") would go, and the schema with it; it also loses the input's type
// in the resolver when given an input type defined apart (as ours are).
import type { ObjectFieldsShape, ObjectRef } from '@pothos/core';
import { builder } from '../builder.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** What a payload's `fields` get: a module's field that loads a record again takes it. */
export type PayloadFieldBuilder<Shape> = PothosSchemaTypes.ObjectFieldBuilder<Types, Shape>;

type ModelName = keyof Types['PrismaTypes'] & string;

/** A model's delegate, as far as loading one row by ID goes. */
interface ByIdDelegate {
  findUniqueOrThrow(args: { where: { id: string } }): Promise<unknown>;
}

/**
 * `<field>: <Type>!`: the row of model `type` whose ID `idOf` takes from the parent (a payload
 * holding the ID of what the mutation wrote, or an object pointing to a row), loaded with what
 * the query selects of it.
 */
export function recordById<Parent, Name extends ModelName>(
  t: PayloadFieldBuilder<Parent>,
  type: Name,
  description: string,
  idOf: (parent: Parent) => string,
) {
  // Prisma names each model's delegate after it: `RoleAssignment` → `prisma.roleAssignment`.
  const delegate = type.charAt(0).toLowerCase() + type.slice(1);
  return t.prismaField({
    type,
    description,
    resolve: (query, parent, _args, ctx) => {
      const models = ctx.prisma as unknown as Record<string, ByIdDelegate>;
      const row = models[delegate]!.findUniqueOrThrow({ ...query, where: { id: idOf(parent) } });
      // Pothos cannot narrow a generic model's shape; the row is of model `type`.
      return row as never;
    },
  });
}

/**
 * The payload `name` (`<Verb><Type>Payload`) of the mutation named after it, described as what
 * that mutation returns; `detail` continues the sentence (e.g. `': a new session'`). Anyone may
 * read the payload itself: its fields, and the records they hold, decide what a viewer sees.
 */
export function mutationPayload<Shape>(
  name: string,
  { fields, detail = '' }: { fields: ObjectFieldsShape<Types, Shape>; detail?: string },
) {
  const mutation = name.charAt(0).toLowerCase() + name.slice(1).replace(/Payload$/, '');
  return builder.objectRef<Shape>(name).implement({
    description: `What \`${mutation}\` returns${detail}.`,
    authScopes: { public: true },
    fields,
  });
}

/**
 * A mutation payload holding one record: `{ <key>: <Type>! }`, named `<Verb><Type>Payload`.
 * The record's own type decides who may read its fields.
 */
export function recordPayload<Key extends string, Shape>(
  name: string,
  key: Key,
  type: ObjectRef<any, Shape>,
) {
  return mutationPayload<Record<Key, Shape>>(name, {
    fields: (t) => ({
      [key]: t.field({
        description: `The ${key} as it is after the change.`,
        type: type as ObjectRef<any, Shape>,
        authScopes: { public: true },
        // Pothos cannot narrow a generic shape; the value is the record itself.
        resolve: (payload: Record<Key, Shape>) => payload[key] as never,
      }),
    }),
  });
}
