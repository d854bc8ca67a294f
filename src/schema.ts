import { type GraphQLSchema, isObjectType, lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './modules/index.js';

export const schema = describePrismaTotalCounts(builder.toSchema());

/** The SDL checked in as schema.graphql. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

/** plugin-prisma adds `totalCount` to connections with no way to pass its description. */
function describePrismaTotalCounts(built: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(built.getTypeMap())) {
    const totalCount = isObjectType(type) ? type.getFields().totalCount : undefined;
    if (totalCount?.extensions.pothosPrismaTotalCount && !totalCount.description) {
      totalCount.description = 'How many items the whole list holds, on all pages, as filtered.';
    }
  }
  return built;
}
