// Stories (good practices and news) and their Atom feeds: who writes and reads them, what the
// Markdown becomes, and what a media partner's feed reader sees.
import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
let admin: string;
let kljucCoordinator: string;
const ids = {} as Record<
  'kljuc' | 'sanskiMost' | 'zenica' | 'd4d' | 'kosmos' | 'sanskiStory',
  string
>;

const storyFields =
  'id kind status title summary body bodyHtml topics links { label url } url publishedAt updatedAt authorName municipality { name } organization { name }';
const create = `mutation($input: CreateStoryInput!) { createStory(input: $input) { story { ${storyFields} } } }`;
const update = `mutation($input: UpdateStoryInput!) { updateStory(input: $input) { story { ${storyFields} } } }`;
const publish = `mutation($input: PublishStoryInput!) { publishStory(input: $input) { story { ${storyFields} } } }`;
const unpublish = `mutation($input: UnpublishStoryInput!) { unpublishStory(input: $input) { story { id status } } }`;
const list = `query($search: String, $kind: StoryKind, $topic: String, $municipalityId: ID) {
  stories(first: 50, search: $search, kind: $kind, topic: $topic, municipalityId: $municipalityId) {
    totalCount edges { node { id title status } } } }`;

// rss-parser reads an Atom entry's id and author too; its types name only the custom fields.
const parser = new Parser<{ updated: string }, { updated: string; id: string; author: string }>({
  customFields: { feed: ['updated'], item: ['updated'] },
});
const decodeHtml = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

async function titles(variables: Record<string, unknown> = {}, token?: string) {
  const { stories } = await veza.data<any>(list, variables, token);
  return stories.edges.map((edge: any) => edge.node.title as string);
}

async function draft(input: Record<string, unknown>, token = kljucCoordinator) {
  const { createStory } = await veza.data<any>(
    create,
    {
      input: { kind: 'NEWS', municipalityId: ids.kljuc, title: 'Vijest', body: 'Tekst.', ...input },
    },
    token,
  );
  return createStory.story;
}

async function fetchFeed(path: string, headers: Record<string, string> = {}) {
  return fetch(new URL(path, veza.url), { headers });
}

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljucCoordinator] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
  ]);
  const first = async (query: string) =>
    (Object.values(await veza.data<any>(query))[0] as any).edges[0].node.id as string;
  ids.kljuc = await first('{ municipalities(search: "kljuc") { edges { node { id } } } }');
  ids.sanskiMost = await first(
    '{ municipalities(search: "sanski most") { edges { node { id } } } }',
  );
  ids.zenica = await first('{ municipalities(search: "zenica") { edges { node { id } } } }');
  ids.d4d = await first('{ programmes(search: "D4D") { edges { node { id } } } }');
  ids.kosmos = await first('{ organizations(search: "kosmos") { edges { node { id } } } }');
  ids.sanskiStory = await first(
    '{ stories(search: "virtuelni maticar") { edges { node { id } } } }',
  );
});
afterAll(() => veza?.stop());

describe('reading stories', () => {
  it('the public reads the published demo stories, newest first, never the draft', async () => {
    expect(await titles()).toEqual([
      'Dani kulture Bosne i Hercegovine u Luzernu',
      'Održana Biznis kafa u okviru manifestacije Dani dijaspore Ključ 2018.',
      'Uspješna priča iz Sanskog Mosta: virtuelni matičar za dijasporu',
    ]);
    expect(await titles({}, admin)).toContain('Grad Zenica u projektu Diaspora Invest');
  });

  it('search ignores case and diacritics; kind, topic and municipality filter', async () => {
    expect(await titles({ search: 'DIJASPORE KLJUC' })).toEqual([
      'Održana Biznis kafa u okviru manifestacije Dani dijaspore Ključ 2018.',
    ]);
    expect(await titles({ search: 'maticar' })).toHaveLength(1);
    expect(await titles({ kind: 'GOOD_PRACTICE', municipalityId: ids.kljuc })).toEqual([
      'Dani kulture Bosne i Hercegovine u Luzernu',
    ]);
    expect(await titles({ topic: 'Kultura' })).toEqual([
      'Dani kulture Bosne i Hercegovine u Luzernu',
    ]);
    expect(await titles({ topic: 'nema-te-teme' })).toEqual([]);
  });

  it('a draft is no one’s business but its writers’ (node lookups too)', async () => {
    const story = await draft({ title: 'Nacrt Ključ' });
    expect(await titles({ search: 'nacrt kljuc' })).toEqual([]);
    expect(await titles({ search: 'nacrt kljuc' }, kljucCoordinator)).toEqual(['Nacrt Ključ']);
    const node = `query($id: ID!) { node(id: $id) { ... on Story { title } } }`;
    const anonymous = await veza.gql(node, { id: story.id });
    expect(anonymous.data?.node ?? null).toBeNull();
    const zenica = await veza.signIn('koordinator.zenica@veza.test');
    expect((await veza.gql(node, { id: story.id }, zenica)).data?.node ?? null).toBeNull();
    expect((await veza.data<any>(node, { id: story.id }, admin)).node.title).toBe('Nacrt Ključ');
  });
});

