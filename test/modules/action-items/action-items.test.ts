// Conclusions written with ordinary mutations, adopted into action items, and those followed
// up to done — through HTTP and graphql-ws clients of a real server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { demoEvents } from '../../../src/demo/events.js';
import { refusal } from '../../utils/assertions.js';
import { editor, registerPerson, waitUntil } from '../../utils/collab.js';
import { collect, startTestServer, subscribed, type TestServer } from '../../utils/server.js';
import { dateFromToday } from '../../utils/dates.js';
import { firstId } from '../../utils/lookup.js';

let veza: TestServer;
let admin: string;
let kljucCoordinator: string;
let zenicaCoordinator: string;
let partner: string;
const ids = {} as Record<'mr' | 'd4d' | 'kljuc' | 'zenica' | 'undp', string>;

const idOf = (root: string, search: string) => firstId(veza, root, search);

async function createEvent(input: Record<string, unknown>) {
  const { createEvent: created } = await veza.data(
    `mutation($input: CreateEventInput!) {
      createEvent(input: $input) { event { id conclusions { id } } }
    }`,
    { input: { kind: 'WORKSHOP', published: true, ...input } },
    admin,
  );
  return {
    eventId: created.event.id as string,
    documentId: created.event.conclusions.id as string,
  };
}

const addItem = `mutation($input: AddConclusionItemInput!) {
  addConclusionItem(input: $input) { document { items { key kind day text ownerOrganizationId dueDate } } }
}`;
const adopt = `mutation($input: AdoptConclusionsInput!) {
  adoptConclusions(input: $input) { document { status } }
}`;
const actionItemFields = `id text status dueDate overdue conclusionItemId
  ownerMunicipality { name } ownerOrganization { acronym }
  updates { status comment evidenceUrls }`;
const update = `mutation($input: UpdateActionItemInput!) {
  updateActionItem(input: $input) { actionItem { ${actionItemFields} } }
}`;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljucCoordinator, zenicaCoordinator, partner] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
    veza.signIn('koordinator.zenica@veza.test'),
    veza.signIn('partner@veza.test'),
  ]);
  ids.mr = await idOf('programmes', 'M&R');
  ids.d4d = await idOf('programmes', 'D4D');
  ids.kljuc = await idOf('municipalities', 'kljuc');
  ids.zenica = await idOf('municipalities', 'zenica');
  ids.undp = await idOf('organizations', 'UNDP');
});
afterAll(() => veza?.stop());

