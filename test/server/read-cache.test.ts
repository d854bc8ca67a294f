import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  eventBusLive,
  startTestServer,
  type TestServer,
  twoInstancesBeside,
} from '../utils/server.js';

let veza: TestServer;
let kljucToken: string;
let kljucId: string;

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  kljucToken = await veza.signIn('koordinator.kljuc@veza.test');
  const { data } = await veza.gql('{ municipalities(search: "kljuc") { edges { node { id } } } }');
  kljucId = data?.municipalities.edges[0].node.id;
});
afterAll(() => veza?.stop());

/** Runs a request and returns its result with the SQL statements it cost. */
async function counted(query: string, variables?: Record<string, unknown>, token?: string) {
  const before = veza.server.database.statements.count;
  const result = await veza.gql(query, variables, token);
  expect(result.errors).toBeUndefined();
  return { data: result.data, statements: veza.server.database.statements.count - before };
}

const municipality = `query($id: ID!) { node(id: $id) { ... on Municipality {
  name estimatedDiasporaSize people { fullName email }
} } }`;

describe('the read cache', () => {
  it('serves a repeated directory read without touching the database', async () => {
    const first = await counted(municipality, { id: kljucId });
    expect(first.statements).toBeGreaterThan(0);
    const second = await counted(municipality, { id: kljucId });
    expect(second.statements).toBe(0);
    expect(second.data).toEqual(first.data);
  });

  it('keeps viewers apart: a signed-in read never gets the public entry', async () => {
    const anonymous = await counted(municipality, { id: kljucId });
    const emails = (data: any) => data.node.people.map((p: any) => p.email);
    expect(emails(anonymous.data).every((e: unknown) => e === null)).toBe(true);
    const signedIn = await counted(municipality, { id: kljucId }, kljucToken);
    expect(signedIn.statements).toBeGreaterThan(0);
    expect(emails(signedIn.data)).toContain('koordinator.kljuc@veza.test');
  });

  it('forgets everything when a mutation runs', async () => {
    await counted(municipality, { id: kljucId });
    const updated = await veza.gql(
      `mutation($input: UpdateMunicipalityInput!) { updateMunicipality(input: $input) { municipality { id } } }`,
      { input: { id: kljucId, estimatedDiasporaSize: 4321 } },
      kljucToken,
    );
    expect(updated.errors).toBeUndefined();
    const after = await counted(municipality, { id: kljucId });
    expect(after.statements).toBeGreaterThan(0);
    expect(after.data?.node.estimatedDiasporaSize).toBe(4321);
  });

  // Another instance's write reaches this one's cache through Redis (CI's PostgreSQL run sets
  // REDIS_URL; without Redis, instances do not share events at all).
  it.runIf(process.env.REDIS_URL)('forgets a read when another instance writes', async () => {
    const [reader, writer] = await twoInstancesBeside(veza);
    const read = () => reader.gql(municipality, { id: kljucId });
    await read();
    await read(); // now cached on the reader
    await eventBusLive(reader); // its cache hears the write through Redis
    const updated = await writer.gql(
      `mutation($input: UpdateMunicipalityInput!) { updateMunicipality(input: $input) { municipality { id } } }`,
      { input: { id: kljucId, estimatedDiasporaSize: 8765 } },
      await writer.signIn('koordinator.kljuc@veza.test'),
    );
    expect(updated.errors).toBeUndefined();
    const deadline = Date.now() + 3_000;
    let size: unknown;
    while (Date.now() < deadline) {
      size = (await read()).data?.node.estimatedDiasporaSize;
      if (size === 8765) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(size).toBe(8765);
  });

  it('never caches diaspora members', async () => {
    const query = '{ diasporaMembers { totalCount } }';
    await counted(query, {}, kljucToken);
    const again = await counted(query, {}, kljucToken);
    expect(again.statements).toBeGreaterThan(0);
  });
});
