// Editing a conclusions document's items with ordinary mutations, for clients that do not
// co-edit live. Each mutation becomes one Yjs update on the same storage, so live editors see
// it like anyone's edit.
import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { BadUserInputError } from '../../errors.js';
import { isoDate } from '../../dates.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { mutationPayload } from '../payload.js';
import { MAX_ITEM_OWNERS } from './projection.js';
import { type ItemFields, addItem, editItem, moveItem, removeItem } from './edits.js';
import {
  ConclusionItemKindEnum,
  EDIT_RULE,
  documentId,
  documentAfterChange,
  parseConclusionItemId,
} from './schema.js';
import { requireEditor } from './service.js';

const itemText = z.string().max(10_000, 'must be at most 10,000 characters');
const day = z.number().int().min(1).max(31);
const position = z.number().int().min(0);
const itemKeyShape = /^[A-Za-z0-9_-]{1,100}$/;
const itemKeyRule = 'must be 1–100 letters, digits, "-" or "_"';
const itemId = z.string().regex(itemKeyShape, itemKeyRule);

/** The item an input names: by its key in the document (as before) or by its global ID. */
const itemReference = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>) =>
  t.string({
    required: true,
    description:
      'The item’s key in the document (`ConclusionItem.key`) or its global ID (which must be ' +
      'of this document, else BAD_USER_INPUT).',
    validate: z.string().min(1).max(2_000),
  });

/** The key in the document of the item `given` names; its global ID must be of this document. */
function itemKey(documentId: string, given: string): string {
  const item = parseConclusionItemId(given);
  if (!item) {
    if (!itemKeyShape.test(given)) throw new BadUserInputError(`itemId: ${itemKeyRule}`);
    return given;
  }
  if (item.documentId !== documentId) {
    throw new BadUserInputError('itemId: that item belongs to another document');
  }
  return item.key;
}

/** Runs one item change as the viewer, once they may edit the document. */
async function editDocument(
  ctx: Context,
  id: string,
  change: Parameters<Context['conclusions']['edit']>[2],
) {
  await requireEditor(ctx, id);
  await ctx.conclusions.edit(id, ctx.viewer!.userId, change);
  return { documentId: id };
}

interface OwnerArgs {
  ownerMunicipalityId?: { id: string } | null;
  ownerOrganizationId?: { id: string } | null;
  ownerMunicipalityIds?: { id: string }[] | null;
  ownerOrganizationIds?: { id: string }[] | null;
  allPartners?: boolean | null;
  dueDate?: Date | null;
}

/** Whether some of `given` name no row of `table`. */
async function unknownIds(
  ctx: Context,
  table: 'municipality' | 'organization',
  given: string[],
): Promise<boolean> {
  if (given.length === 0) return false;
  const where = { where: { id: { in: given } } };
  const found =
    table === 'municipality'
      ? await ctx.prisma.municipality.count(where)
      : await ctx.prisma.organization.count(where);
  return found < new Set(given).size;
}

/** Owners are stored in the document as global IDs, as docs/api.md says. */
async function ownerFields(ctx: Context, input: OwnerArgs): Promise<ItemFields> {
  if (input.ownerMunicipalityId && input.ownerOrganizationId) {
    throw new BadUserInputError('An action has one owner: a municipality or an organisation');
  }
  const municipality = input.ownerMunicipalityId?.id;
  const organization = input.ownerOrganizationId?.id;
  const municipalities = (input.ownerMunicipalityIds ?? []).map((ref) => ref.id);
  const organizations = (input.ownerOrganizationIds ?? []).map((ref) => ref.id);
  if (await unknownIds(ctx, 'municipality', municipality ? [municipality] : [])) {
    throw new BadUserInputError('ownerMunicipalityId: no municipality has this ID');
  }
  if (await unknownIds(ctx, 'organization', organization ? [organization] : [])) {
    throw new BadUserInputError('ownerOrganizationId: no organisation has this ID');
  }
  if (await unknownIds(ctx, 'municipality', municipalities)) {
    throw new BadUserInputError('ownerMunicipalityIds: no municipality has one of these IDs');
  }
  if (await unknownIds(ctx, 'organization', organizations)) {
    throw new BadUserInputError('ownerOrganizationIds: no organisation has one of these IDs');
  }
  const fields: ItemFields = {};
  if (input.ownerMunicipalityId !== undefined || input.ownerOrganizationId !== undefined) {
    fields.ownerMunicipalityId = municipality ? encodeGlobalID('Municipality', municipality) : null;
    fields.ownerOrganizationId = organization ? encodeGlobalID('Organization', organization) : null;
  }
  if (input.ownerMunicipalityIds !== undefined) {
    fields.ownerMunicipalityIds = municipalities.map((id) => encodeGlobalID('Municipality', id));
  }
  if (input.ownerOrganizationIds !== undefined) {
    fields.ownerOrganizationIds = organizations.map((id) => encodeGlobalID('Organization', id));
  }
  if (input.allPartners !== undefined) fields.allPartners = input.allPartners;
  if (input.dueDate !== undefined) fields.dueDate = input.dueDate ? isoDate(input.dueDate) : null;
  return fields;
}

