// Exports over HTTP: the adopted conclusions as DOCX and PDF, lists as CSV and XLSX, each
// re-read with a parser, and each holding only what the caller may read through GraphQL.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import mammoth from 'mammoth';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../utils/server.js';

let veza: TestServer;
let admin: string;
let kljucCoordinator: string;
let zenicaCoordinator: string;
const ids = {} as Record<'workshop' | 'igman' | 'd4d' | 'kljuc', string>;

async function download(path: string, token?: string) {
  const response = await fetch(new URL(path, veza.url), {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = Buffer.from(await response.arrayBuffer());
  return {
    response,
    body,
    code: (): string => JSON.parse(body.toString()).errors[0].extensions.code,
  };
}

async function pdfText(body: Buffer) {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), {
    mergePages: true,
  });
  return text.replace(/\s+/g, ' ');
}

async function docxText(body: Buffer) {
  return (await mammoth.extractRawText({ buffer: body })).value.replace(/\s+/g, ' ');
}

async function xlsxRows(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as never);
  const rows: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

function csvRows(body: Buffer): string[][] {
  expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return parseCsv(body.toString('utf8'), { bom: true });
}

const q = (parameters: Record<string, string>) => new URLSearchParams(parameters).toString();

beforeAll(async () => {
  veza = await startTestServer({ inProcess: true });
  [admin, kljucCoordinator, zenicaCoordinator] = await Promise.all([
    veza.signIn('admin@veza.test'),
    veza.signIn('koordinator.kljuc@veza.test'),
    veza.signIn('koordinator.zenica@veza.test'),
  ]);
  const events = await veza.data<any>(
    '{ events(first: 50) { edges { node { id title conclusions { status } } } } }',
    {},
    admin,
  );
  const event = (start: string) =>
    events.events.edges.find((edge: any) => edge.node.title.startsWith(start)).node.id;
  ids.workshop = event('Druga radionica kontakt osoba');
  ids.igman = event('Trening koordinatora');
  const first = async (query: string) =>
    (Object.values(await veza.data<any>(query))[0] as any).edges[0].node.id as string;
  ids.d4d = await first('{ programmes(search: "D4D") { edges { node { id } } } }');
  ids.kljuc = await first('{ municipalities(search: "kljuc") { edges { node { id } } } }');
});
afterAll(() => veza?.stop());

