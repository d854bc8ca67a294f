// Every GraphQL example of the docs runs as printed, in order, against a real server with the
// demo data (a fresh one per page): a doc that drifts from the schema or the data fails here.
import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DocExample,
  readDocExamples,
  resolvePlaceholders,
} from '../../src/graphiql/doc-examples.js';
import { collect, subscribed, startTestServer, type TestServer } from '../utils/server.js';

const pages = [
  'README.md',
  ...readdirSync(new URL('../../docs', import.meta.url)).map((name) => `docs/${name}`),
].filter((file) => file.endsWith('.md'));

describe.each(pages)('the examples of %s', (page) => {
  let examples: DocExample[];
  let veza: TestServer | undefined;
  beforeAll(async () => {
    examples = await readDocExamples(page);
    if (examples.length) veza = await startTestServer({ inProcess: true });
  });
  afterAll(() => veza?.stop());

  it('run as printed', async ({ skip }) => {
    if (!veza) return skip('no GraphQL examples');
    const tokens = new Map<string, Promise<string>>();
    const tokenOf = (email: string) => {
      if (!tokens.has(email)) tokens.set(email, veza!.signIn(email));
      return tokens.get(email)!;
    };
    const answers = new Map<string, unknown>();
    const subscriptions: { example: DocExample; stream: ReturnType<typeof collect> }[] = [];

    for (const example of examples) {
      const variables = example.variablesText
        ? (resolvePlaceholders(example.variablesText, answers) as Record<string, unknown>)
        : undefined;
      const token = example.as ? await tokenOf(example.as) : undefined;
      if (example.kind === 'subscription') {
        const client = veza.wsClient(token);
        // The next example may be what it waits for: it must be subscribed before that runs.
        const stream = await subscribed(
          veza,
          () => collect(client, example.query, variables),
          listenersOf(example.query),
        );
        subscriptions.push({ example, stream });
        continue;
      }
      const result = await veza.gql(example.query, variables, token);
      const codes = result.errors?.map((error) => error.extensions?.code);
      expect(codes, `${example.where} ${example.name}: ${JSON.stringify(result.errors)}`).toEqual(
        example.expect ? [example.expect] : undefined,
      );
      if (example.answer) expect(result, `${example.where}`).toMatchObject(example.answer);
      answers.set(example.name, result.data);
    }

    for (const { example, stream } of subscriptions) {
      const [first] = await stream.waitFor(1, 10_000).catch((error: Error) => {
        throw new Error(`${example.where} ${example.name}: ${error.message}`);
      });
      expect(first?.errors, `${example.where} ${example.name}`).toBeUndefined();
      stream.unsubscribe();
    }
  });
});

/**
 * The event-bus listeners a subscription example adds. Two send their first result without an
 * event, which is all this test waits for: conclusionUpdates (the catch-up; a document's listener
 * is shared by its subscribers) and dashboardUpdated (the dashboard now, from a hub that listens
 * for the whole instance).
 */
function listenersOf(query: string) {
  const field = /^[^{]*\{\s*(\w+)/.exec(query)?.[1];
  return field === 'conclusionUpdates' || field === 'dashboardUpdated' ? 0 : 1;
}
