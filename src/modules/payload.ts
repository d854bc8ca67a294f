import type { ObjectRef } from '@pothos/core';
import { builder } from '../builder.js';

/**
 * A mutation payload holding one record: `{ <key>: <Type>! }`, named `<Verb><Type>Payload`.
 * The record's own type decides who may read its fields.
 */
export function recordPayload<Key extends string, Shape>(
  name: string,
  key: Key,
  type: ObjectRef<any, Shape>,
) {
  const mutation = name.charAt(0).toLowerCase() + name.slice(1).replace(/Payload$/, '');
  return builder.objectRef<Record<Key, Shape>>(name).implement({
    authScopes: { public: true },
    description: `What \`${mutation}\` returns.`,
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
