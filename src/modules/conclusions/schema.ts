import { encodeGlobalID } from '@pothos/plugin-relay';
import { Repeater } from 'graphql-yoga';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { NotFoundError } from '../../errors.js';
import { decodeGlobalId } from '../../global-id.js';
import { ConclusionItemKind, ConclusionStatus } from '../../generated/prisma/client.js';
import type { ActionItemChange, PresencePayload } from '../../pubsub.js';
import { createOnAdoption } from '../action-items/owners.js';
import { publishActionItemChange } from '../action-items/service.js';
import { publishEventChange } from '../events/service.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { updatesOverSocket } from './live.js';
import type { ProjectedItem } from './projection.js';
import { requireAdopter, requireEditor, requireReader } from './service.js';
import { notifyConclusionsAdopted } from '../notifications/triggers.js';

// --- Types -----------------------------------------------------------------------------------

const ConclusionStatusEnum = builder.enumType(ConclusionStatus, { name: 'ConclusionStatus' });
export const ConclusionItemKindEnum = builder.enumType(ConclusionItemKind, {
  name: 'ConclusionItemKind',
});

/** A projected item with the document it is in: its global ID needs both. */
export interface DocumentItem extends ProjectedItem {
  documentId: string;
}

/**
 * The item a global ID names, or null when `value` is not a conclusion item's global ID. Its
 * key is only unique within its document, so the ID holds both: `<document id>/<item key>`.
 */
export function parseConclusionItemId(value: string): { documentId: string; key: string } | null {
  let decoded;
  try {
    decoded = decodeGlobalId(value);
  } catch {
    return null;
  }
  if (decoded.typename !== 'ConclusionItem') return null;
  const slash = decoded.id.indexOf('/');
  return { documentId: decoded.id.slice(0, slash), key: decoded.id.slice(slash + 1) };
}

const ConclusionItemRef = builder.objectRef<DocumentItem>('ConclusionItem');

builder.node(ConclusionItemRef, {
  description: 'One entry of the document, as every client that applied every update sees it.',
  // Reached through its document, whose own rule applies; node(id:) checks it in loadOne.
  authScopes: { public: true },
  id: { resolve: (item) => `${item.documentId}/${item.itemId}` },
  loadOne: async (id, ctx) => {
    const slash = id.indexOf('/');
    const documentId = id.slice(0, slash);
    try {
      await requireReader(ctx, documentId);
    } catch (error) {
      // A missing document holds no item: node(id:) answers null, as for any missing record.
      if (error instanceof NotFoundError) return null;
      throw error;
    }
    const key = id.slice(slash + 1);
    const item = (await ctx.conclusions.items(documentId)).find((each) => each.itemId === key);
    return item ? { ...item, documentId } : null;
  },
  fields: (t) => ({
    key: t.string({
      description:
        'The item’s key in the Yjs document (its Y.Map’s "id"): unique within the document ' +
        'only. The item mutations take it (or `id`) as `itemId`.',
      resolve: (item) => item.itemId,
    }),
    kind: t.field({ type: ConclusionItemKindEnum, resolve: (item) => item.kind }),
    day: t.int({ nullable: true, resolve: (item) => item.day }),
    text: t.string({ resolve: (item) => item.text }),
    ownerMunicipalityId: t.id({ nullable: true, resolve: (item) => item.ownerMunicipalityId }),
    ownerOrganizationId: t.id({ nullable: true, resolve: (item) => item.ownerOrganizationId }),
    ownerMunicipalityIds: t.idList({ resolve: (item) => item.ownerMunicipalityIds }),
    ownerOrganizationIds: t.idList({ resolve: (item) => item.ownerOrganizationIds }),
    allPartners: t.boolean({
      description: 'Owed by every active partner municipality of the event’s programme.',
      resolve: (item) => item.allPartners,
    }),
    dueDate: t.string({
      nullable: true,
      deprecationReason: 'Use `dueOn`, a Date.',
      description: 'The deadline as written in the document (YYYY-MM-DD).',
      resolve: (item) => item.dueDate,
    }),
    dueOn: t.field({
      type: 'Date',
      nullable: true,
      description: 'The deadline; null when none, or when the document holds no valid date.',
      resolve: (item) => dateOrNull(item.dueDate),
    }),
  }),
});

