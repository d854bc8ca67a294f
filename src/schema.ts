import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './modules/index.js';

export const schema = builder.toSchema();

/** The SDL checked in as schema.graphql. */
export function printSortedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
