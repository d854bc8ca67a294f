import * as Y from 'yjs';
import type { ConclusionItemKind } from '../../generated/prisma/client.js';

const kinds: readonly string[] = ['CONCLUSION', 'RECOMMENDATION', 'ACTION'];

export interface ProjectedItem {
  itemId: string;
  position: number;
  kind: ConclusionItemKind;
  day: number | null;
  text: string;
  ownerMunicipalityId: string | null;
  ownerOrganizationId: string | null;
  /** Further owners of an ACTION (global IDs), from the `ownerMunicipalityIds` and
   * `ownerOrganizationIds` arrays; with `allPartners`, every active partner municipality of
   * the event's programme owes it too (resolved at adoption). */
  ownerMunicipalityIds: string[];
  ownerOrganizationIds: string[];
  allPartners: boolean;
  dueDate: string | null;
}

/** The most owners one item names in the document (the rest is left out). */
export const MAX_ITEM_OWNERS = 100;

function idList(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const ids = value.filter((id): id is string => typeof id === 'string' && id.length > 0);
  return [...new Set(ids)].slice(0, MAX_ITEM_OWNERS);
}

/**
 * The items of a conclusions document as docs/api.md shapes them: `items` is a Y.Array of Y.Maps
 * with `id`, `kind`, `day`, `text` (Y.Text), and for actions `ownerMunicipalityId` (or, for
 * an organisation, `ownerOrganizationId`; global IDs), the lists `ownerMunicipalityIds` and
 * `ownerOrganizationIds`, `allPartners` (boolean) and `dueDate`. Entries that do not have that shape (no id, unknown kind, a repeated id) are left
 * out, the same for every reader, so every projection of the same state is the same.
 */
export function projectItems(doc: Y.Doc): ProjectedItem[] {
  const seen = new Set<string>();
  const items: ProjectedItem[] = [];
  doc.getArray<unknown>('items').forEach((entry) => {
    if (!(entry instanceof Y.Map)) return;
    const itemId = entry.get('id');
    const kind = entry.get('kind');
    if (typeof itemId !== 'string' || !itemId || seen.has(itemId)) return;
    if (typeof kind !== 'string' || !kinds.includes(kind)) return;
    seen.add(itemId);
    const text = entry.get('text');
    const day = entry.get('day');
    const owner = entry.get('ownerMunicipalityId');
    const ownerOrganization = entry.get('ownerOrganizationId');
    const due = entry.get('dueDate');
    const isAction = kind === 'ACTION';
    items.push({
      itemId,
      position: items.length,
      kind: kind as ConclusionItemKind,
      day: Number.isInteger(day) ? (day as number) : null,
      text: text instanceof Y.Text ? text.toString() : typeof text === 'string' ? text : '',
      ownerMunicipalityId: kind === 'ACTION' && typeof owner === 'string' ? owner : null,
      ownerOrganizationId:
        kind === 'ACTION' && typeof ownerOrganization === 'string' ? ownerOrganization : null,
      ownerMunicipalityIds: isAction ? idList(entry.get('ownerMunicipalityIds')) : [],
      ownerOrganizationIds: isAction ? idList(entry.get('ownerOrganizationIds')) : [],
      allPartners: isAction && entry.get('allPartners') === true,
      dueDate:
        kind === 'ACTION' && typeof due === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(due)
          ? due
          : null,
    });
  });
  return items;
}
