// A short-lived cache of directory read results. The directory is read far more than written
// (partner maps, municipality pages), and an uncached nested read costs a Prisma query
// compilation, a large JSON-building SQL statement and a GraphQL execution of ~1000 fields.
//
// Correctness rules:
// - Only queries whose every root field is a directory read are cached (READ_ROOT_FIELDS), and
//   node/nodes only for IDs of directory types; never mutations, subscriptions, or results with
//   errors.
// - Entries are per session (the signed-in viewer, or the public), so field-level permissions
//   and consent-gated fields never cross viewers.
// - Every mutation on this instance, and every directory or programme change event (which
//   arrives from other instances through Redis), starts a new generation: older entries are
//   never served again. A result computed across a generation change is not stored.
// - Entries also expire after `ttlMs`, which bounds staleness from writes nothing announces.
import { getOperationAST, Kind, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';
import { followChannels, type PubSub } from './pubsub.js';

/** Root query fields whose results may be cached. */
const READ_ROOT_FIELDS = new Set([
  '__typename',
  'municipalities',
  'people',
  'memoranda',
  'programmes',
  'organizations',
  'diasporaMemberCounts',
  'node',
  'nodes',
]);

/** Types node/nodes may be cached for (not DiasporaMember: personal data stays uncached). */
const CACHEABLE_NODE_TYPES = new Set([
  'Programme',
  'Organization',
  'Municipality',
  'DiasporaOffice',
  'ProgrammePartnership',
  'Person',
  'CoordinatorAssignment',
  'Memorandum',
  'MemorandumParty',
]);

export interface ReadCacheOptions {
  /** How long an entry may be served. 0 disables the cache. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. Default 1000. */
  maxEntries?: number;
}

interface Entry {
  result: ExecutionResult;
  expiresAt: number;
}

export class ReadCache {
  private generation = 0;
  private readonly entries = new Map<string, Entry>();
  private readonly documentIds = new WeakMap<DocumentNode, number>();
  private nextDocumentId = 0;
  private readonly maxEntries: number;

  constructor(private readonly options: ReadCacheOptions) {
    this.maxEntries = options.maxEntries ?? 1000;
  }

  /** Forgets everything cached so far (a write happened). */
  invalidate() {
    this.generation += 1;
    this.entries.clear();
  }

  /**
   * Invalidates on directory and programme change events (from every instance when the event
   * bus is Redis). Returns a function that stops following and resolves once it has.
   */
  follow(pubsub: PubSub): () => Promise<void> {
    return followChannels(
      pubsub,
      ['directory:changed', 'programme:changed'],
      () => this.invalidate(),
      () => this.invalidate(),
    );
  }

  plugin(): Plugin<Context> {
    const cache = this;
    return {
      onExecute({ args, setResultAndStopExecution }) {
        if (cache.options.ttlMs <= 0) return;
        const operation = getOperationAST(args.document, args.operationName);
        if (!operation || operation.operation === 'subscription') return;
        if (operation.operation === 'mutation') {
          cache.invalidate();
          return { onExecuteDone: () => cache.invalidate() };
        }
        if (!cacheable(operation.selectionSet.selections, args.variableValues)) return;
        const key = cache.keyFor(args.document, args.contextValue, args);
        const hit = cache.entries.get(key);
        if (hit && hit.expiresAt > Date.now()) {
          setResultAndStopExecution(hit.result);
          return;
        }
        const generation = cache.generation;
        return {
          onExecuteDone({ result }) {
            if (generation !== cache.generation || Symbol.asyncIterator in result) return;
            if (result.errors?.length) return;
            cache.store(key, result);
          },
        };
      },
    };
  }

  private keyFor(
    document: DocumentNode,
    context: Context,
    args: { operationName?: string | null; variableValues?: Record<string, unknown> | null },
  ): string {
    let id = this.documentIds.get(document);
    if (id === undefined) {
      id = this.nextDocumentId++;
      this.documentIds.set(document, id);
    }
    const session = context.viewer?.sessionId ?? 'public';
    return `${session}|${id}|${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}`;
  }

  private store(key: string, result: ExecutionResult) {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { result, expiresAt: Date.now() + this.options.ttlMs });
  }
}

type Selections = NonNullable<ReturnType<typeof getOperationAST>>['selectionSet']['selections'];

/** Every root field is a directory read; node/nodes only for IDs of directory types. */
function cacheable(selections: Selections, variables: Record<string, unknown> | null | undefined) {
  return selections.every((selection) => {
    if (selection.kind !== Kind.FIELD || !READ_ROOT_FIELDS.has(selection.name.value)) return false;
    if (selection.name.value !== 'node' && selection.name.value !== 'nodes') return true;
    const argument = selection.arguments?.find(
      (a) => a.name.value === 'id' || a.name.value === 'ids',
    );
    if (!argument) return false;
    const value =
      argument.value.kind === Kind.VARIABLE
        ? variables?.[argument.value.name.value]
        : argument.value.kind === Kind.STRING
          ? argument.value.value
          : undefined;
    const ids = Array.isArray(value) ? value : [value];
    return (
      ids.length > 0 &&
      ids.every((id) => typeof id === 'string' && CACHEABLE_NODE_TYPES.has(typenameOf(id)))
    );
  });
}

function typenameOf(globalId: string): string {
  const decoded = Buffer.from(globalId, 'base64').toString('utf8');
  return decoded.slice(0, Math.max(decoded.indexOf(':'), 0));
}
