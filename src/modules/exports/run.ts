// Exports read their data through the GraphQL schema itself, as the caller: every field's own
// rule (authScopes, list filters, hidden contacts) decides what a file may hold, so a file
// never shows more than the same query would, and a change to a rule carries over to it.
import { type DocumentNode, execute, parse } from 'graphql';
import { createContext, type ServerContext } from '../../context.js';
import { AppError, BadUserInputError } from '../../errors.js';
import { schema } from '../../schema.js';
import type { Viewer } from '../../viewer.js';

/** Who asks, for every query an export runs. */
export interface Caller {
  server: ServerContext;
  viewer: Viewer | null;
  requestId: string;
  address: string | null;
  signal: AbortSignal;
}

/** A query's text, parsed once. */
export function gql(text: string): DocumentNode {
  return parse(text);
}

/**
 * Runs a query as the caller and returns its data. The first refusal (an AppError: not signed
 * in, forbidden, not found, bad input) is thrown as it is; anything else is thrown unchanged
 * for the HTTP layer to log and mask.
 */
export async function query<T>(
  caller: Caller,
  document: DocumentNode,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const contextValue = await createContext(caller.server, {
    requestId: caller.requestId,
    address: caller.address ?? undefined,
    connectionViewer: caller.viewer,
    signal: caller.signal,
  });
  const result = await execute({ schema, document, contextValue, variableValues: variables });
  const [error] = result.errors ?? [];
  if (error) {
    const original = error.originalError;
    if (original instanceof AppError) throw original;
    // Variables that do not fit the query's types (a request error: no field path), or a
    // global ID of the wrong type: the caller's input.
    if (!error.path || original?.name === 'PothosValidationError') {
      throw new BadUserInputError(error.message);
    }
    throw original ?? error;
  }
  return result.data as T;
}

export interface Connection<Node> {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { node: Node }[];
}

/**
 * Every node of a connection, page after page (at most 100 a page, the schema's limit).
 * `connectionOf` finds the connection in a page's data; it returns null when the parent
 * record does not exist or is of another type.
 */
export async function allNodes<Data, Node>(
  caller: Caller,
  document: DocumentNode,
  variables: Record<string, unknown>,
  connectionOf: (data: Data) => Connection<Node> | null,
): Promise<{ first: Data; nodes: Node[] }> {
  const nodes: Node[] = [];
  let after: string | null = null;
  let first: Data | undefined;
  for (;;) {
    const data: Data = await query<Data>(caller, document, { ...variables, after });
    first ??= data;
    const connection = connectionOf(data);
    if (!connection) return { first, nodes };
    nodes.push(...connection.edges.map((edge) => edge.node));
    if (!connection.pageInfo.hasNextPage) return { first, nodes };
    after = connection.pageInfo.endCursor;
  }
}