/** An ACTION's owners and due date, the same on adding and editing an item. */
const ownerInputFields = (t: PothosSchemaTypes.InputFieldBuilder<any, 'InputObject'>) => ({
  ownerMunicipalityId: t.globalID({
    for: MunicipalityNode,
    description:
      'An ACTION’s single owner, a municipality; not with `ownerOrganizationId` ' +
      '(BAD_USER_INPUT). Setting one single owner clears the other.',
  }),
  ownerOrganizationId: t.globalID({
    for: OrganizationNode,
    description: 'An ACTION’s single owner, an organisation (as `ownerMunicipalityId`).',
  }),
  ownerMunicipalityIds: t.globalIDList({
    for: MunicipalityNode,
    description:
      'An ACTION owed by several municipalities, each with its own share (at most 100; ' +
      'replaces the list).',
    validate: z.array(z.unknown()).max(MAX_ITEM_OWNERS),
  }),
  ownerOrganizationIds: t.globalIDList({
    for: OrganizationNode,
    description:
      'An ACTION owed by several organisations, each with its own share (at most 100; ' +
      'replaces the list).',
    validate: z.array(z.unknown()).max(MAX_ITEM_OWNERS),
  }),
  allPartners: t.boolean({
    description:
      'The ACTION is owed by every active partner municipality of the event’s programme, ' +
      'as they are when the conclusions are adopted.',
  }),
  dueDate: t.field({ type: 'Date', description: 'An ACTION’s deadline.' }),
});

/** What the owner fields refuse, and for which kinds they count. */
const OWNERS_NOTE =
  'Owners and due date count for ACTION items only; an owner ID that names nothing is ' +
  'BAD_USER_INPUT.';

// --- Mutations -------------------------------------------------------------------------------

const AddConclusionItemInput = builder.inputType('AddConclusionItemInput', {
  description: `A new item of a DRAFT document. ${OWNERS_NOTE}`,
  fields: (t) => ({
    documentId: documentId(t),
    itemId: t.string({
      description:
        'Its key in the document: 1–100 letters, digits, "-" or "_", not yet used there ' +
        '(else BAD_USER_INPUT). Defaults to a new UUID.',
      validate: itemId,
    }),
    kind: t.field({ type: ConclusionItemKindEnum, required: true, description: 'What it is.' }),
    day: t.int({
      description: 'The number of the event’s day it belongs to, 1–31.',
      validate: day,
    }),
    text: t.string({
      required: true,
      description: 'Its text, at most 10,000 characters.',
      validate: itemText,
    }),
    ...ownerInputFields(t),
    position: t.int({
      description: 'Index to insert at, 0 to the number of items; default: the end.',
      validate: position,
    }),
  }),
});

builder.mutationField('addConclusionItem', (t) =>
  t.field({
    type: mutationPayload<{ documentId: string }>('AddConclusionItemPayload', {
      fields: (f) => ({ document: documentAfterChange(f) }),
    }),
    description:
      'Adds an item to a DRAFT document, as one Yjs update that live editors see at once. ' +
      EDIT_RULE,
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: AddConclusionItemInput,
        required: true,
        description: 'The document and the new item.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const fields: ItemFields = {
        kind: input.kind,
        day: input.day,
        text: input.text,
        ...(await ownerFields(ctx, input)),
      };
      return editDocument(ctx, input.documentId.id, (doc) =>
        addItem(doc, input.itemId ?? randomUUID(), fields, input.position),
      );
    },
  }),
);

