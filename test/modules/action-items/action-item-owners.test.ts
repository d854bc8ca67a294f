// Actions owed by many: an ACTION for all partner municipalities of a programme becomes one
// action item with a share per municipality; each coordinator reports on their own share, and
// the action is done when the last share is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { startTestServer, type TestServer } from '../../utils/server.js';
import { dateFromToday } from '../../utils/dates.js';
import { firstId } from '../../utils/lookup.js';

let veza: TestServer;
let admin: string;
let kljucCoordinator: string;
let zenicaCoordinator: string;
const ids = {} as Record<
  'mr' | 'kljuc' | 'zenica' | 'prijedor' | 'sanskiMost' | 'undp' | 'mljpi',
  string
>;

const idOf = (root: string, search: string) => firstId(veza, root, search);

const addItem = `mutation($input: AddConclusionItemInput!) {
  addConclusionItem(input: $input) { document { items { key ownerMunicipalityIds ownerOrganizationIds allPartners } } }
}`;
const adopt = `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { status } } }`;
const itemFields = `id status overdue forAllPartners ownerMunicipality { name }
  owners { municipality { name } organization { acronym } status overdue updates { status comment } }`;
const update = `mutation($input: UpdateActionItemInput!) {
  updateActionItem(input: $input) { actionItem { ${itemFields} } }
}`;