/** A YYYY-MM-DD string from a co-edited document as a Date; anything else (a typo) is null. */
function dateOrNull(text: string | null | undefined): Date | null {
  if (!text || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

export const ConclusionDocumentNode = builder.prismaNode('ConclusionDocument', {
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  authScopes: async (document, ctx) => {
    await requireReader(ctx, document.id);
    return true;
  },
  fields: (t) => ({
    status: t.expose('status', { type: ConclusionStatusEnum }),
    stateVector: t.string({
      description: 'Base64 Y.encodeStateVector of the server’s copy.',
      resolve: async (document, _args, ctx) =>
        encodeBase64(await ctx.conclusions.stateVector(document.id)),
    }),
    snapshot: t.string({
      description: 'Base64 Y.encodeStateAsUpdate of the whole document.',
      resolve: async (document, _args, ctx) =>
        encodeBase64(await ctx.conclusions.snapshot(document.id)),
    }),
    items: t.field({
      type: [ConclusionItemRef],
      resolve: async (document, _args, ctx) =>
        (await ctx.conclusions.items(document.id)).map((item) => ({
          ...item,
          documentId: document.id,
        })),
    }),
    event: t.relation('event'),
    adoptedAt: t.expose('adoptedAt', { type: 'DateTime', nullable: true }),
  }),
});

const ConclusionUpdateRef = builder.objectRef<{ update: string }>('ConclusionUpdate').implement({
  authScopes: { public: true },
  fields: (t) => ({
    update: t.exposeString('update', { description: 'Base64 Yjs update to apply.' }),
  }),
});

const PresenceEventRef = builder.objectRef<PresencePayload>('PresenceEvent').implement({
  authScopes: { public: true },
  fields: (t) => ({
    clientId: t.exposeString('clientId'),
    userId: t.field({
      type: 'ID',
      nullable: true,
      resolve: (event) => (event.userId ? encodeGlobalID('User', event.userId) : null),
    }),
    state: t.field({ type: 'JSON', nullable: true, resolve: (event) => event.state }),
    left: t.exposeBoolean('left'),
  }),
});

// --- Mutations -------------------------------------------------------------------------------

export const documentId = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>) =>
  t.globalID({ required: true, for: ConclusionDocumentNode });

const PushConclusionUpdateInput = builder.inputType('PushConclusionUpdateInput', {
  fields: (t) => ({
    documentId: documentId(t),
    update: t.string({ required: true, description: 'Base64 Yjs update.' }),
  }),
});

const PushConclusionUpdatePayload = builder
  .objectRef<{ documentId: string; stateVector: Uint8Array }>('PushConclusionUpdatePayload')
  .implement({
    authScopes: { public: true },
    fields: (t) => ({
      documentId: t.id({
        resolve: (payload) => encodeGlobalID('ConclusionDocument', payload.documentId),
      }),
      stateVector: t.string({ resolve: (payload) => encodeBase64(payload.stateVector) }),
    }),
  });

builder.mutationField('pushConclusionUpdate', (t) =>
  t.field({
    type: PushConclusionUpdatePayload,
    description: 'Acknowledged once the update is durably stored; replaying it changes nothing.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: PushConclusionUpdateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = input.documentId.id;
      await requireEditor(ctx, id);
      const stateVector = await ctx.conclusions.push(id, input.update, ctx.viewer!.userId);
      return { documentId: id, stateVector };
    },
  }),
);

const UpdatePresenceInput = builder.inputType('UpdatePresenceInput', {
  fields: (t) => ({
    documentId: documentId(t),
    state: t.field({
      type: 'JSON',
      required: true,
      description: 'Anything the clients agree on, e.g. { name, itemId, cursor }.',
      validate: z.unknown().refine((value) => JSON.stringify(value).length <= 4096, {
        message: 'must be at most 4 KiB of JSON',
      }),
    }),
    clientId: t.string({
      description: 'Defaults to the WebSocket connection (or the session over HTTP).',
      validate: z.string().min(1).max(100),
    }),
  }),
});

const OkPayload = (name: string) =>
  builder.objectRef<{ ok: boolean }>(name).implement({
    authScopes: { public: true },
    fields: (t) => ({ ok: t.exposeBoolean('ok') }),
  });

builder.mutationField('updatePresence', (t) =>
  t.field({
    type: OkPayload('UpdatePresencePayload'),
    description:
      'Over a WebSocket, presence lasts until the socket closes; over HTTP, it lapses after 4 s ' +
      'without a refresh.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: UpdatePresenceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = input.documentId.id;
      await requireReader(ctx, id);
      const clientId = input.clientId ?? ctx.connectionId ?? ctx.viewer!.sessionId;
      const socket = ctx.connectionId ? { id: ctx.connectionId, closed: ctx.signal } : undefined;
      ctx.presence.update(id, clientId, ctx.viewer!.userId, input.state, socket);
      return { ok: true };
    },
  }),
);

