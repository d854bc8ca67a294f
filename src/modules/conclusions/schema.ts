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
import { mutationPayload, recordById, type PayloadFieldBuilder } from '../payload.js';
import { decodeBase64, encodeBase64 } from './encoding.js';
import { updatesOverSocket } from './live.js';
import type { ProjectedItem } from './projection.js';
import { requireAdopter, requireEditor, requireReader } from './service.js';
import { notifyConclusionsAdopted } from '../notifications/triggers.js';

// --- Types -----------------------------------------------------------------------------------

const ConclusionStatusEnum = builder.enumType(ConclusionStatus, {
  name: 'ConclusionStatus',
  description: 'Where a conclusions document stands: written together, then adopted as the record.',
  values: {
    DRAFT: {
      description:
        'Being written: its editors co-edit it; it is read by those taking part in the event, ' +
        'its organisers and the programme’s partners (everyone when `Event.liveToPublic`).',
    },
    ADOPTED: {
      description:
        'Frozen as the record (edits are refused with CONFLICT); whoever may read the event ' +
        'reads it. Its ACTION items became `ActionItem`s.',
    },
  },
});
export const ConclusionItemKindEnum = builder.enumType(ConclusionItemKind, {
  name: 'ConclusionItemKind',
  description: 'What an item of a conclusions document is.',
  values: {
    CONCLUSION: { description: 'A conclusion the participants reached (zaključak).' },
    RECOMMENDATION: { description: 'A recommendation the participants make (preporuka).' },
    ACTION: {
      description:
        'A task (zadatak) with owners and a due date; adoption turns it into an `ActionItem`.',
    },
  },
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
    kind: t.field({
      type: ConclusionItemKindEnum,
      description: 'A conclusion, a recommendation or an ACTION.',
      resolve: (item) => item.kind,
    }),
    day: t.int({
      nullable: true,
      description: 'The number of the event’s day it belongs to (1: the first); null: none.',
      resolve: (item) => item.day,
    }),
    text: t.string({
      description: 'The item’s text, plain (empty when the document holds none).',
      resolve: (item) => item.text,
    }),
    ownerMunicipalityId: t.id({
      nullable: true,
      description:
        'An ACTION’s owning municipality, as the global ID the document names; null for other ' +
        'kinds or when none. Adoption refuses (CONFLICT) an ID that names no municipality.',
      resolve: (item) => item.ownerMunicipalityId,
    }),
    ownerOrganizationId: t.id({
      nullable: true,
      description:
        'An ACTION’s owning organisation (global ID), when no `ownerMunicipalityId` is set ' +
        '(that one wins at adoption); null for other kinds or when none.',
      resolve: (item) => item.ownerOrganizationId,
    }),
    ownerMunicipalityIds: t.idList({
      description:
        'Further municipalities owing an ACTION, each with its own share (global IDs, at most ' +
        '100); empty for other kinds.',
      resolve: (item) => item.ownerMunicipalityIds,
    }),
    ownerOrganizationIds: t.idList({
      description:
        'Further organisations owing an ACTION, each with its own share (global IDs, at most ' +
        '100); empty for other kinds.',
      resolve: (item) => item.ownerOrganizationIds,
    }),
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
  description:
    'An event’s conclusions and recommendations: a Yjs document co-edited live while DRAFT, ' +
    'the record once ADOPTED (see “Co-editing conclusions” in docs/api.md). A DRAFT is read ' +
    'by those taking part in the event, its organisers and the programme’s partners (everyone ' +
    'when `Event.liveToPublic`); an ADOPTED one by whoever may read the event.',
  id: { field: 'id' },
  // node(id:) of a missing row answers null, not an unexpected error.
  nullable: true,
  authScopes: async (document, ctx) => {
    await requireReader(ctx, document.id);
    return true;
  },
  fields: (t) => ({
    status: t.expose('status', {
      type: ConclusionStatusEnum,
      description: 'DRAFT while being written, ADOPTED once frozen as the record.',
    }),
    stateVector: t.string({
      description:
        'Base64 Y.encodeStateVector of the server’s copy: pass it to `conclusionUpdates` to ' +
        'get only later updates.',
      resolve: async (document, _args, ctx) =>
        encodeBase64(await ctx.conclusions.stateVector(document.id)),
    }),
    snapshot: t.string({
      description:
        'Base64 Y.encodeStateAsUpdate of the whole document, to load with Y.applyUpdate.',
      resolve: async (document, _args, ctx) =>
        encodeBase64(await ctx.conclusions.snapshot(document.id)),
    }),
    items: t.field({
      type: [ConclusionItemRef],
      description:
        'The items in document order, as a client that applied every update sees them. ' +
        'Entries without a string `id`, with an unknown `kind` or a repeated `id` are left out.',
      resolve: async (document, _args, ctx) =>
        (await ctx.conclusions.items(document.id)).map((item) => ({
          ...item,
          documentId: document.id,
        })),
    }),
    event: t.relation('event', { description: 'The event whose conclusions these are.' }),
    adoptedAt: t.expose('adoptedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When `adoptConclusions` froze it; null while DRAFT.',
    }),
  }),
});