describe('adopted conclusions as a record', () => {
  const expectRecord = (text: string) => {
    expect(text).toContain('Zaključci i preporuke');
    expect(text).toContain('Druga radionica kontakt osoba / koordinatora za iseljenike');
    expect(text).toContain('M&R — Migracije i razvoj');
    expect(text).toContain('Sarajevo');
    expect(text).toContain('25.03.2015. – 26.03.2015.');
    expect(text).toContain('Dan 1 — 25.03.2015. — Komunikacija sa iseljeništvom');
    expect(text).toContain('Dan 2 — 26.03.2015. — Projektne ideje');
    expect(text).toContain('ali te prakse nisu dovoljno zastupljene u medijima širom Bosne');
    expect(text).toContain('Potrebno je kreirati tipski model za izdavanje dokumenata');
    // An action item with its owner and deadline.
    expect(text).toMatch(
      /Obuka iz komunikacija održava se kao dio treće radionice.*Razvojni program Ujedinjenih nacija u BiH.*31\.05\.2015\./,
    );
    expect(text).toContain('Lokalne vlasti (JLS) (3)');
  };

  it('DOCX and PDF for the public hold the record with its diacritics, participants counted', async () => {
    const docx = await download(`/exports/conclusions.docx?${q({ eventId: ids.workshop })}`);
    expect(docx.response.status).toBe(200);
    expect(docx.response.headers.get('content-type')).toContain('wordprocessingml');
    expect(docx.response.headers.get('content-disposition')).toContain('zakljucci-2015-03-25.docx');
    const docxContent = await docxText(docx.body);
    expectRecord(docxContent);
    // Names of participants are for signed-in members only, as in GraphQL.
    expect(docxContent).not.toContain('Samir Imamović');

    const pdf = await download(`/exports/conclusions.pdf?${q({ eventId: ids.workshop })}`);
    expect(pdf.response.status).toBe(200);
    expect(pdf.response.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body.includes('DejaVuSans')).toBe(true); // the embedded font
    const pdfContent = await pdfText(pdf.body);
    expectRecord(pdfContent);
    expect(pdfContent).not.toContain('Samir Imamović');
  });

  it('for a signed-in member, names the participants in their groups', async () => {
    for (const format of ['docx', 'pdf']) {
      const file = await download(
        `/exports/conclusions.${format}?${q({ eventId: ids.workshop })}`,
        admin,
      );
      expect(file.response.status).toBe(200);
      const text = format === 'docx' ? await docxText(file.body) : await pdfText(file.body);
      expect(text).toMatch(/Međunarodne razvojne agencije \(1\): Samir Imamović/);
      expect(text).toContain('Koordinator za dijasporu, Ključ (Ključ)');
    }
  });

  it('refuses a draft (409), an unknown event (404), a bad ID or none (400)', async () => {
    const draft = await download(`/exports/conclusions.pdf?${q({ eventId: ids.igman })}`, admin);
    expect([draft.response.status, draft.code()]).toEqual([409, 'CONFLICT']);
    const missing = Buffer.from('Event:00000000-0000-4000-8000-000000000000').toString('base64');
    const unknown = await download(`/exports/conclusions.pdf?${q({ eventId: missing })}`, admin);
    expect([unknown.response.status, unknown.code()]).toEqual([404, 'NOT_FOUND']);
    const bad = await download(`/exports/conclusions.docx?eventId=nonsense`, admin);
    expect([bad.response.status, bad.code()]).toEqual([400, 'BAD_USER_INPUT']);
    const none = await download(`/exports/conclusions.docx`, admin);
    expect([none.response.status, none.code()]).toEqual([400, 'BAD_USER_INPUT']);
    const badToken = await download(
      `/exports/conclusions.docx?${q({ eventId: ids.workshop })}`,
      'forged',
    );
    expect([badToken.response.status, badToken.code()]).toEqual([401, 'UNAUTHENTICATED']);
    const format = await download(`/exports/conclusions.xlsx?${q({ eventId: ids.workshop })}`);
    expect([format.response.status, format.code()]).toEqual([404, 'NOT_FOUND']);
  });

  it('an internal event’s record is not the public’s', async () => {
    const { createEvent } = await veza.data<any>(
      `mutation($input: CreateEventInput!) {
        createEvent(input: $input) { event { id conclusions { id } } }
      }`,
      {
        input: {
          kind: 'NETWORK_MEETING',
          title: 'Interni sastanak tima, Žepče',
          programmeId: ids.d4d,
          place: 'Žepče',
          startsOn: '2026-02-10',
          endsOn: '2026-02-10',
        },
      },
      admin,
    );
    await veza.data(
      `mutation($input: AddConclusionItemInput!) { addConclusionItem(input: $input) { document { id } } }`,
      {
        input: {
          documentId: createEvent.event.conclusions.id,
          kind: 'CONCLUSION',
          day: 1,
          text: 'Đurđevdanski sajam u Žepču okuplja čitavu dijasporu.',
        },
      },
      admin,
    );
    await veza.data(
      `mutation($input: AdoptConclusionsInput!) { adoptConclusions(input: $input) { document { status } } }`,
      { input: { documentId: createEvent.event.conclusions.id } },
      admin,
    );
    const path = `/exports/conclusions.docx?${q({ eventId: createEvent.event.id })}`;
    const anonymous = await download(path);
    expect([anonymous.response.status, anonymous.code()]).toEqual([401, 'UNAUTHENTICATED']);
    // An unpublished event is its programme's administrators', hosts' and accepted participants'.
    const member = await download(path, admin);
    expect(member.response.status).toBe(200);
    expect(await docxText(member.body)).toContain(
      'Đurđevdanski sajam u Žepču okuplja čitavu dijasporu.',
    );
  });
});