const AdoptConclusionsInput = builder.inputType('AdoptConclusionsInput', {
  fields: (t) => ({ documentId: documentId(t) }),
});

/** `{ document: ConclusionDocument! }`, the payload of every mutation on a document. */
export function documentPayload(name: string) {
  return builder.objectRef<{ documentId: string }>(name).implement({
    authScopes: { public: true },
    fields: (t) => ({
      document: t.prismaField({
        type: 'ConclusionDocument',
        resolve: (query, payload, _args, ctx) =>
          ctx.prisma.conclusionDocument.findUniqueOrThrow({
            ...query,
            where: { id: payload.documentId },
          }),
      }),
    }),
  });
}

builder.mutationField('adoptConclusions', (t) =>
  t.field({
    type: documentPayload('AdoptConclusionsPayload'),
    description:
      'Freezes the document (later edits are refused with CONFLICT) and turns its ACTION ' +
      'items into action items, in one transaction.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: AdoptConclusionsInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = input.documentId.id;
      const { eventId, programmeId } = await requireAdopter(ctx, id);
      let created: ActionItemChange[] = [];
      await ctx.conclusions.adopt(id, ctx.viewer!.userId, async (tx, items) => {
        created = await createOnAdoption(tx, { documentId: id, eventId, programmeId }, items);
        await notifyConclusionsAdopted(tx, eventId);
      });
      // Who may read the document changed with its status (see canReadConclusions).
      publishEventChange(ctx, { id: eventId, programmeId });
      for (const change of created) publishActionItemChange(ctx, change);
      return { documentId: id };
    },
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('conclusionUpdates', (t) =>
  t.field({
    type: ConclusionUpdateRef,
    description:
      'First what the subscriber is missing relative to `stateVector` (everything when ' +
      'absent), then every later update from anyone.',
    authScopes: { public: true },
    args: {
      documentId: t.arg.globalID({ required: true, for: ConclusionDocumentNode }),
      stateVector: t.arg.string({ description: 'Base64 Y.encodeStateVector of the client.' }),
    },
    subscribe: async (_root, args, ctx, info) => {
      const id = args.documentId.id;
      await requireReader(ctx, id);
      const stateVector = args.stateVector
        ? decodeBase64(args.stateVector, 'stateVector', 64 * 1024)
        : undefined;
      return ctx.socketOperation
        ? updatesOverSocket(ctx, ctx.socketOperation, info, id, stateVector)
        : ctx.conclusions.updates(id, stateVector, ctx.signal);
    },
    resolve: (update: Uint8Array) => ({ update: encodeBase64(update) }),
  }),
);

builder.subscriptionField('presence', (t) =>
  t.field({
    type: PresenceEventRef,
    description: 'Everyone present first, then each arrival, move and departure.',
    authScopes: { public: true },
    args: { documentId: t.arg.globalID({ required: true, for: ConclusionDocumentNode }) },
    subscribe: async (_root, args, ctx) => {
      const id = args.documentId.id;
      await requireReader(ctx, id);
      const live = ctx.pubsub.subscribe('conclusion:presence', id);
      return new Repeater<PresencePayload>(async (push, stop) => {
        const iterator = live[Symbol.asyncIterator]();
        const nextEvent = () => {
          const event = iterator.next();
          event.catch(() => {}); // handled in the loop; it may fail while the snapshot is sent
          return event;
        };
        // Listening starts with the first next(), before the snapshot is taken: no gap.
        let pending = nextEvent();
        const stopped = stop.then(() => undefined);
        void stopped.then(() => iterator.return?.());
        // One at a time, each once read: a snapshot of any size never overfills the buffer.
        for (const entry of ctx.presence.current(id)) {
          if ((await Promise.race([push(entry), stopped.then(() => 'stopped')])) === 'stopped')
            return;
        }
        for (;;) {
          const next = await Promise.race([pending, stopped]).catch((error: unknown) => {
            stop(error); // a ResyncError: the subscriber is told to resync
            return undefined;
          });
          if (!next || next.done) break;
          pending = nextEvent();
          ctx.presence.observe(id, next.value);
          await push(next.value);
        }
      });
    },
    resolve: (event: PresencePayload) => event,
  }),
);