describe('the March 2015 workshop, recorded from the API alone', () => {
  const seed = demoEvents.find((event) => event.startsOn === '2015-03-25')!;
  let documentId: string;
  let eventId: string;

  it('writes the conclusions of both days item by item, as seed 003 reads', async () => {
    ({ eventId, documentId } = await createEvent({
      title: seed.title,
      programmeId: ids.mr,
      hostOrganizationId: ids.undp,
      place: 'Sarajevo',
      startsOn: '2015-03-25',
      endsOn: '2015-03-26',
    }));
    let items: unknown[] = [];
    for (const item of seed.conclusions.items) {
      const data = await veza.data(
        addItem,
        {
          input: {
            documentId,
            itemId: item.id,
            kind: item.kind,
            day: item.day,
            text: item.text,
            ownerOrganizationId: item.owner ? ids.undp : undefined,
            dueDate: item.dueDate,
          },
        },
        admin,
      );
      items = data.addConclusionItem.document.items;
    }
    expect(items).toEqual(
      seed.conclusions.items.map((item) => ({
        key: item.id,
        kind: item.kind,
        day: item.day ?? null,
        text: item.text,
        ownerOrganizationId: item.owner ? ids.undp : null,
        dueDate: item.dueDate ?? null,
      })),
    );
  });

  it('adopts them: the ACTION items become action items, announced over graphql-ws', async () => {
    const watcher = await subscribed(veza, () =>
      collect<any>(
        veza.wsClient(partner),
        `subscription { actionItemChanged { conclusionItemId status } }`,
      ),
    );
    await veza.data(adopt, { input: { documentId } }, admin);
    const actions = seed.conclusions.items.filter((item) => item.kind === 'ACTION');
    const results = await watcher.waitFor(actions.length);
    expect(results.map((result) => result.data.actionItemChanged.conclusionItemId).sort()).toEqual(
      actions.map((item) => item.id).sort(),
    );

    const { actionItems } = await veza.data(
      `query($e: ID) { actionItems(eventId: $e) { totalCount edges { node { ${actionItemFields} } } } }`,
      { e: eventId },
      partner,
    );
    expect(actionItems.totalCount).toBe(actions.length);
    const training = actionItems.edges.find(
      (edge: any) => edge.node.conclusionItemId === 'mr2-d1-6',
    ).node;
    expect(training).toMatchObject({
      status: 'OPEN',
      dueDate: '2015-05-31',
      overdue: true,
      ownerOrganization: { acronym: 'UNDP' },
      ownerMunicipality: null,
    });
    // Later edits of the adopted record are refused and change nothing.
    const late = await veza.gql(
      addItem,
      { input: { documentId, kind: 'CONCLUSION', text: 'Naknadno' } },
      admin,
    );
    expect(refusal(late)).toBe('CONFLICT');
  });

  it('follows an action item up to done, with comments and evidence', async () => {
    const { actionItems } = await veza.data(
      `query($e: ID) { actionItems(eventId: $e, overdue: true) { edges { node { id conclusionItemId } } } }`,
      { e: eventId },
      admin,
    );
    // Only items with a due date can be overdue: the training (31 May) and the topics (16 April).
    expect(actionItems.edges.map((edge: any) => edge.node.conclusionItemId).sort()).toEqual([
      'mr2-d1-6',
      'mr2-d1-8',
    ]);
    const training = actionItems.edges.find(
      (edge: any) => edge.node.conclusionItemId === 'mr2-d1-6',
    ).node.id;
    await veza.data(
      update,
      { input: { actionItemId: training, status: 'IN_PROGRESS', comment: 'Trener angažovan' } },
      admin,
    );
    const done = await veza.data(
      update,
      {
        input: {
          actionItemId: training,
          status: 'DONE',
          comment: 'Obuka održana na trećoj radionici',
          evidenceUrls: ['https://example.org/zapisnik-3.pdf'],
        },
      },
      admin,
    );
    expect(done.updateActionItem.actionItem).toMatchObject({
      status: 'DONE',
      overdue: false,
      updates: [
        { status: 'IN_PROGRESS', comment: 'Trener angažovan', evidenceUrls: [] },
        {
          status: 'DONE',
          comment: 'Obuka održana na trećoj radionici',
          evidenceUrls: ['https://example.org/zapisnik-3.pdf'],
        },
      ],
    });
    const stillOverdue = await veza.data(
      `query($e: ID) { actionItems(eventId: $e, overdue: true) { totalCount } }`,
      { e: eventId },
      admin,
    );
    expect(stillOverdue.actionItems.totalCount).toBe(1);
  });
});

