import { expect } from 'vitest';
import * as Y from 'yjs';
import { bindConclusionDocument } from '../../src/modules/conclusions/client.js';
import type { TestServer } from './server.js';

/** Creates a published D4D workshop as the admin; returns its conclusions document's ID. */
export async function createWorkshop(
  veza: TestServer,
  adminToken: string,
  { published = true, liveToPublic = false } = {},
) {
  const programmes = await veza.gql('{ programmes(search: "D4D") { edges { node { id } } } }');
  const programmeId = programmes.data?.programmes.edges[0].node.id;
  const created = await veza.gql(
    `mutation($input: CreateEventInput!) {
      createEvent(input: $input) { event { id conclusions { id status } } }
    }`,
    {
      input: {
        kind: 'WORKSHOP',
        title: 'Radionica koordinatora',
        programmeId,
        place: 'Sarajevo',
        startsOn: '2015-03-25',
        endsOn: '2015-03-26',
        published,
        liveToPublic,
      },
    },
    adminToken,
  );
  expect(created.errors).toBeUndefined();
  const eventId = created.data?.createEvent.event.id as string;
  // The Ključ and Zenica coordinators take part, so they may write the conclusions.
  for (const name of ['Koordinator za dijasporu, Ključ', 'Koordinator za dijasporu, Zenica']) {
    await registerPerson(veza, adminToken, eventId, name);
  }
  return created.data?.createEvent.event.conclusions.id as string;
}

/** Registers a directory person (found by name) for an event as a municipal authority. */
export async function registerPerson(
  veza: TestServer,
  token: string,
  eventId: string,
  fullName: string,
) {
  const people = await veza.gql(
    'query($s: String) { people(search: $s) { edges { node { id } } } }',
    { s: fullName },
    token,
  );
  const personId = people.data?.people.edges[0].node.id;
  const registered = await veza.gql(
    `mutation($input: RegisterParticipantInput!) {
      registerParticipant(input: $input) { participant { id status } }
    }`,
    { input: { eventId, personId, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
    token,
  );
  expect(registered.errors).toBeUndefined();
  return registered.data?.registerParticipant.participant as { id: string; status: string };
}

/** A Y.Doc bound to the document over its own graphql-ws connection. */
export function editor(veza: TestServer, token: string, documentId: string, doc = new Y.Doc()) {
  const client = veza.wsClient(token);
  const errors: unknown[] = [];
  const binding = bindConclusionDocument(client, documentId, doc, (error) => errors.push(error));
  return { doc, client, binding, errors };
}

/** Adds an item as docs/api.md shapes it. */
export function addItem(doc: Y.Doc, id: string, kind: string, text: string, extra = {}) {
  const item = new Y.Map<unknown>();
  doc.transact(() => {
    doc.getArray('items').push([item]);
    item.set('id', id);
    item.set('kind', kind);
    item.set('text', new Y.Text(text));
    for (const [key, value] of Object.entries(extra)) item.set(key, value);
  });
  return item;
}

export function itemText(doc: Y.Doc, index: number): Y.Text {
  return (doc.getArray('items').get(index) as Y.Map<unknown>).get('text') as Y.Text;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
