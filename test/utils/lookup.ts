// Finding demo records by name, as a client would: the first match of a list's `search`.
import type { TestServer } from './server.js';

/** The ID of the first `field(search:)` result (people need a signed-in `token`). */
export async function firstId(
  app: TestServer,
  field: string,
  search: string,
  token?: string,
): Promise<string> {
  const data = await app.data<Record<string, { edges: { node: { id: string } }[] }>>(
    `query($s: String) { ${field}(search: $s, first: 1) { edges { node { id } } } }`,
    { s: search },
    token,
  );
  const id = Object.values(data)[0]!.edges[0]?.node.id;
  if (!id) throw new Error(`no ${field} matching ${search}`);
  return id;
}

/** The ID of the programme with this code (D4D, MAKERS, M&R, …). */
export async function programmeId(app: TestServer, code: string): Promise<string> {
  const { programmes } = await app.data<{
    programmes: { edges: { node: { id: string; code: string } }[] };
  }>('{ programmes(first: 50) { edges { node { id code } } } }');
  const found = programmes.edges.find((edge) => edge.node.code === code);
  if (!found) throw new Error(`no programme ${code}`);
  return found.node.id;
}