describe('action items of a municipality', () => {
  let kljucItem: string;
  let otherItem: string;

  beforeAll(async () => {
    const { eventId, documentId } = await createEvent({
      title: 'Radionica D4D',
      programmeId: ids.d4d,
      startsOn: '2026-01-20',
      endsOn: '2026-01-20',
    });
    await registerPerson(veza, admin, eventId, 'Koordinator za dijasporu, Ključ');
    const action = (itemId: string, dueDate: string) =>
      veza.data(
        addItem,
        {
          input: {
            documentId,
            itemId,
            kind: 'ACTION',
            text: `Zadatak ${itemId}`,
            ownerMunicipalityId: ids.kljuc,
            dueDate,
          },
        },
        kljucCoordinator,
      );
    await action('late', dateFromToday(-1));
    await action('soon', dateFromToday(1));
    await veza.data(adopt, { input: { documentId } }, admin);
    const { actionItems } = await veza.data(
      `query($e: ID) { actionItems(eventId: $e) { edges { node { id conclusionItemId overdue } } } }`,
      { e: eventId },
      admin,
    );
    const byItem = new Map(
      actionItems.edges.map((edge: any) => [edge.node.conclusionItemId, edge.node]),
    );
    // Overdue follows the calendar: due yesterday is overdue, due tomorrow is not.
    expect(byItem.get('late')).toMatchObject({ overdue: true });
    expect(byItem.get('soon')).toMatchObject({ overdue: false });
    kljucItem = (byItem.get('soon') as any).id;
    otherItem = (byItem.get('late') as any).id;
  });

  it('lists a coordinator’s open items and lets them report progress, live to subscribers', async () => {
    const { actionItems } = await veza.data(
      '{ actionItems(mine: true, open: true) { edges { node { id ownerMunicipality { name } } } } }',
      {},
      kljucCoordinator,
    );
    expect(actionItems.edges.map((edge: any) => edge.node.id)).toEqual(
      expect.arrayContaining([kljucItem, otherItem]),
    );
    expect(new Set(actionItems.edges.map((edge: any) => edge.node.ownerMunicipality.name))).toEqual(
      new Set(['Ključ']),
    );

    const [kljucWatcher, zenicaWatcher] = await subscribed(
      veza,
      () =>
        [
          collect<any>(
            veza.wsClient(kljucCoordinator),
            `subscription($m: ID) { actionItemChanged(ownerMunicipalityId: $m) { id status } }`,
            { m: ids.kljuc },
          ),
          collect<any>(
            veza.wsClient(zenicaCoordinator),
            `subscription($m: ID) { actionItemChanged(ownerMunicipalityId: $m) { id status } }`,
            { m: ids.zenica },
          ),
        ] as const,
      2,
    );
    await veza.data(
      update,
      { input: { actionItemId: kljucItem, status: 'DONE' } },
      kljucCoordinator,
    );
    const [first] = await kljucWatcher.waitFor(1);
    expect(first!.data.actionItemChanged).toEqual({ id: kljucItem, status: 'DONE' });

    const { actionItems: open } = await veza.data(
      '{ actionItems(mine: true, open: true) { edges { node { id } } } }',
      {},
      kljucCoordinator,
    );
    expect(open.edges.map((edge: any) => edge.node.id)).not.toContain(kljucItem);

    // Handing the item to Zenica tells both the old and the new owner's subscribers.
    await veza.data(
      `mutation($input: ReassignActionItemInput!) {
        reassignActionItem(input: $input) { actionItem { ownerMunicipality { name } } }
      }`,
      { input: { actionItemId: otherItem, ownerMunicipalityId: ids.zenica } },
      admin,
    );
    await kljucWatcher.waitFor(2);
    const [moved] = await zenicaWatcher.waitFor(1);
    expect(moved!.data.actionItemChanged.id).toBe(otherItem);
    expect(zenicaWatcher.results).toHaveLength(1);
  });

  it('refuses others and bad input, writing nothing', async () => {
    const prisma = veza.server.database.prisma;
    const before = await prisma.actionItemUpdate.count();
    const byOther = await veza.gql(
      update,
      { input: { actionItemId: kljucItem, comment: 'nije moje' } },
      zenicaCoordinator,
    );
    expect(refusal(byOther)).toBe('FORBIDDEN');
    expect(
      refusal(
        await veza.gql(update, { input: { actionItemId: kljucItem, comment: 'x' } }, partner),
      ),
    ).toBe('FORBIDDEN');
    const reassignByCoordinator = await veza.gql(
      `mutation($input: ReassignActionItemInput!) { reassignActionItem(input: $input) { actionItem { id } } }`,
      { input: { actionItemId: kljucItem, ownerMunicipalityId: ids.zenica } },
      kljucCoordinator,
    );
    expect(refusal(reassignByCoordinator)).toBe('FORBIDDEN');
    for (const input of [
      { actionItemId: kljucItem },
      { actionItemId: kljucItem, evidenceUrls: ['not a link'] },
      { actionItemId: kljucItem, status: 'FINISHED' },
    ]) {
      expect(refusal(await veza.gql(update, { input }, kljucCoordinator))).toBe('BAD_USER_INPUT');
    }
    expect(await prisma.actionItemUpdate.count()).toBe(before);
    const anonymous = await veza.gql('{ actionItems { totalCount } }', {});
    expect(refusal(anonymous)).toBe('UNAUTHENTICATED');
  });
});

