// GraphiQL at GET /graphql, served whole from our own dependencies (no CDN: it works offline),
// opening with the cookbook's operations as tabs.
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import type { GraphiQLOptions } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { type DocExample, readDocExamples } from './doc-examples.js';

export const COOKBOOK_FILE = 'docs/cookbook.md';

/** One tab per cookbook example; who it runs as is a placeholder header to fill in. */
export function cookbookTabs(examples: DocExample[]): NonNullable<GraphiQLOptions['defaultTabs']> {
  return examples.map((example) => ({
    query: example.query,
    variables: example.variablesText,
    headers: example.as
      ? JSON.stringify({ authorization: `Bearer <token of ${example.as}: run SignIn>` }, null, 2)
      : undefined,
  }));
}

/** Yoga's `graphiql` and `renderGraphiQL` options; without the cookbook, GraphiQL opens empty. */
export async function graphiqlPage(logger: Logger) {
  let defaultTabs: GraphiQLOptions['defaultTabs'];
  try {
    defaultTabs = cookbookTabs(await readDocExamples(COOKBOOK_FILE));
  } catch (error) {
    logger.warn({ err: error }, `GraphiQL opens without the cookbook's tabs (${COOKBOOK_FILE})`);
  }
  const graphiql: GraphiQLOptions = {
    title: 'Veza GraphQL',
    subscriptionsProtocol: 'WS',
    defaultTabs,
  };
  return { graphiql, renderGraphiQL };
}
