// Talks to the Veza that serves the page: GraphQL over HTTP and, for live figures, graphql-ws.
import { type Client, createClient } from 'graphql-ws';

const httpUrl = new URL('/graphql', location.href).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');

export interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

export class ApiError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export async function request<T>(
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<T> {
  const response = await fetch(httpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: GraphQLError[] };
  const error = body.errors?.[0];
  if (error || !body.data) throw new ApiError(error?.extensions?.code, error?.message ?? 'No data');
  return body.data;
}

/** A WebSocket client that reconnects after a drop (the server cuts silent sockets). */
export function liveClient(token: string, onState: (connected: boolean) => void): Client {
  const client = createClient({
    url: wsUrl,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    shouldRetry: () => true,
    keepAlive: 1_000,
  });
  client.on('connected', () => onState(true));
  client.on('closed', () => onState(false));
  return client;
}
