// GraphiQL at /graphql in headless Chromium, with every request outside the server refused: it
// must load from Veza alone, open with the cookbook's operations as tabs, and run one. Skipped
// without a browser unless REQUIRE_BROWSER is set (as .ci/run does).
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDocExamples } from '../../src/graphiql/doc-examples.js';
import { COOKBOOK_FILE } from '../../src/graphiql/page.js';
import { startTestServer, type TestServer } from '../utils/server.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserMissing = !existsSync(chromiumPath) && !process.env.REQUIRE_BROWSER;
const artifacts = new URL('../artifacts/', import.meta.url).pathname;

describe.skipIf(browserMissing)('GraphiQL offline', () => {
  let veza: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    veza = await startTestServer();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await veza?.stop();
  });

  it('opens with the cookbook as tabs and runs a query, loading nothing from elsewhere', async () => {
    const origin = new URL(veza.url).origin;
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      const elsewhere: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith(origin) || /^(blob|data):/.test(url)) return route.continue();
        elsewhere.push(url);
        return route.abort();
      });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(error.message));

      await page.goto(veza.url);
      const tabs = page.locator('.graphiql-tab');
      const examples = await readDocExamples(COOKBOOK_FILE);
      await expect.poll(() => tabs.count(), { timeout: 30_000 }).toBe(examples.length);

      // Monaco renders spaces as U+00A0 and wraps long lines: compare with spaces collapsed.
      const textOf = async (selector: string) =>
        ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ');
      const run = async (tab: string, answer: string) => {
        // The first clicks can land before GraphiQL's editors are wired up: click until it shows.
        await expect
          .poll(async () => {
            await page.click(`button.graphiql-tab-button[title="${tab}"]`);
            return textOf('.graphiql-query-editor');
          })
          .toMatch(new RegExp(`(query|mutation) ${tab}\\b`));
        // GraphiQL learns a tab's operation name a moment after the tab shows: executing sooner
        // asks for the previous tab's operation ("Cannot infer operation …"). Execute again
        // then, whenever no request is running.
        const idle = page.locator('button.graphiql-execute-button[aria-label^="Execute"]');
        await expect
          .poll(
            async () => {
              const shown = await textOf('.graphiql-response');
              if (!shown.includes(answer) && (await idle.count()) > 0) await idle.first().click();
              return textOf('.graphiql-response');
            },
            { timeout: 20_000, interval: 1_000 },
          )
          .toContain(answer);
      };
      await run('Programmes', '"code": "D4D"');
      await run('SignIn', '"roles": [ "NETWORK_ADMIN" ]'); // its variables came with the tab

      expect(elsewhere).toEqual([]);
      expect(problems).toEqual([]);
    } finally {
      mkdirSync(artifacts, { recursive: true });
      await page.screenshot({ path: path.join(artifacts, 'graphiql.png') });
    }
  });
});
