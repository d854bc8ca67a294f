// The runnable examples under examples/ run against a real server with the demo data.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../utils/server.js';

const run = promisify(execFile);
let veza: TestServer;
beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
});
afterAll(() => veza?.stop());

describe('examples/co-editing.ts', () => {
  it('adds an action item to a draft document live, stored when it exits', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/co-editing.ts'], {
      env: { ...process.env, VEZA_URL: veza.url },
      timeout: 60_000,
    });
    const id = /Added action item (\S+);/.exec(stdout)?.[1];
    expect(id, stdout).toBeDefined();

    const token = await veza.signIn('admin@veza.test');
    const { events } = await veza.data(
      '{ events(first: 50) { edges { node { conclusions { status items { key kind text dueDate } } } } } }',
      {},
      token,
    );
    const items = events.edges.flatMap(
      (edge: { node: { conclusions?: { items: { key: string }[] } } }) =>
        edge.node.conclusions?.items ?? [],
    );
    expect(items).toContainEqual({
      key: id,
      kind: 'ACTION',
      text: 'Trnovo dostavlja plan aktivnosti MLDP timu projekta.',
      dueDate: '2030-12-15',
    });
  });
});
