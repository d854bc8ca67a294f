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

/** The close code of a socket whose token is bad or whose session ended. */
const SESSION_ENDED = 4403;

/**
 * A WebSocket client that reconnects after a drop (the server cuts silent sockets), but not
 * after its session ended: then `onSessionEnded` runs.
 */
export function liveClient(
  token: string,
  onState: (connected: boolean) => void,
  onSessionEnded: () => void,
): Client {
  const ended = (event: unknown) => (event as CloseEvent | undefined)?.code === SESSION_ENDED;
  const client = createClient({
    url: wsUrl,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: Infinity,
    shouldRetry: (event) => !ended(event),
    keepAlive: 1_000,
  });
  client.on('connected', () => onState(true));
  client.on('closed', (event) => (ended(event) ? onSessionEnded() : onState(false)));
  return client;
}
