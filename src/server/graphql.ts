// The GraphQL engine both transports execute through: schema, context, the plugins every
// operation passes (CSRF, limits, session checks, error codes and masking, read cache, resync).
import { createYoga } from 'graphql-yoga';
import type { Config } from '../config.js';
import { createContext, type RequestInfo } from '../context.js';
import { useCsrfPreventionForWrites } from '../csrf.js';
import {
  maskUnexpectedError,
  useClientErrorCodes,
  useErrorMasking,
  yogaLogger,
} from '../errors.js';
import { graphiqlPage } from '../graphiql/page.js';
import { limitPlugins } from '../limits.js';
import { useResyncEnding } from '../pubsub.js';
import { schema } from '../schema.js';
import { corsFor } from './http.js';
import type { Services } from './services.js';

export const GRAPHQL_PATH = '/graphql';

export async function createGraphQL(config: Config, services: Services) {
  const { context: serverContext, sessions, readCache } = services;
  const { logger } = serverContext;
  return createYoga<RequestInfo>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    ...(await graphiqlPage(logger)),
    logging: yogaLogger(logger),
    cors: corsFor(config.corsOrigins),
    context: (initial) => createContext(serverContext, initial),
    maskedErrors: { maskError: (error, message) => maskUnexpectedError(error, message, logger) },
    // Batching stays off (Yoga's default): an array body is refused with 400.
    plugins: [
      useCsrfPreventionForWrites(),
      ...limitPlugins(config.limits),
      sessions.plugin(),
      useClientErrorCodes(),
      useErrorMasking(),
      readCache.plugin(),
      useResyncEnding(),
    ],
  });
}

export type GraphQLEngine = Awaited<ReturnType<typeof createGraphQL>>;