describe('writing stories', () => {
  it('a coordinator writes and publishes their municipality’s story', async () => {
    const story = await draft({
      kind: 'GOOD_PRACTICE',
      title: 'Info tačka u Centru za razvoj biznisa',
      summary: 'Dijaspora dobija odgovore na jednom mjestu.',
      body: 'Info tačka radi **svaki dan**.',
      topics: ['Investicije', 'info tačka', 'investicije'],
      links: [{ label: 'Općina Ključ', url: 'https://opcinakljuc.ba' }],
      programmeId: ids.d4d,
    });
    const { updateStory } = await veza.data<any>(
      update,
      { input: { id: story.id, summary: '   ' } },
      kljucCoordinator,
    );
    expect(updateStory.story.summary).toBeNull();
    expect(story).toMatchObject({
      status: 'DRAFT',
      publishedAt: null,
      topics: ['investicije', 'info tačka'],
      bodyHtml: '<p>Info tačka radi <strong>svaki dan</strong>.</p>\n',
      authorName: expect.any(String),
      municipality: { name: 'Ključ' },
    });
    const { publishStory } = await veza.data<any>(
      publish,
      { input: { id: story.id } },
      kljucCoordinator,
    );
    expect(publishStory.story.status).toBe('PUBLISHED');
    expect(Date.now() - Date.parse(publishStory.story.publishedAt)).toBeLessThan(60_000);
    expect(await titles({ search: 'info tacka' })).toEqual([
      'Info tačka u Centru za razvoj biznisa',
    ]);

    // Unpublished and published again, it keeps its first publication date.
    await veza.data(unpublish, { input: { id: story.id } }, kljucCoordinator);
    expect(await titles({ search: 'info tacka' })).toEqual([]);
    const again = await veza.data<any>(publish, { input: { id: story.id } }, kljucCoordinator);
    expect(again.publishStory.story.publishedAt).toBe(publishStory.story.publishedAt);
  });

  it('a coordinator cannot write another municipality’s story, nor move one there', async () => {
    const before = await veza.server.database.prisma.story.findUniqueOrThrow({
      where: { id: fromGlobalId(ids.sanskiStory) },
    });
    const other = await veza.gql(
      create,
      { input: { kind: 'NEWS', municipalityId: ids.sanskiMost, title: 'Tuđa', body: 'x' } },
      kljucCoordinator,
    );
    expect(refusal(other)).toBe('FORBIDDEN');
    const edit = await veza.gql(
      update,
      { input: { id: ids.sanskiStory, title: 'Moja' } },
      kljucCoordinator,
    );
    expect(refusal(edit)).toBe('FORBIDDEN');
    expect(
      refusal(await veza.gql(publish, { input: { id: ids.sanskiStory } }, kljucCoordinator)),
    ).toBe('FORBIDDEN');
    const own = await draft({ title: 'Seli se' });
    const moved = await veza.gql(
      update,
      { input: { id: own.id, municipalityId: ids.sanskiMost } },
      kljucCoordinator,
    );
    expect(refusal(moved)).toBe('FORBIDDEN');
    // An organisation's story (no municipality) is the administrators'.
    const organisation = await veza.gql(
      create,
      { input: { kind: 'NEWS', organizationId: ids.kosmos, title: 'Kosmos', body: 'x' } },
      kljucCoordinator,
    );
    expect(refusal(organisation)).toBe('FORBIDDEN');
    const anonymous = await veza.gql(create, {
      input: { kind: 'NEWS', municipalityId: ids.kljuc, title: 'Anonimno', body: 'x' },
    });
    expect(refusal(anonymous)).toBe('UNAUTHENTICATED');
    const { stories } = await veza.data<any>(
      '{ stories(first: 100, search: "tuda") { totalCount } }',
      {},
      admin,
    );
    expect(stories.totalCount).toBe(0);
    const after = await veza.server.database.prisma.story.findUniqueOrThrow({
      where: { id: fromGlobalId(ids.sanskiStory) },
    });
    expect(after).toEqual(before);
  });

  it('bad input is refused naming the field, and nothing is written', async () => {
    const before = await veza.server.database.prisma.story.count();
    const bad = async (input: Record<string, unknown>, field: string) => {
      const result = await veza.gql(
        create,
        {
          input: {
            kind: 'NEWS',
            municipalityId: ids.kljuc,
            title: 'Naslov',
            body: 'Tekst',
            ...input,
          },
        },
        admin,
      );
      expect(refusal(result)).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toContain(field);
    };
    await bad({ title: '   ' }, 'title');
    await bad({ title: 'x'.repeat(301) }, 'title');
    await bad({ body: '' }, 'body');
    await bad({ topics: ['<script>'] }, 'topics');
    await bad({ topics: Array.from({ length: 21 }, (_, i) => `tema ${i}`) }, 'topics');
    await bad({ links: [{ label: 'x', url: 'javascript:alert(1)' }] }, 'url');
    await bad({ coverImageUrl: 'ftp://slika.ba/a.png' }, 'coverImageUrl');
    await bad({ coverImageUrl: 'http://slika.ba/a.png' }, 'coverImageUrl');
    await bad({ municipalityId: null }, 'municipalityId or organizationId');
    await bad(
      {
        programmeId: Buffer.from('Programme:00000000-0000-4000-8000-000000000000').toString(
          'base64',
        ),
      },
      'programmeId',
    );
    const nullTitle = await veza.gql(
      update,
      { input: { id: ids.sanskiStory, title: null } },
      admin,
    );
    expect(refusal(nullTitle)).toBe('BAD_USER_INPUT');
    const noOwner = await veza.gql(
      update,
      { input: { id: ids.sanskiStory, municipalityId: null } },
      admin,
    );
    expect(refusal(noOwner)).toBe('BAD_USER_INPUT');
    expect(await veza.server.database.prisma.story.count()).toBe(before);
  });

  it('two publications at once: one wins, the other is told CONFLICT', async () => {
    const story = await draft({ title: 'Dvostruko objavljivanje' });
    const results = await Promise.all([
      veza.gql(publish, { input: { id: story.id } }, kljucCoordinator),
      veza.gql(publish, { input: { id: story.id } }, admin),
    ]);
    const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok').sort();
    expect(codes).toEqual(['CONFLICT', 'ok']);
  });
});