/** An adopted M&R workshop with one ACTION for all partners (and UNDP), due yesterday. */
async function adoptedActionForAllPartners(itemId: string) {
  const { createEvent } = await veza.data(
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id conclusions { id } } } }`,
    {
      input: {
        kind: 'WORKSHOP',
        published: true,
        title: `Radionica ${itemId}`,
        programmeId: ids.mr,
        startsOn: '2026-03-10',
        endsOn: '2026-03-10',
      },
    },
    admin,
  );
  const documentId = createEvent.event.conclusions.id;
  const added = await veza.data(
    addItem,
    {
      input: {
        documentId,
        itemId,
        kind: 'ACTION',
        text: 'Partnerske JLS dostavljaju popunjene upitnike u MLJPI.',
        allPartners: true,
        ownerOrganizationIds: [ids.undp],
        dueDate: dateFromToday(-1),
      },
    },
    admin,
  );
  expect(added.addConclusionItem.document.items).toEqual([
    { key: itemId, ownerMunicipalityIds: [], ownerOrganizationIds: [ids.undp], allPartners: true },
  ]);
  await veza.data(adopt, { input: { documentId } }, admin);
  const { actionItems } = await veza.data(
    `query($e: ID) { actionItems(eventId: $e) { edges { node { ${itemFields} } } } }`,
    { e: createEvent.event.id },
    admin,
  );
  return actionItems.edges[0].node;
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljucCoordinator, zenicaCoordinator] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
    veza.signIn('koordinator.zenica@veza.test'),
  ]);
  ids.mr = await idOf('programmes', 'M&R');
  ids.kljuc = await idOf('municipalities', 'kljuc');
  ids.zenica = await idOf('municipalities', 'zenica');
  ids.prijedor = await idOf('municipalities', 'prijedor');
  ids.sanskiMost = await idOf('municipalities', 'sanski most');
  ids.undp = await idOf('organizations', 'UNDP');
  ids.mljpi = await idOf('organizations', 'MLJPI');
});
afterAll(() => veza?.stop());

describe('an action for all partner municipalities', () => {
  let item: any;

  beforeAll(async () => {
    item = await adoptedActionForAllPartners('svi-partneri');
  });

  it('is adopted with a share for each partner of M&R and for UNDP', () => {
    expect(item).toMatchObject({
      status: 'OPEN',
      overdue: true,
      forAllPartners: true,
      ownerMunicipality: null,
    });
    expect(
      item.owners.map((share: any) => share.municipality?.name ?? share.organization.acronym),
    ).toEqual(['Ključ', 'Prijedor', 'Sanski Most', 'UNDP']);
    expect(item.owners.every((share: any) => share.status === 'OPEN' && share.overdue)).toBe(true);
  });

  it('lets each coordinator update only their own share', async () => {
    const done = await veza.data(
      update,
      {
        input: { actionItemId: item.id, status: 'DONE', comment: 'Upitnik poslan' },
      },
      kljucCoordinator,
    );
    const shares = done.updateActionItem.actionItem.owners;
    expect(done.updateActionItem.actionItem.status).toBe('IN_PROGRESS');
    expect(shares[0]).toMatchObject({
      municipality: { name: 'Ključ' },
      status: 'DONE',
      overdue: false,
      updates: [{ status: 'DONE', comment: 'Upitnik poslan' }],
    });
    expect(shares.slice(1).map((share: any) => share.status)).toEqual(['OPEN', 'OPEN', 'OPEN']);

    const prisma = veza.server.database.prisma;
    const before = await prisma.actionItemUpdate.count();
    // Another owner's share, named: refused.
    const forPrijedor = await veza.gql(
      update,
      { input: { actionItemId: item.id, ownerMunicipalityId: ids.prijedor, status: 'DONE' } },
      kljucCoordinator,
    );
    expect(refusal(forPrijedor)).toBe('FORBIDDEN');
    // A coordinator of a municipality that owes nothing: refused, named or not.
    for (const input of [
      { actionItemId: item.id, status: 'DONE' },
      { actionItemId: item.id, ownerMunicipalityId: ids.zenica, status: 'DONE' },
      { actionItemId: item.id, ownerMunicipalityId: ids.kljuc, comment: 'tuđe' },
    ]) {
      expect(refusal(await veza.gql(update, { input }, zenicaCoordinator))).toBe('FORBIDDEN');
    }
    expect(await prisma.actionItemUpdate.count()).toBe(before);
  });

  it('counts overdue per owner: what each municipality still owes', async () => {
    const overdue = async (owner: string) => {
      const { actionItems } = await veza.data(
        `query($m: ID) { actionItems(ownerMunicipalityId: $m, overdue: true) { edges { node { id } } } }`,
        { m: owner },
        admin,
      );
      return actionItems.edges.map((edge: any) => edge.node.id);
    };
    expect(await overdue(ids.kljuc)).not.toContain(item.id);
    expect(await overdue(ids.prijedor)).toContain(item.id);
    const { actionItems: open } = await veza.data(
      `query($m: ID) { actionItems(ownerMunicipalityId: $m, open: true) { edges { node { id } } } }`,
      { m: ids.kljuc },
      kljucCoordinator,
    );
    expect(open.edges.map((edge: any) => edge.node.id)).not.toContain(item.id);
    const { actionItems: mine } = await veza.data(
      `{ actionItems(mine: true, open: false) { edges { node { id } } } }`,
      {},
      kljucCoordinator,
    );
    expect(mine.edges.map((edge: any) => edge.node.id)).toContain(item.id);

    const { programmeDashboard } = await veza.data(
      `query($p: ID!) { programmeDashboard(programmeId: $p) {
        actionItems { byOwnerMunicipality { municipalityName open overdue done } } } }`,
      { p: ids.mr },
      admin,
    );
    const byName = new Map(
      programmeDashboard.actionItems.byOwnerMunicipality.map((row: any) => [
        row.municipalityName,
        row,
      ]),
    );
    // Ključ's share is done; Prijedor's and Sanski Most's are still owed (and late).
    const kljuc = byName.get('Ključ') as any;
    const prijedor = byName.get('Prijedor') as any;
    expect(prijedor.overdue).toBeGreaterThan(0);
    expect(kljuc.done).toBeGreaterThan(0);
    expect(prijedor.overdue - kljuc.overdue).toBeGreaterThanOrEqual(1);
  });

  it('closes when the last owners finish, even at the same moment', async () => {
    await veza.data(
      update,
      { input: { actionItemId: item.id, ownerOrganizationId: ids.undp, status: 'DONE' } },
      admin,
    );
    const results = await Promise.all(
      [ids.prijedor, ids.sanskiMost].map((owner) =>
        veza.data(
          update,
          { input: { actionItemId: item.id, ownerMunicipalityId: owner, status: 'DONE' } },
          admin,
        ),
      ),
    );
    expect(results.map((r) => r.updateActionItem.actionItem.owners.length)).toEqual([4, 4]);
    const { node } = await veza.data(
      `query($id: ID!) { node(id: $id) { ... on ActionItem { ${itemFields} } } }`,
      { id: item.id },
      admin,
    );
    expect(node.status).toBe('DONE');
    expect(node.overdue).toBe(false);
    expect(node.owners.map((share: any) => share.status)).toEqual(['DONE', 'DONE', 'DONE', 'DONE']);
  });

  it('lists every owner in the CSV export', async () => {
    const response = await fetch(new URL('/exports/action-items.csv?open=false', veza.url), {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(response.status).toBe(200);
    const line = (await response.text())
      .split('\n')
      .find((row) => row.includes('Partnerske JLS dostavljaju'));
    expect(line).toContain('Ključ, Prijedor, Sanski Most, Razvojni program Ujedinjenih nacija');
  });

  it('reopens when an owner takes their share back', async () => {
    const reopened = await veza.data(
      update,
      { input: { actionItemId: item.id, status: 'IN_PROGRESS', comment: 'Nedostaje prilog' } },
      kljucCoordinator,
    );
    expect(reopened.updateActionItem.actionItem.status).toBe('IN_PROGRESS');
  });
});

describe('bad input, writing nothing', () => {
  let item: any;

  beforeAll(async () => {
    item = await adoptedActionForAllPartners('losi-unosi');
  });

  it('refuses reports that name no share or a wrong one', async () => {
    const prisma = veza.server.database.prisma;
    const before = await prisma.actionItemUpdate.count();
    for (const input of [
      // An administrator must say whose share: the item has several.
      { actionItemId: item.id, status: 'DONE' },
      { actionItemId: item.id, ownerMunicipalityId: ids.zenica, status: 'DONE' },
      { actionItemId: item.id, ownerOrganizationId: ids.mljpi, status: 'DONE' },
      {
        actionItemId: item.id,
        ownerMunicipalityId: ids.kljuc,
        ownerOrganizationId: ids.undp,
        status: 'DONE',
      },
      { actionItemId: item.id, ownerMunicipalityId: ids.undp, status: 'DONE' },
      { actionItemId: item.id, ownerMunicipalityId: ids.kljuc },
    ]) {
      const result = await veza.gql(update, { input }, admin);
      expect(refusal(result), JSON.stringify(input)).toBe('BAD_USER_INPUT');
    }
    const named = await veza.gql(
      update,
      { input: { actionItemId: item.id, ownerMunicipalityId: ids.zenica, status: 'DONE' } },
      admin,
    );
    expect(named.errors?.[0]?.message).toContain('ownerMunicipalityId');
    expect(await prisma.actionItemUpdate.count()).toBe(before);
  });

  it('refuses owner lists that name unknown or too many owners', async () => {
    const { createEvent } = await veza.data(
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { conclusions { id } } } }`,
      {
        input: {
          kind: 'WORKSHOP',
          published: true,
          title: 'Radionica loših vlasnika',
          programmeId: ids.mr,
          startsOn: '2026-04-10',
          endsOn: '2026-04-10',
        },
      },
      admin,
    );
    const documentId = createEvent.event.conclusions.id;
    for (const extra of [
      { ownerMunicipalityIds: [ids.undp] },
      { ownerOrganizationIds: [ids.kljuc] },
      { ownerMunicipalityIds: Array.from({ length: 101 }, () => ids.kljuc) },
      { allPartners: 'yes' },
    ]) {
      const result = await veza.gql(
        addItem,
        { input: { documentId, kind: 'ACTION', text: 'Zadatak', ...extra } },
        admin,
      );
      expect(refusal(result), JSON.stringify(extra).slice(0, 80)).toBe('BAD_USER_INPUT');
    }
    const { node } = await veza.data(
      `query($id: ID!) { node(id: $id) { ... on ConclusionDocument { items { key } } } }`,
      { id: documentId },
      admin,
    );
    expect(node.items).toEqual([]);
  });
});

