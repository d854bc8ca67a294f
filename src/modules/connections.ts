import type { builder } from '../builder.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** What the Prisma plugin hands a connection's fields: the count, or a function counting. */
interface CountedConnection {
  totalCount?: number | (() => number | Promise<number>);
}

/**
 * The Prisma plugin's own `totalCount` field, as it defines it (field-builder.js,
 * prisma-field-builder.js), with a description, which the plugin takes none of: pass it as the
 * `fields` of a `prismaConnection`'s or `relatedConnection`'s connection options (with
 * `totalCount` set). The extension lets a query that asks only for the count skip the rows.
 */
export const describedTotalCount =
  (description: string) => (t: PothosSchemaTypes.ObjectFieldBuilder<Types, object>) => ({
    totalCount: t.int({
      nullable: false,
      description,
      extensions: { pothosPrismaTotalCount: true },
      resolve: (connection) => {
        const { totalCount } = connection as CountedConnection;
        return (typeof totalCount === 'function' ? totalCount() : totalCount) as number;
      },
    }),
  });
