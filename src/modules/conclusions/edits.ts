// The ordinary item mutations as changes to the Yjs document, so that they merge with live
// co-editing like any client's edit.
import * as Y from 'yjs';
import { BadUserInputError, NotFoundError } from '../../errors.js';
import type { ConclusionItemKind } from '../../generated/prisma/client.js';

export interface ItemFields {
  kind?: ConclusionItemKind;
  /** `null` clears the day. */
  day?: number | null;
  text?: string;
  ownerMunicipalityId?: string | null;
  ownerOrganizationId?: string | null;
  /** Global IDs; `null` (or an empty list) clears. */
  ownerMunicipalityIds?: string[] | null;
  ownerOrganizationIds?: string[] | null;
  /** `null` or false clears. */
  allPartners?: boolean | null;
  dueDate?: string | null;
}

const items = (doc: Y.Doc) => doc.getArray<Y.Map<unknown>>('items');

function indexOf(doc: Y.Doc, itemId: string): number {
  const index = items(doc)
    .toArray()
    .findIndex((entry) => entry instanceof Y.Map && entry.get('id') === itemId);
  if (index < 0) throw new NotFoundError(`The document has no item "${itemId}"`);
  return index;
}

function clampPosition(position: number | null | undefined, length: number) {
  if (position == null) return length;
  if (position < 0 || position > length) {
    throw new BadUserInputError(`position must be between 0 and ${length}`);
  }
  return position;
}

function setFields(map: Y.Map<unknown>, fields: Omit<ItemFields, 'text'>) {
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    // Cleared values leave no key behind: null, false, an empty owner list.
    if (value === null || value === false || (Array.isArray(value) && value.length === 0)) {
      map.delete(key);
    } else map.set(key, value);
  }
}

export function addItem(doc: Y.Doc, id: string, fields: ItemFields, position?: number | null) {
  if (
    items(doc)
      .toArray()
      .some((entry) => entry instanceof Y.Map && entry.get('id') === id)
  ) {
    throw new BadUserInputError(`The document already has an item "${id}"`);
  }
  const { text = '', ...rest } = fields;
  const at = clampPosition(position, items(doc).length);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    items(doc).insert(at, [map]);
    map.set('id', id);
    setFields(map, rest);
    map.set('text', new Y.Text(text));
  });
}

export function editItem(doc: Y.Doc, itemId: string, fields: ItemFields) {
  const map = items(doc).get(indexOf(doc, itemId));
  const { text, ...rest } = fields;
  doc.transact(() => {
    setFields(map, rest);
    if (text !== undefined) replaceText(map, text);
  });
}

/**
 * Yjs has no move: the item is removed and inserted again with the same id and fields, so an
 * edit someone makes to its text at that very moment is lost (they see the moved item).
 */
export function moveItem(doc: Y.Doc, itemId: string, position: number) {
  const array = items(doc);
  const from = indexOf(doc, itemId);
  const to = clampPosition(position, array.length - 1);
  if (from === to) return;
  // Read before deleting: a deleted Y.Map or Y.Text reads as empty.
  const fields = [...array.get(from).entries()].map(
    ([key, value]) => [key, value instanceof Y.Text ? value.toString() : value] as const,
  );
  doc.transact(() => {
    const copy = new Y.Map<unknown>();
    array.delete(from, 1);
    array.insert(to, [copy]);
    for (const [key, value] of fields) {
      copy.set(key, key === 'text' && typeof value === 'string' ? new Y.Text(value) : value);
    }
  });
}

export function removeItem(doc: Y.Doc, itemId: string) {
  items(doc).delete(indexOf(doc, itemId), 1);
}

/** Rewrites only the changed middle of the text, so concurrent edits elsewhere in it survive. */
function replaceText(map: Y.Map<unknown>, next: string) {
  const current = map.get('text');
  if (!(current instanceof Y.Text)) {
    map.set('text', new Y.Text(next));
    return;
  }
  const previous = current.toString();
  let start = 0;
  while (start < previous.length && start < next.length && previous[start] === next[start]) {
    start++;
  }
  let end = 0;
  while (
    end < previous.length - start &&
    end < next.length - start &&
    previous[previous.length - 1 - end] === next[next.length - 1 - end]
  ) {
    end++;
  }
  const removed = previous.length - start - end;
  if (removed > 0) current.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted) current.insert(start, inserted);
}
