// The dashboard page in a real browser (Debian's chromium, driven by playwright-core), and the
// static route that serves it. Without a browser the browser test is skipped with its reason,
// unless REQUIRE_BROWSER is set (as .ci/run does): then it fails.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../utils/server.js';

const root = new URL('../../..', import.meta.url).pathname;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const browserMissing = !existsSync(chromiumPath) && !process.env.REQUIRE_BROWSER;
const artifacts = path.join(root, 'test/artifacts');

let veza: TestServer;
let origin: string;

beforeAll(async () => {
  // `npm install` builds the page (postinstall); build it here when a checkout has not.
  if (!existsSync(path.join(root, 'web/dashboard/dist/index.html'))) {
    execFileSync('npm', ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
  }
  veza = await startTestServer({ inProcess: true });
  origin = new URL(veza.url).origin;
});

afterAll(async () => {
  await veza?.stop();
});

/** A raw GET, so that the path reaches the server exactly as written (no URL normalising). */
function get(rawPath: string, method = 'GET') {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const { hostname, port } = new URL(origin);
      const req = httpRequest({ hostname, port, path: rawPath, method }, (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

describe('the /dashboard route', () => {
  it('serves the built page and its assets with their content types', async () => {
    expect(await get('/dashboard')).toMatchObject({
      status: 308,
      headers: { location: '/dashboard/' },
    });
    const page = await get('/dashboard/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const script = /src="(\/dashboard\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
    const style = /href="(\/dashboard\/assets\/[^"]+\.css)"/.exec(page.body)?.[1];
    expect(script && style).toBeTruthy();
    const js = await get(script!);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await get(style!)).headers['content-type']).toBe('text/css; charset=utf-8');
  });

  it('serves nothing outside its folder, nothing unknown, and only GET and HEAD', async () => {
    for (const rawPath of [
      '/dashboard/../package.json',
      '/dashboard/..%2f..%2fpackage.json',
      '/dashboard/%2e%2e/%2e%2e/package.json',
      '/dashboard/..%5c..%5cpackage.json',
      '/dashboard/%00index.html',
      '/dashboard/%E0%A4%A',
      '/dashboard/assets/',
      '/dashboard/nothing.js',
    ]) {
      const response = await get(rawPath);
      expect(response.status, rawPath).toBe(404);
      expect(response.body).not.toContain('"name": "veza"');
    }
    expect((await get('/dashboard/', 'POST')).status).toBe(405);
    expect((await get('/dashboard/', 'HEAD')).status).toBe(200);
  });
});

describe.skipIf(browserMissing)('the dashboard page in headless Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in as the partner and watches a new partner and an idea’s new stage arrive without a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.goto(`${origin}/dashboard`);
    await page.click('[data-language="en"]');
    await expect.poll(() => page.textContent('h1')).toBe('Veza — programme dashboard');

    await page.fill('input[name="email"]', 'partner@veza.test');
    await page.fill('input[name="password"]', 'veza-demo');
    await page.click('#sign-in button[type="submit"]');
    const d4d = page.locator('#programme option', { hasText: 'D4D' });
    await d4d.waitFor({ state: 'attached' });
    await page.selectOption('#programme', (await d4d.getAttribute('value'))!);
    const partners = page.locator('[data-figure="partners-total"]');
    await expect.poll(() => partners.textContent()).toBe('28');
    await expect.poll(() => page.textContent('#status')).toMatch(/^Live, updated/);

    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => ((window as unknown as { vezaMark: number }).vezaMark = 1));
    const admin = await veza.signIn('admin@veza.test');
    const municipality = await veza.gql(
      `mutation($input: CreateMunicipalityInput!) { createMunicipality(input: $input) { municipality { id } } }`,
      { input: { name: 'Trebinje', kind: 'CITY', administrativeUnit: 'REPUBLIKA_SRPSKA' } },
      admin,
    );
    expect(municipality.errors).toBeUndefined();
    const joined = await veza.gql(
      `mutation($input: CreateProgrammePartnershipInput!) {
        createProgrammePartnership(input: $input) { partnership { id } } }`,
      {
        input: {
          programmeId: await d4d.getAttribute('value'),
          municipalityId: municipality.data!.createMunicipality.municipality.id,
          cohort: 'Novoizabrane JLS 2026',
          joinedOn: '2026-11-23',
        },
      },
      admin,
    );
    expect(joined.errors).toBeUndefined();
    await expect.poll(() => partners.textContent(), { timeout: 5_000 }).toBe('29');
    expect(await page.evaluate(() => (window as unknown as { vezaMark?: number }).vezaMark)).toBe(
      1,
    );
    await expect
      .poll(() => page.locator('[data-chart="partners-by-cohort"] li').allTextContents())
      .toContain('Novoizabrane JLS 20261');

    // A project idea moves on: the M&R dashboard shows it in its new stage, still no reload.
    const mr = page.locator('#programme option', { hasText: 'M&R' });
    await page.selectOption('#programme', (await mr.getAttribute('value'))!);
    const stages = page.locator('[data-chart="ideas-by-stage"] li');
    await expect.poll(() => stages.allTextContents()).toContain('Under assessment1');
    const submitted = await veza.gql(
      `query($p: ID) { projectIdeas(programmeId: $p, stage: SUBMITTED) { edges { node { id } } } }`,
      { p: await mr.getAttribute('value') },
      admin,
    );
    const ideaId = submitted.data!.projectIdeas.edges[0].node.id;
    const moved = await veza.gql(
      `mutation($input: TransitionProjectIdeaInput!) {
        transitionProjectIdea(input: $input) { idea { stage } } }`,
      { input: { ideaId, to: 'UNDER_ASSESSMENT', comment: 'Ocjenjivanje počinje' } },
      admin,
    );
    expect(moved.errors).toBeUndefined();
    await expect
      .poll(() => stages.allTextContents(), { timeout: 5_000 })
      .toContain('Under assessment2');
    expect(await stages.allTextContents()).not.toContain('Submitted1');
    expect(await page.evaluate(() => (window as unknown as { vezaMark?: number }).vezaMark)).toBe(
      1,
    );

    await page.click('[data-language="bs"]');
    await expect.poll(() => page.textContent('h1')).toBe('Veza — pregled programa');
    mkdirSync(artifacts, { recursive: true });
    const screenshot = path.join(artifacts, 'dashboard.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`dashboard screenshot: ${screenshot}`);
    expect(problems).toEqual([]);

    // The session ends elsewhere: the socket closes with 4403 and the page asks to sign in.
    const token = await page.evaluate(() => sessionStorage.getItem('veza.token'));
    const signedOut = await veza.gql('mutation { signOut { revokedSessions } }', {}, token!);
    expect(signedOut.errors).toBeUndefined();
    await page.locator('#sign-in').waitFor({ state: 'visible', timeout: 5_000 });
    expect(await page.isHidden('#dashboard')).toBe(true);
  });
});

if (browserMissing) {
  console.warn(
    `Skipping the dashboard browser test: no Chromium at ${chromiumPath} ` +
      '(apt-get install -y chromium, or set CHROMIUM_PATH; REQUIRE_BROWSER=1 makes this a failure).',
  );
}