const EditConclusionItemInput = builder.inputType('EditConclusionItemInput', {
  description: `Only the fields given change; \`null\` clears day, owner or due date. ${OWNERS_NOTE}`,
  fields: (t) => ({
    documentId: documentId(t),
    itemId: itemReference(t),
    kind: t.field({ type: ConclusionItemKindEnum, description: 'A new kind (not null).' }),
    day: t.int({ description: 'The number of the event’s day, 1–31.', validate: day }),
    text: t.string({
      description: 'The new text (not null), at most 10,000 characters.',
      validate: itemText,
    }),
    ...ownerInputFields(t),
  }),
});

builder.mutationField('editConclusionItem', (t) =>
  t.field({
    type: mutationPayload<{ documentId: string }>('EditConclusionItemPayload', {
      fields: (f) => ({ document: documentAfterChange(f) }),
    }),
    description:
      'Changes an item of a DRAFT document, as one Yjs update that live editors see at once; ' +
      'a new text rewrites only the part that differs, keeping others’ edits. ' +
      EDIT_RULE +
      ' NOT_FOUND when the document has no such item.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: EditConclusionItemInput,
        required: true,
        description: 'The item and what changes.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      if (input.kind === null) throw new BadUserInputError('kind cannot be null');
      if (input.text === null) throw new BadUserInputError('text cannot be null');
      const fields: ItemFields = {
        kind: input.kind,
        day: input.day,
        text: input.text,
        ...(await ownerFields(ctx, input)),
      };
      const key = itemKey(input.documentId.id, input.itemId);
      return editDocument(ctx, input.documentId.id, (doc) => editItem(doc, key, fields));
    },
  }),
);

const MoveConclusionItemInput = builder.inputType('MoveConclusionItemInput', {
  description: 'An item and where it goes.',
  fields: (t) => ({
    documentId: documentId(t),
    itemId: itemReference(t),
    position: t.int({
      required: true,
      description: 'Its index afterwards, 0 to the number of items − 1 (else BAD_USER_INPUT).',
      validate: position,
    }),
  }),
});

builder.mutationField('moveConclusionItem', (t) =>
  t.field({
    type: mutationPayload<{ documentId: string }>('MoveConclusionItemPayload', {
      fields: (f) => ({ document: documentAfterChange(f) }),
    }),
    description:
      'Moves an item of a DRAFT document. Yjs has no move: the item is removed and inserted ' +
      'again, so an edit someone makes to its text at that very moment is lost. ' +
      EDIT_RULE +
      ' NOT_FOUND when the document has no such item.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: MoveConclusionItemInput,
        required: true,
        description: 'The item and its new index.',
      }),
    },
    resolve: (_root, { input }, ctx) => {
      const key = itemKey(input.documentId.id, input.itemId);
      return editDocument(ctx, input.documentId.id, (doc) => moveItem(doc, key, input.position));
    },
  }),
);

const RemoveConclusionItemInput = builder.inputType('RemoveConclusionItemInput', {
  description: 'The item to remove.',
  fields: (t) => ({
    documentId: documentId(t),
    itemId: itemReference(t),
  }),
});

builder.mutationField('removeConclusionItem', (t) =>
  t.field({
    type: mutationPayload<{ documentId: string }>('RemoveConclusionItemPayload', {
      fields: (f) => ({ document: documentAfterChange(f) }),
    }),
    description:
      'Removes an item from a DRAFT document, as one Yjs update that live editors see at ' +
      'once. ' +
      EDIT_RULE +
      ' NOT_FOUND when the document has no such item.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: RemoveConclusionItemInput,
        required: true,
        description: 'The item to remove.',
      }),
    },
    resolve: (_root, { input }, ctx) => {
      const key = itemKey(input.documentId.id, input.itemId);
      return editDocument(ctx, input.documentId.id, (doc) => removeItem(doc, key));
    },
  }),
);