describe('the demo', () => {
  it('gives seed 003’s actions for “all JLS” an owner each, with their progress', async () => {
    const { actionItems } = await veza.data(
      `query($m: ID, $p: ID) { actionItems(ownerMunicipalityId: $m, programmeId: $p) {
        edges { node { text forAllPartners status owners { municipality { name } organization { acronym } status } } } } }`,
      { m: ids.kljuc, p: ids.mr },
      kljucCoordinator,
    );
    const demo = actionItems.edges
      .map((edge: any) => edge.node)
      .filter((node: any) => node.forAllPartners && node.text.startsWith('JLS'));
    expect(demo.length).toBeGreaterThanOrEqual(3);
    for (const node of demo) {
      expect(node.owners.find((share: any) => share.municipality?.name === 'Ključ').status).toBe(
        'DONE',
      );
    }
    const topics = demo.find((node: any) => node.text.includes('četvrti sastanak'));
    // Ključ and Prijedor sent their topics; Sanski Most still owes them.
    expect(topics.status).toBe('IN_PROGRESS');
    expect(topics.owners.map((share: any) => share.status)).toEqual(['DONE', 'DONE', 'OPEN']);
    const news = demo.find((node: any) => node.text.includes('BH Radio 1'));
    expect(
      news.owners
        .map((share: any) => share.municipality?.name ?? share.organization.acronym)
        .sort(),
    ).toEqual(['Ključ', 'MLJPI', 'Prijedor', 'Sanski Most', 'UNDP']);
  });
});
