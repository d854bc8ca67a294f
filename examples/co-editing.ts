// Co-edits an event's conclusions live, as a workshop client does: signs in, finds a draft
// conclusions document, binds a Y.Doc to it over graphql-ws, adds an action item and waits until
// the server has stored it (every other editor has it then too).
//
//   npx tsx examples/co-editing.ts
//
// against a Veza with the demo data on port 4000; VEZA_URL, VEZA_EMAIL and VEZA_PASSWORD change
// where and who (default admin@veza.test, who may edit every document).
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { bindConclusionDocument } from '../src/modules/conclusions/client.js';

const url = process.env.VEZA_URL ?? 'http://localhost:4000/graphql';
const email = process.env.VEZA_EMAIL ?? 'admin@veza.test';
const password = process.env.VEZA_PASSWORD ?? 'veza-demo';

/** One operation over HTTP; throws with the server's message on any error. */
async function graphql<T>(query: string, variables: object, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const { data, errors } = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (errors?.length || !data) throw new Error(errors?.[0]?.message ?? `HTTP ${response.status}`);
  return data;
}

const { signIn } = await graphql<{ signIn: { token: string } }>(
  'mutation SignIn($input: SignInInput!) { signIn(input: $input) { token } }',
  { input: { email, password } },
);
const token = signIn.token;

// A draft document, and a municipality to own the action item.
const found = await graphql<{
  events: { edges: { node: { title: string; conclusions: { id: string; status: string } } }[] };
  municipalities: { edges: { node: { id: string; name: string } }[] };
}>(
  `
    query Draft {
      events(first: 50) {
        edges {
          node {
            title
            conclusions {
              id
              status
            }
          }
        }
      }
      municipalities(search: "trnovo", first: 1) {
        edges {
          node {
            id
            name
          }
        }
      }
    }
  `,
  {},
  token,
);
const event = found.events.edges.find((edge) => edge.node.conclusions?.status === 'DRAFT')?.node;
const owner = found.municipalities.edges[0]?.node;
if (!event || !owner) throw new Error('No draft conclusions document (is the demo data loaded?)');

const client = createClient({
  url: url.replace(/^http/, 'ws'),
  webSocketImpl: WebSocket,
  connectionParams: { authorization: `Bearer ${token}` },
});
const doc = new Y.Doc();
const binding = bindConclusionDocument(client, event.conclusions.id, doc, (error) =>
  console.error('co-editing:', error),
);
await binding.synced(); // the server's document is in `doc` now
const items = doc.getArray<Y.Map<unknown>>('items');
console.log(`${event.title}: ${items.length} items`);

const id = randomUUID();
doc.transact(() => {
  const item = new Y.Map<unknown>();
  items.push([item]);
  item.set('id', id);
  item.set('kind', 'ACTION');
  item.set('day', 2);
  item.set('text', new Y.Text(`${owner.name} dostavlja plan aktivnosti MLDP timu projekta.`));
  item.set('ownerMunicipalityId', owner.id);
  item.set('dueDate', '2030-12-15');
});
await binding.flushed(); // acknowledged: stored, and sent to every other editor
console.log(`Added action item ${id}; ${items.length} items now.`);

binding.destroy();
await client.dispose();