const ConclusionUpdateRef = builder.objectRef<{ update: string }>('ConclusionUpdate').implement({
  description: 'One result of `conclusionUpdates`: changes to the document, as one Yjs update.',
  authScopes: { public: true },
  fields: (t) => ({
    update: t.exposeString('update', {
      description:
        'Base64 Yjs update: apply it with Y.applyUpdate (applying it twice is harmless).',
    }),
  }),
});

const PresenceEventRef = builder.objectRef<PresencePayload>('PresenceEvent').implement({
  description: 'One client’s presence in a conclusions document: its latest state, or its leaving.',
  authScopes: { public: true },
  fields: (t) => ({
    clientId: t.exposeString('clientId', {
      description:
        'Which client: the `clientId` it gave to `updatePresence`, else the id of its ' +
        'WebSocket connection (over HTTP, of its session). Key presence by it.',
    }),
    userId: t.field({
      type: 'ID',
      nullable: true,
      description: 'Global ID of the `User` the client is signed in as; null when unknown.',
      resolve: (event) => (event.userId ? encodeGlobalID('User', event.userId) : null),
    }),
    state: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The JSON the client last sent with `updatePresence`; null when it left.',
      resolve: (event) => event.state,
    }),
    left: t.exposeBoolean('left', {
      description:
        'True when the client is gone (its socket closed, or over HTTP it stopped refreshing).',
    }),
  }),
});

// --- Mutations -------------------------------------------------------------------------------

export const documentId = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>) =>
  t.globalID({
    required: true,
    for: ConclusionDocumentNode,
    description:
      'The conclusions document (`ConclusionDocument.id`, as `Event.conclusions` has it).',
  });

/**
 * Who may change a document's items, and what a change refuses: the same for every
 * mutation that edits a DRAFT (pushes and the item mutations).
 */
export const EDIT_RULE =
  'For the administrators of the event’s programme and the coordinators and deputies of the ' +
  'municipalities taking part (the host, or a participation the organisers accepted); others ' +
  'get FORBIDDEN, a missing document NOT_FOUND, an adopted one CONFLICT.';

const PushConclusionUpdateInput = builder.inputType('PushConclusionUpdateInput', {
  description: 'A local change of a co-editing client, to store and pass on.',
  fields: (t) => ({
    documentId: documentId(t),
    update: t.string({
      required: true,
      description:
        "Base64 Yjs update, as `doc.on('update')` gives it: at most 512 KiB decoded " +
        '(by default).',
    }),
  }),
});

builder.mutationField('pushConclusionUpdate', (t) =>
  t.field({
    type: mutationPayload<{
      documentId: string;
      stateVector: Uint8Array;
    }>('PushConclusionUpdatePayload', {
      detail: ', once the update is durably stored',
      fields: (f) => ({
        documentId: f.id({
          description: 'The document’s global ID.',
          resolve: (payload) => encodeGlobalID('ConclusionDocument', payload.documentId),
        }),
        stateVector: f.string({
          description: 'Base64 Y.encodeStateVector of the server’s copy with the update applied.',
          resolve: (payload) => encodeBase64(payload.stateVector),
        }),
      }),
    }),
    description:
      'Stores a Yjs update of a DRAFT document and sends it to every `conclusionUpdates` ' +
      'subscriber; answers once it is durably stored, and replaying it changes nothing. ' +
      EDIT_RULE +
      ' BAD_USER_INPUT: not standard base64 or not a Yjs update, too large, building on ' +
      'changes the server does not have (sync first), or growing the document past 2 MiB.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: PushConclusionUpdateInput,
        required: true,
        description: 'The document and the update.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const id = input.documentId.id;
      await requireEditor(ctx, id);
      const stateVector = await ctx.conclusions.push(id, input.update, ctx.viewer!.userId);
      return { documentId: id, stateVector };
    },
  }),
);

