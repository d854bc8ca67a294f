import {
  BREAK,
  type DocumentNode,
  execute,
  type GraphQLResolveInfo,
  Kind,
  type OperationDefinitionNode,
  visit,
} from 'graphql';
import type { Context, SocketOperation } from '../../context.js';

/**
 * Each live update's `next` payload, executed and serialised once per operation text and
 * shared by every subscriber that sent the same text (Yoga's parse cache gives them one
 * operation node). A conclusions update is the same bytes for every reader — who may read
 * was decided when subscribing — so one execution serves a thousand watching partners.
 */
const payloads = new WeakMap<Uint8Array, Map<object, string>>();

/**
 * A subscriber's updates over its WebSocket: the catch-up through GraphQL as usual, then
 * every live update written straight to the socket with its shared payload, instead of a
 * GraphQL execution and an async-iterator step per subscriber per update. Resolves to the
 * stream graphql-ws consumes: the catch-up, then nothing until the subscription ends.
 */
export async function updatesOverSocket(
  ctx: Context,
  socket: SocketOperation,
  info: GraphQLResolveInfo,
  documentId: string,
  stateVector: Uint8Array | undefined,
): Promise<AsyncIterableIterator<Uint8Array>> {
  const shared = new ExecutionShare(info, socket.variables, ctx);
  // Until graphql-ws has sent the catch-up, live updates wait, so that they follow it.
  let waiting: Uint8Array[] | null = [];
  const deliver = (update: Uint8Array) => socket.sendNext(shared.payloadOf(update));
  const following = await ctx.conclusions.follow(documentId, stateVector, (update) =>
    waiting ? waiting.push(update) : deliver(update),
  );
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  const stop = () => {
    end();
    following.stop();
    ctx.signal.removeEventListener('abort', stop);
  };
  ctx.signal.addEventListener('abort', stop, { once: true });
  if (ctx.signal.aborted) stop(); // the socket closed while the catch-up was being taken
  let catchUpTaken = false;
  const stream: AsyncIterableIterator<Uint8Array> = {
    [Symbol.asyncIterator]: () => stream,
    async next() {
      if (!catchUpTaken) {
        catchUpTaken = true;
        return { value: following.catchUp, done: false };
      }
      // graphql-ws asks for the next value once the previous one is sent.
      for (const update of waiting ?? []) deliver(update);
      waiting = null;
      await ended;
      return { value: undefined, done: true };
    },
    async return() {
      stop();
      return { value: undefined, done: true };
    },
  };
  return stream;
}

class ExecutionShare {
  private readonly document: DocumentNode;
  /** Operations with directives may depend on their variables: those are not shared. */
  private readonly key: object;

  constructor(
    private readonly info: GraphQLResolveInfo,
    private readonly variables: Record<string, unknown> | undefined,
    private readonly ctx: Context,
  ) {
    const fragments = Object.values(info.fragments);
    this.document = { kind: Kind.DOCUMENT, definitions: [info.operation, ...fragments] };
    this.key = usesDirectives(info.operation, fragments) ? {} : info.operation;
  }

  payloadOf(update: Uint8Array): string {
    let byOperation = payloads.get(update);
    if (!byOperation) payloads.set(update, (byOperation = new Map()));
    let payload = byOperation.get(this.key);
    if (payload === undefined) {
      payload = this.execute(update);
      byOperation.set(this.key, payload);
    }
    return payload;
  }

  private execute(update: Uint8Array): string {
    const result = execute({
      schema: this.info.schema,
      document: this.document,
      rootValue: update,
      contextValue: this.ctx,
      variableValues: this.variables,
    });
    // The field's resolvers are synchronous; anything else is a defect, reported masked.
    if (result instanceof Promise || result.errors) {
      this.ctx.logger.error(
        { errors: result instanceof Promise ? 'asynchronous' : result.errors },
        'a live conclusions update could not be executed',
      );
      return JSON.stringify({
        errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
      });
    }
    return JSON.stringify(result);
  }
}

function usesDirectives(operation: OperationDefinitionNode, fragments: readonly object[]) {
  let found = false;
  for (const node of [operation, ...fragments] as OperationDefinitionNode[]) {
    visit(node, {
      Directive() {
        found = true;
        return BREAK;
      },
    });
  }
  return found;
}