describe('the right to write conclusions follows registration', () => {
  it('is lost when the coordinator’s registration is cancelled, at once', async () => {
    const { eventId, documentId } = await createEvent({
      title: 'Radionica s otkazivanjem',
      programmeId: ids.d4d,
      startsOn: '2027-03-10',
      endsOn: '2027-03-10',
    });
    const add = () =>
      veza.gql(
        addItem,
        { input: { documentId, kind: 'CONCLUSION', text: 'Zaključak' } },
        kljucCoordinator,
      );
    expect(refusal(await add())).toBe('FORBIDDEN');
    const participant = await registerPerson(
      veza,
      admin,
      eventId,
      'Koordinator za dijasporu, Ključ',
    );
    expect((await add()).errors).toBeUndefined();
    await veza.data(
      `mutation($input: CancelRegistrationInput!) { cancelRegistration(input: $input) { participant { id } } }`,
      { input: { participantId: participant.id } },
      kljucCoordinator,
    );
    expect(refusal(await add())).toBe('FORBIDDEN');
  });
});

describe('conclusion items through ordinary mutations', () => {
  let documentId: string;
  const items = `query($id: ID!) { node(id: $id) { ... on ConclusionDocument { status items { key kind text } } } }`;

  beforeAll(async () => {
    const created = await createEvent({
      title: 'Radionica s izmjenama',
      programmeId: ids.d4d,
      startsOn: '2026-02-10',
      endsOn: '2026-02-10',
    });
    documentId = created.documentId;
    await registerPerson(veza, admin, created.eventId, 'Koordinator za dijasporu, Ključ');
  });

  it('reach live editors as their edits reach the mutations', async () => {
    const live = editor(veza, kljucCoordinator, documentId);
    await live.binding.synced();
    await veza.data(
      addItem,
      { input: { documentId, itemId: 'a', kind: 'CONCLUSION', text: 'Prvi zaključak' } },
      admin,
    );
    await veza.data(
      addItem,
      { input: { documentId, itemId: 'b', kind: 'RECOMMENDATION', text: 'Preporuka' } },
      admin,
    );
    const liveItems = () => live.doc.getArray<Y.Map<unknown>>('items');
    await waitUntil(() => liveItems().length === 2);

    // The live editor's typing reaches the server; the mutation then sets the whole text.
    const text = liveItems().get(0).get('text') as Y.Text;
    text.insert(0, 'Važno: ');
    await live.binding.flushed();
    await veza.data(
      `mutation($input: EditConclusionItemInput!) { editConclusionItem(input: $input) { document { id } } }`,
      { input: { documentId, itemId: 'a', text: 'Važno: Prvi zaključak, dopunjen' } },
      admin,
    );
    await waitUntil(() => text.toString() === 'Važno: Prvi zaključak, dopunjen');

    await veza.data(
      `mutation($input: MoveConclusionItemInput!) { moveConclusionItem(input: $input) { document { id } } }`,
      { input: { documentId, itemId: 'b', position: 0 } },
      admin,
    );
    await veza.data(
      `mutation($input: RemoveConclusionItemInput!) { removeConclusionItem(input: $input) { document { id } } }`,
      { input: { documentId, itemId: 'a' } },
      kljucCoordinator,
    );
    await waitUntil(() => liveItems().length === 1);
    expect(liveItems().get(0).get('id')).toBe('b');
    const { node } = await veza.data(items, { id: documentId }, admin);
    expect(node.items).toEqual([{ key: 'b', kind: 'RECOMMENDATION', text: 'Preporuka' }]);
  });

  it('gives items IDs unique across documents, which node(id:) and the mutations take', async () => {
    const other = await createEvent({
      title: 'Druga radionica',
      programmeId: ids.d4d,
      startsOn: '2026-03-10',
      endsOn: '2026-03-10',
    });
    await veza.data(
      addItem,
      { input: { documentId: other.documentId, itemId: 'b', kind: 'CONCLUSION', text: 'Drugi' } },
      admin,
    );
    const withIds = `query($id: ID!) { node(id: $id) { ... on ConclusionDocument { items { id key text } } } }`;
    const [[mine], [theirs]] = await Promise.all(
      [documentId, other.documentId].map(
        async (id) => (await veza.data(withIds, { id }, admin)).node.items,
      ),
    );
    // The same key in two documents, two different items.
    expect(mine.key).toBe('b');
    expect(theirs.key).toBe('b');
    expect(mine.id).not.toBe(theirs.id);
    const item = `query($id: ID!) { node(id: $id) { __typename id ... on ConclusionItem { key text } } }`;
    expect((await veza.data(item, { id: theirs.id }, admin)).node).toEqual({
      __typename: 'ConclusionItem',
      ...theirs,
    });

    const edit = `mutation($input: EditConclusionItemInput!) { editConclusionItem(input: $input) { document { items { key text } } } }`;
    const edited = await veza.data(
      edit,
      { input: { documentId: other.documentId, itemId: theirs.id, text: 'Drugi, izmijenjen' } },
      admin,
    );
    expect(edited.editConclusionItem.document.items).toEqual([
      { key: 'b', text: 'Drugi, izmijenjen' },
    ]);
    // Another document's item is not this document's, whatever its key.
    const crossed = await veza.gql(
      edit,
      { input: { documentId, itemId: theirs.id, text: 'Pogrešan dokument' } },
      admin,
    );
    expect(refusal(crossed)).toBe('BAD_USER_INPUT');
    expect(crossed.errors?.[0]?.message).toMatch(/another document/);
    expect((await veza.data(item, { id: mine.id }, admin)).node.text).toBe('Preporuka');
  });

  it('refuses bad input and strangers, and adoption with an unknown owner, changing nothing', async () => {
    const before = (await veza.data(items, { id: documentId }, admin)).node;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ itemId: 'b', kind: 'CONCLUSION', text: 'isti id' }, 'BAD_USER_INPUT', admin],
      [{ kind: 'CONCLUSION', text: 'x', position: 9 }, 'BAD_USER_INPUT', admin],
      [
        {
          kind: 'ACTION',
          text: 'x',
          ownerMunicipalityId: ids.kljuc,
          ownerOrganizationId: ids.undp,
        },
        'BAD_USER_INPUT',
        admin,
      ],
      [{ kind: 'CONCLUSION', text: 'x', day: 0 }, 'BAD_USER_INPUT', admin],
      [{ kind: 'CONCLUSION', text: 'x' }, 'FORBIDDEN', zenicaCoordinator],
      [{ kind: 'CONCLUSION', text: 'x' }, 'FORBIDDEN', partner],
    ];
    for (const [input, code, token] of cases) {
      expect(refusal(await veza.gql(addItem, { input: { documentId, ...input } }, token))).toBe(
        code,
      );
    }
    const missing = await veza.gql(
      `mutation($input: RemoveConclusionItemInput!) { removeConclusionItem(input: $input) { document { id } } }`,
      { input: { documentId, itemId: 'nema' } },
      admin,
    );
    expect(refusal(missing)).toBe('NOT_FOUND');

    // An ACTION whose owner ID names nothing blocks adoption: still a draft, no action items.
    const live = editor(veza, admin, documentId);
    await live.binding.synced();
    live.doc.transact(() => {
      const map = new Y.Map<unknown>();
      live.doc.getArray('items').push([map]);
      map.set('id', 'ghost');
      map.set('kind', 'ACTION');
      map.set('text', new Y.Text('Vlasnik ne postoji'));
      map.set(
        'ownerMunicipalityId',
        Buffer.from('Municipality:00000000-0000-4000-8000-000000000000').toString('base64'),
      );
    });
    await waitUntil(
      async () => (await veza.data(items, { id: documentId }, admin)).node.items.length === 2,
    );
    const adoption = await veza.gql(adopt, { input: { documentId } }, admin);
    expect(refusal(adoption)).toBe('CONFLICT');
    const after = (await veza.data(items, { id: documentId }, admin)).node;
    expect(after.status).toBe('DRAFT');
    expect(after.items.map((item: any) => item.key)).toEqual([
      ...before.items.map((item: any) => item.key),
      'ghost',
    ]);
    expect(
      await veza.server.database.prisma.actionItem.count({ where: { conclusionItemId: 'ghost' } }),
    ).toBe(0);
  });
});