describe('Markdown', () => {
  it('scripts, event handlers and javascript: links come out harmless, in GraphQL and feeds', async () => {
    const body = [
      '<script>alert("x")</script>',
      '',
      '<img src=x onerror="alert(1)">',
      '',
      '[klikni](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [ok](https://bhrt.ba)',
      '',
      '![slika](https://bhrt.ba/a.png "x\\" onerror=\\"alert(1)")',
      '',
      '<a href="javascript:alert(2)">a</a> <iframe src="https://evil.example"></iframe>',
    ].join('\n');
    const story = await draft({
      title: 'Opasan <b>naslov</b> & ]]> kraj',
      summary: 'Sažetak ]]> & <i>',
      body,
    });
    const html: string = story.bodyHtml;
    // Every literal "<" in sanitised HTML opens a real tag (text has &lt;), and attribute values
    // are quoted with their own quotes escaped: the tags and attributes can be read off.
    const tags = [...html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)].map(([, name, rest]) => ({
      name: name!.toLowerCase(),
      attributes: [...rest!.matchAll(/\s([a-z-]+)="([^"]*)"/gi)].map(([, key, value]) => ({
        key: key!.toLowerCase(),
        value: value!,
      })),
    }));
    expect(
      tags.map((tag) => tag.name).filter((name) => ['script', 'iframe'].includes(name)),
    ).toEqual([]);
    const attributes = tags.flatMap((tag) => tag.attributes);
    expect(attributes.filter(({ key }) => key.startsWith('on'))).toEqual([]);
    for (const { key, value } of attributes.filter(({ key }) => key === 'href' || key === 'src')) {
      expect(`${key}=${value}`).toMatch(/^(href|src)=(https?:|mailto:)/);
    }
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a href="https://bhrt.ba" rel="nofollow noopener noreferrer">ok</a>');

    await veza.data(publish, { input: { id: story.id } }, kljucCoordinator);
    const feed = await parser.parseString(await (await fetchFeed('/feeds/news.atom')).text());
    const entry = feed.items.find((item) => item.id === `urn:uuid:${fromGlobalId(story.id)}`)!;
    expect(decodeHtml(entry.title!)).toBe('Opasan <b>naslov</b> & ]]> kraj');
    expect(decodeHtml(entry.summary!)).toBe('Sažetak ]]> & <i>');
    expect(entry.content).toBe(html);
  });
});

const fromGlobalId = (id: string) => Buffer.from(id, 'base64').toString().split(':')[1]!;