const UpdatePresenceInput = builder.inputType('UpdatePresenceInput', {
  description: 'A client’s presence in a document, to announce to the others.',
  fields: (t) => ({
    documentId: documentId(t),
    state: t.field({
      type: 'JSON',
      required: true,
      description:
        'Anything the clients agree on, e.g. { name, itemId, cursor }; at most 4 KiB as JSON.',
      validate: z.unknown().refine((value) => JSON.stringify(value).length <= 4096, {
        message: 'must be at most 4 KiB of JSON',
      }),
    }),
    clientId: t.string({
      description:
        'Names the client (1–100 characters), e.g. one per browser tab. Defaults to the ' +
        'WebSocket connection (or the session over HTTP).',
      validate: z.string().min(1).max(100),
    }),
  }),
});

builder.mutationField('updatePresence', (t) =>
  t.field({
    type: mutationPayload<{ ok: boolean }>('UpdatePresencePayload', {
      fields: (f) => ({
        ok: f.exposeBoolean('ok', { description: 'Always true: it was done.' }),
      }),
    }),
    description:
      'Announces or changes the caller’s presence in a document they may read; `presence` ' +
      'subscribers see it. Over a WebSocket, presence lasts until the socket closes; over ' +
      'HTTP, it lapses after 4 s without a refresh. BAD_USER_INPUT past 20 clients per ' +
      'connection or 100 per user (by default); FORBIDDEN or NOT_FOUND as for reading.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: UpdatePresenceInput,
        required: true,
        description: 'The document and the client’s state.',
      }),
    },
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
  description: 'The document to adopt.',
  fields: (t) => ({ documentId: documentId(t) }),
});

/** `document: ConclusionDocument!`, in the payload of every mutation on a document. */
export function documentAfterChange(t: PayloadFieldBuilder<{ documentId: string }>) {
  return recordById(
    t,
    'ConclusionDocument',
    'The document as it is after the change.',
    (payload) => payload.documentId,
  );
}

builder.mutationField('adoptConclusions', (t) =>
  t.field({
    type: mutationPayload<{ documentId: string }>('AdoptConclusionsPayload', {
      fields: (f) => ({ document: documentAfterChange(f) }),
    }),
    description:
      'The administrators of the event’s programme (or of every programme) freeze the DRAFT ' +
      'document as the record (later edits are refused with CONFLICT) and turn its ACTION ' +
      'items into `ActionItem`s, one share per owner (`allPartners`: the programme’s active ' +
      'partner municipalities now), in one transaction. CONFLICT when already adopted, when ' +
      'it changed meanwhile (try again), or when an ACTION names an owner that does not exist ' +
      '(or all partners, for an event without a programme). Notifies the event’s registered ' +
      'participants and each action’s owners; `actionItemChanged` announces the new items.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: AdoptConclusionsInput,
        required: true,
        description: 'The document to adopt.',
      }),
    },
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
      'The live updates of a conclusions document, for whoever may read it: first what the ' +
      'subscriber is missing relative to `stateVector` (everything when absent), then every ' +
      'later update from anyone, the subscriber’s own included. It may end with a CONFLICT ' +
      'error with `extensions.resync: true`: subscribe again with the current state vector.',
    authScopes: { public: true },
    args: {
      documentId: t.arg.globalID({
        required: true,
        for: ConclusionDocumentNode,
        description: 'The document (`ConclusionDocument.id`).',
      }),
      stateVector: t.arg.string({
        description:
          'Base64 Y.encodeStateVector of what the client has (at most 64 KiB decoded, else ' +
          'BAD_USER_INPUT); absent: nothing yet.',
      }),
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
    description:
      'Who is in a conclusions document, for whoever may read it: everyone present first, ' +
      'then each arrival, change and departure. It may end with a CONFLICT error with ' +
      '`extensions.resync: true`: subscribe again.',
    authScopes: { public: true },
    args: {
      documentId: t.arg.globalID({
        required: true,
        for: ConclusionDocumentNode,
        description: 'The document (`ConclusionDocument.id`).',
      }),
    },
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
