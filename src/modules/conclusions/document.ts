import * as Y from 'yjs';
import type { ConclusionItemKind } from '../../generated/prisma/client.js';

export interface ItemDraft {
  id: string;
  kind: ConclusionItemKind;
  day?: number;
  text: string;
  ownerMunicipalityId?: string;
  ownerOrganizationId?: string;
  ownerMunicipalityIds?: string[];
  ownerOrganizationIds?: string[];
  allPartners?: boolean;
  dueDate?: string;
}

/** A whole conclusions document holding these items, shaped as docs/api.md says. */
export function encodeItems(items: ItemDraft[]): Uint8Array {
  const doc = new Y.Doc();
  const array = doc.getArray<Y.Map<unknown>>('items');
  doc.transact(() => {
    for (const { text, ...fields } of items) {
      const map = new Y.Map<unknown>();
      array.push([map]);
      for (const [key, value] of Object.entries(fields)) map.set(key, value);
      map.set('text', new Y.Text(text));
    }
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
