// A reference client for co-editing conclusions: binds a Y.Doc to Veza over graphql-ws.
// Used by the tests and the benchmark; a frontend can use it as it is.
import type { Client } from 'graphql-ws';
import * as Y from 'yjs';

const PUSH = `mutation Push($input: PushConclusionUpdateInput!) {
  pushConclusionUpdate(input: $input) { stateVector }
}`;
const STATE = `query State($id: ID!) {
  node(id: $id) { ... on ConclusionDocument { stateVector } }
}`;
const UPDATES = `subscription Updates($documentId: ID!, $stateVector: String) {
  conclusionUpdates(documentId: $documentId, stateVector: $stateVector) { update }
}`;

const remote = Symbol('veza-remote');
const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** An update with no structs and no deletions is two zero bytes. */
const hasContent = (update: Uint8Array) => update.length > 2;

export interface ConclusionBinding {
  /** Resolves when the server's state has been applied (again after each reconnect). */
  synced(): Promise<void>;
  /** Resolves when every local change so far is acknowledged by the server. */
  flushed(): Promise<void>;
  destroy(): void;
}

/**
 * Keeps `doc` and the server's document in step: applies the catch-up and every remote update,
 * pushes local changes (one at a time, merged while one is in flight), and after a reconnect
 * pushes whatever was not acknowledged.
 */
export function bindConclusionDocument(
  client: Client,
  documentId: string,
  doc: Y.Doc,
  onError: (error: unknown) => void = () => {},
): ConclusionBinding {
  let pending: Uint8Array | null = null;
  let inFlight: Promise<void> | null = null;
  let isSynced = false;
  let syncWaiters: (() => void)[] = [];
  let destroyed = false;
  let stopUpdates: () => void;

  const request = <T>(query: string, variables: Record<string, unknown>) =>
    new Promise<T>((resolve, reject) => {
      let result: T | undefined;
      client.subscribe<T>(
        { query, variables },
        {
          next: (value) => {
            if (value.errors?.length) reject(new Error(value.errors[0]!.message));
            else result = value.data as T;
          },
          error: reject,
          complete: () => (result ? resolve(result) : reject(new Error('no result'))),
        },
      );
    });

  const pushLoop = async () => {
    while (pending && !destroyed) {
      const update = pending;
      pending = null;
      try {
        await request(PUSH, { input: { documentId, update: toBase64(update) } });
      } catch (error) {
        // Keep it for the next attempt (after a reconnect); pushes are idempotent.
        pending = pending ? Y.mergeUpdates([update, pending]) : update;
        onError(error);
        return;
      }
    }
  };

  const schedulePush = () => {
    inFlight ??= pushLoop().finally(() => {
      inFlight = null;
      if (pending && isSynced && !destroyed) schedulePush();
    });
  };

  const onLocalUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === remote) return;
    pending = pending ? Y.mergeUpdates([pending, update]) : update;
    if (isSynced) schedulePush();
  };
  doc.on('update', onLocalUpdate);

  stopUpdates = client.subscribe<{ conclusionUpdates: { update: string } }>(
    { query: UPDATES, variables: { documentId, stateVector: toBase64(Y.encodeStateVector(doc)) } },
    {
      next: (value) => {
        if (value.errors?.length) return onError(new Error(value.errors[0]!.message));
        const update = value.data?.conclusionUpdates.update;
        if (update === undefined) return;
        Y.applyUpdate(doc, fromBase64(update), remote);
        if (!isSynced) {
          isSynced = true;
          for (const wake of syncWaiters.splice(0)) wake();
          if (pending) schedulePush();
        }
      },
      error: onError,
      complete: () => {},
    },
  );

  // What this doc has that the server lacks (edits made offline or before binding) goes out
  // with the first push after syncing.
  request<{ node: { stateVector: string } | null }>(STATE, { id: documentId })
    .then((state) => {
      if (!state.node || destroyed) return;
      const missing = Y.encodeStateAsUpdate(doc, fromBase64(state.node.stateVector));
      if (!hasContent(missing)) return;
      pending = pending ? Y.mergeUpdates([pending, missing]) : missing;
      if (isSynced) schedulePush();
    })
    .catch(onError);

  // graphql-ws re-sends the subscription itself after a reconnect (its catch-up then covers
  // everything since the first state vector: Yjs ignores what it already has); pushes that
  // failed while disconnected go out again.
  const offConnected = client.on('connected', () => {
    if (pending && isSynced && !destroyed) schedulePush();
  });

  return {
    synced: () =>
      isSynced ? Promise.resolve() : new Promise<void>((resolve) => syncWaiters.push(resolve)),
    async flushed() {
      while (pending || inFlight) {
        if (!inFlight && isSynced) schedulePush();
        await (inFlight ?? new Promise((resolve) => setTimeout(resolve, 20)));
      }
    },
    destroy() {
      destroyed = true;
      doc.off('update', onLocalUpdate);
      offConnected();
      stopUpdates();
      syncWaiters = [];
    },
  };
}