describe('Atom feeds', () => {
  it('news.atom carries the published news only, with dates and links', async () => {
    const response = await fetchFeed('/feeds/news.atom');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const xml = await response.text();
    expect(xml).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    const feed = await parser.parseString(xml);
    const titlesInFeed = feed.items.map((item) => decodeHtml(item.title!));
    expect(titlesInFeed).toContain(
      'Održana Biznis kafa u okviru manifestacije Dani dijaspore Ključ 2018.',
    );
    expect(titlesInFeed).not.toContain('Grad Zenica u projektu Diaspora Invest');
    expect(titlesInFeed).not.toContain('Dani kulture Bosne i Hercegovine u Luzernu');
    expect(titlesInFeed).not.toContain('Nacrt Ključ');

    const { stories } = await veza.data<any>(
      `{ stories(first: 50, kind: NEWS) { edges { node { id title url publishedAt updatedAt } } } }`,
    );
    expect(feed.items).toHaveLength(stories.edges.length);
    for (const { node } of stories.edges) {
      const entry = feed.items.find((item) => item.id === `urn:uuid:${fromGlobalId(node.id)}`)!;
      expect(entry.link).toBe(node.url);
      expect(entry.isoDate).toBe(node.publishedAt);
      expect(entry.updated).toBe(node.updatedAt);
    }
    const coffee = feed.items.find((item) => item.title!.startsWith('Održana Biznis'))!;
    expect(coffee.isoDate).toBe('2018-07-28T16:00:00.000Z');
    expect(coffee.author).toBe('Ključ');
    // The feed changed when any news story last changed (an unpublished one leaves it too).
    const newest = await veza.server.database.prisma.story.aggregate({
      where: { kind: 'NEWS' },
      _max: { updatedAt: true },
    });
    expect(feed.updated).toBe(newest._max.updatedAt!.toISOString());
  });

  it('good-practices.atom and a municipality’s feeds, by slug or id', async () => {
    const good = await parser.parseString(
      await (await fetchFeed('/feeds/good-practices.atom')).text(),
    );
    expect(good.items.map((item) => decodeHtml(item.title!))).toEqual(
      expect.arrayContaining([
        'Dani kulture Bosne i Hercegovine u Luzernu',
        'Uspješna priča iz Sanskog Mosta: virtuelni matičar za dijasporu',
      ]),
    );
    const { municipalities } = await veza.data<any>(
      '{ municipalities(search: "sanski most") { edges { node { slug } } } }',
    );
    expect(municipalities.edges[0].node.slug).toBe('sanski-most');
    const sanski = await parser.parseString(
      await (await fetchFeed('/feeds/municipalities/sanski-most/good-practices.atom')).text(),
    );
    expect(sanski.items.map((item) => item.title)).toEqual([
      'Uspješna priča iz Sanskog Mosta: virtuelni matičar za dijasporu',
    ]);
    expect(sanski.title).toBe('Veza – Dobre prakse – Sanski Most');
    const byId = await fetchFeed(`/feeds/municipalities/${fromGlobalId(ids.sanskiMost)}/news.atom`);
    expect(byId.status).toBe(200);
    expect((await parser.parseString(await byId.text())).items).toEqual([]);
    expect((await fetchFeed('/feeds/municipalities/atlantida/news.atom')).status).toBe(404);
    expect((await fetchFeed('/feeds/rss.xml')).status).toBe(404);
  });

  it('answers 304 to a reader whose copy is current', async () => {
    const first = await fetchFeed('/feeds/good-practices.atom');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await fetchFeed('/feeds/good-practices.atom', { 'if-none-match': etag })).status).toBe(
      304,
    );
    expect(
      (await fetchFeed('/feeds/good-practices.atom', { 'if-modified-since': lastModified })).status,
    ).toBe(304);
    const story = await draft({ kind: 'GOOD_PRACTICE', title: 'Nova dobra praksa' });
    await veza.data(publish, { input: { id: story.id } }, kljucCoordinator);
    const changed = await fetchFeed('/feeds/good-practices.atom', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('a published story has its page; a draft has none', async () => {
    const page = await fetchFeed(`/stories/${fromGlobalId(ids.sanskiStory)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain(
      '<h1>Uspješna priča iz Sanskog Mosta: virtuelni matičar za dijasporu</h1>',
    );
    expect(html).toContain('Sanski Most');
    const { stories } = await veza.data<any>(
      '{ stories(search: "diaspora invest") { edges { node { id } } } }',
      {},
      admin,
    );
    expect((await fetchFeed(`/stories/${fromGlobalId(stories.edges[0].node.id)}`)).status).toBe(
      404,
    );
    expect((await fetchFeed('/stories/nije-uuid')).status).toBe(404);
  });
});