describe('lists as CSV and XLSX', () => {
  it('partner municipalities with coordinators and offices; contacts for members only', async () => {
    const path = `/exports/partner-municipalities.csv?${q({ programmeId: ids.d4d })}`;
    const member = await download(path, admin);
    expect(member.response.status).toBe(200);
    expect(member.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = csvRows(member.body);
    expect(header).toContain('Koordinator');
    const column = (name: string) => header!.indexOf(name);
    const kljuc = rows.find((row) => row[column('Općina/grad')] === 'Ključ')!;
    expect(kljuc[column('Koordinator')]).toBe('Koordinator za dijasporu, Ključ');
    expect(kljuc[column('E-mail koordinatora')]).toBe('koordinator.kljuc@veza.test');
    expect(kljuc[column('Zamjenik koordinatora')]).toBe('Zamjenik koordinatora, Ključ');
    expect(kljuc[column('Ured za dijasporu')]).toBe('Ured za dijasporu općine Ključ');
    expect(rows.length).toBeGreaterThanOrEqual(28);

    const xlsx = await download(
      `/exports/partner-municipalities.xlsx?${q({ programmeId: ids.d4d })}`,
      admin,
    );
    expect(xlsx.response.headers.get('content-type')).toContain('spreadsheetml');
    const sheet = await xlsxRows(xlsx.body);
    expect(sheet.length).toBe(rows.length + 1);
    expect(sheet.find((row) => row[0] === 'Ključ')?.[column('E-mail koordinatora')]).toBe(
      'koordinator.kljuc@veza.test',
    );

    // The public gets the same rows, without the coordinators' e-mail (as in GraphQL).
    const [, ...publicRows] = csvRows((await download(path)).body);
    const publicKljuc = publicRows.find((row) => row[column('Općina/grad')] === 'Ključ')!;
    expect(publicKljuc[column('Koordinator')]).toBe('Koordinator za dijasporu, Ključ');
    expect(publicKljuc[column('E-mail koordinatora')]).toBe('');
  });

  it('project ideas with scores and stages, only those the caller may read', async () => {
    const all = await xlsxRows((await download('/exports/project-ideas.xlsx', admin)).body);
    expect(all[0]).toEqual(
      expect.arrayContaining(['Projektna ideja', 'Faza', 'Ponderisana ocjena']),
    );
    const municipalities = new Set(all.slice(1).map((row) => row[1]));
    expect(municipalities).toEqual(new Set(['Ključ', 'Prijedor', 'Sanski Most']));
    const funded = all.find((row) => row[0] === 'Info tačka za investitore iz dijaspore')!;
    expect(funded[4]).toBe('FUNDED');
    expect(typeof funded[5]).toBe('number');

    // A coordinator's file holds their municipality's ideas and nobody else's.
    const own = await xlsxRows(
      (await download('/exports/project-ideas.xlsx', kljucCoordinator)).body,
    );
    expect(own.length).toBeGreaterThan(1);
    expect(new Set(own.slice(1).map((row) => row[1]))).toEqual(new Set(['Ključ']));
    const other = await download(
      `/exports/project-ideas.csv?${q({ municipalityId: ids.kljuc })}`,
      zenicaCoordinator,
    );
    expect(other.response.status).toBe(200);
    expect(csvRows(other.body)).toHaveLength(1); // the header only

    const anonymous = await download('/exports/project-ideas.csv');
    expect([anonymous.response.status, anonymous.code()]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('action items with status and deadlines, filtered like actionItems', async () => {
    const file = await download('/exports/action-items.csv?status=DONE', kljucCoordinator);
    const [header, ...rows] = csvRows(file.body);
    expect(header!.slice(0, 4)).toEqual(['Zadatak', 'Nosilac', 'Rok', 'Status']);
    const training = rows.find((row) => row[0]!.startsWith('Obuka iz komunikacija'))!;
    expect(training.slice(1, 4)).toEqual([
      'Razvojni program Ujedinjenih nacija u BiH',
      '31.05.2015.',
      'DONE',
    ]);
    expect(rows.every((row) => row[3] === 'DONE')).toBe(true);

    const anonymous = await download('/exports/action-items.xlsx');
    expect([anonymous.response.status, anonymous.code()]).toEqual([401, 'UNAUTHENTICATED']);
    const badFilter = await download('/exports/action-items.csv?overdue=maybe', admin);
    expect([badFilter.response.status, badFilter.code()]).toEqual([400, 'BAD_USER_INPUT']);
    const badStatus = await download('/exports/action-items.csv?status=LOST', admin);
    expect([badStatus.response.status, badStatus.code()]).toEqual([400, 'BAD_USER_INPUT']);
  });

  it('an event’s participants, for signed-in members only', async () => {
    const path = `/exports/event-participants.xlsx?${q({ eventId: ids.workshop })}`;
    const rows = await xlsxRows((await download(path, admin)).body);
    expect(rows[0]?.slice(0, 5)).toEqual([
      'Ime i prezime',
      'Funkcija',
      'Organizacija',
      'Općina/grad',
      'Grupa',
    ]);
    expect(rows.map((row) => row[0])).toEqual(
      expect.arrayContaining(['Koordinator za dijasporu, Ključ', 'Samir Imamović']),
    );
    expect(rows).toHaveLength(6); // five participants and the header

    const anonymous = await download(path);
    expect([anonymous.response.status, anonymous.code()]).toEqual([401, 'UNAUTHENTICATED']);
    const unknown = await download('/exports/everything.csv', admin);
    expect([unknown.response.status, unknown.code()]).toEqual([404, 'NOT_FOUND']);
  });
});
