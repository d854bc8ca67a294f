// A conclusion item's due date as a Date, and who wrote an action item's update.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstId, programmeId } from '../../utils/lookup.js';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
const tokens = {} as Record<'admin' | 'kljuc' | 'zenica', string>;
const ids = {} as Record<'d4d' | 'kljuc', string>;

/** A published D4D workshop made by the administrator; its ID. */
async function workshop(title: string) {
  const { createEvent } = await veza.data<any>(
    'mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } } }',
    {
      input: {
        kind: 'WORKSHOP',
        title,
        programmeId: ids.d4d,
        startsOn: '2027-08-12',
        endsOn: '2027-08-12',
        published: true,
      },
    },
    tokens.admin,
  );
  return createEvent.event as { id: string };
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  tokens.admin = await veza.signIn('admin@veza.test');
  tokens.kljuc = await veza.signIn('koordinator.kljuc@veza.test');
  tokens.zenica = await veza.signIn('koordinator.zenica@veza.test');
  ids.d4d = await programmeId(veza, 'D4D');
  ids.kljuc = await firstId(veza, 'municipalities', 'kljuc');
});
afterAll(() => veza?.stop());

describe('conclusion items’ dueOn and action item updates’ author', () => {
  it('reads a due date as a Date beside the deprecated string, and who wrote an update', async () => {
    const event = await workshop('Radionica s rokovima');
    const { node } = await veza.data<any>(
      `query($id: ID!) { node(id: $id) { ... on Event { conclusions { id } } } }`,
      { id: event.id },
      tokens.admin,
    );
    const documentId = node.conclusions.id;
    await veza.data(
      `mutation($input: AddConclusionItemInput!) { addConclusionItem(input: $input) { document { id } } }`,
      {
        input: {
          documentId,
          kind: 'ACTION',
          text: 'Poslati upitnik Ministarstvu',
          ownerMunicipalityId: ids.kljuc,
          dueDate: '2027-09-01',
        },
      },
      tokens.admin,
    );
    const { node: document } = await veza.data<any>(
      `query($id: ID!) { node(id: $id) { ... on ConclusionDocument { items { dueDate dueOn } } } }`,
      { id: documentId },
      tokens.admin,
    );
    expect(document.items).toEqual([{ dueDate: '2027-09-01', dueOn: '2027-09-01' }]);

    await veza.data(
      `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { id } } }`,
      { input: { documentId } },
      tokens.admin,
    );
    const { actionItems } = await veza.data<any>(
      'query($e: ID) { actionItems(eventId: $e) { edges { node { id } } } }',
      { e: event.id },
      tokens.admin,
    );
    const actionItemId = actionItems.edges[0].node.id;
    await veza.data(
      `mutation($input: UpdateActionItemInput!) { updateActionItem(input: $input) { actionItem { id } } }`,
      { input: { actionItemId, status: 'IN_PROGRESS', comment: 'Upitnik je u izradi' } },
      tokens.kljuc,
    );
    const read = (token: string) =>
      veza.data<any>(
        `query($id: ID!) { node(id: $id) { ... on ActionItem {
          updates { authorId author { id displayName user { email } } } } } }`,
        { id: actionItemId },
        token,
      );
    const [asKljuc, asZenica, asAdmin] = await Promise.all(
      [tokens.kljuc, tokens.zenica, tokens.admin].map(read),
    );
    const update = asKljuc.node.updates[0];
    expect(update.author.id).toBe(update.authorId);
    expect(update.author.displayName).toBeTruthy();
    expect(update.author.user).toEqual({ email: 'koordinator.kljuc@veza.test' });
    // Another reader sees the name, not the account; an administrator sees both.
    expect(asZenica.node.updates[0].author).toMatchObject({
      displayName: update.author.displayName,
      user: null,
    });
    expect(asAdmin.node.updates[0].author.user).toEqual({
      email: 'koordinator.kljuc@veza.test',
    });
  });
});
