// `npm run bench`: the directory's nested read (a programme -> its 50 partner municipalities ->
// their coordinators -> their diaspora office) over HTTP with concurrent clients, measured for
// Veza on PostgreSQL beside a hand-written baseline (node:http + pg, the same JSON from the same
// database), then for Veza on the embedded PGlite. Needs the PostgreSQL at BENCH_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/postgres); works in a scratch database it drops.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import type { PrismaClient } from '../src/db/database.js';
import { createLogger } from '../src/logger.js';
import { createServer, type VezaServer } from '../src/server.js';
import { partnersQuery as query } from './directory-query.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MUNICIPALITIES = 50;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 2;

// --- Data ------------------------------------------------------------------------------------

/** One programme with 50 partner municipalities, each with a coordinator, a deputy, an office. */
async function seed(prisma: PrismaClient): Promise<string> {
  const programme = await prisma.programme.create({
    data: { code: 'BENCH', name: 'Benchmark programme' },
  });
  const names = Array.from({ length: MUNICIPALITIES }, (_, i) => `Općina ${i + 1} Ključ`);
  await prisma.municipality.createMany({
    data: names.map((name) => ({
      name,
      kind: 'MUNICIPALITY' as const,
      administrativeUnit: 'REPUBLIKA_SRPSKA' as const,
    })),
  });
  const municipalities = await prisma.municipality.findMany({ select: { id: true, name: true } });
  await prisma.programmePartnership.createMany({
    data: municipalities.map((m, i) => ({
      programmeId: programme.id,
      municipalityId: m.id,
      cohort: `Kohorta ${(i % 3) + 1}`,
      joinedOn: new Date(`201${i % 3}-03-01`),
    })),
  });
  await prisma.diasporaOffice.createMany({
    data: municipalities.map((m) => ({
      municipalityId: m.id,
      kind: 'INFO_POINT' as const,
      name: `Info tačka, ${m.name}`,
      phone: '+387 33 291 261',
      email: 'info@example.ba',
    })),
  });
  for (const role of ['COORDINATOR', 'DEPUTY'] as const) {
    await prisma.person.createMany({
      data: municipalities.map((m) => ({
        fullName: `${role === 'COORDINATOR' ? 'Koordinator' : 'Zamjenik'}, ${m.name}`,
        jobTitle: 'koordinator za iseljeništvo',
        municipalityId: m.id,
      })),
    });
  }
  const people = await prisma.person.findMany({
    select: { id: true, municipalityId: true, fullName: true },
  });
  await prisma.coordinatorAssignment.createMany({
    data: people.map((p) => ({
      personId: p.id,
      municipalityId: p.municipalityId!,
      programmeId: programme.id,
      role: p.fullName.startsWith('Koordinator') ? ('COORDINATOR' as const) : ('DEPUTY' as const),
      startsOn: new Date('2017-11-20'),
    })),
  });
  return programme.id;
}

// --- The hand-written baseline ---------------------------------------------------------------

/** node:http + pg: the same JSON as Veza's answer, with three queries on a pool of 10. */
function startBaseline(databaseUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: 10,
    // DATE columns as 'YYYY-MM-DD' strings, as the GraphQL Date scalar prints them.
    types: {
      getTypeParser: (oid, format) =>
        oid === 1082 ? (v: string) => v : pg.types.getTypeParser(oid, format),
    },
  });
  const partnersSql = `
    SELECT pp."cohort", m."id" AS "municipalityId", m."name",
           o."name" AS "officeName", o."phone", o."email"
      FROM "programme_partnership" pp
      JOIN "municipality" m ON m."id" = pp."municipalityId"
      LEFT JOIN LATERAL (
        SELECT * FROM "diaspora_office" d
         WHERE d."municipalityId" = m."id" AND d."archivedAt" IS NULL LIMIT 1
      ) o ON true
     WHERE pp."programmeId" = $1 AND pp."archivedAt" IS NULL
     ORDER BY pp."joinedOn", pp."cohort", m."searchText", pp."id"
     LIMIT $2`;
  const countSql = `SELECT count(*)::int AS n FROM "programme_partnership"
     WHERE "programmeId" = $1 AND "archivedAt" IS NULL`;
  const coordinatorsSql = `
    SELECT a."municipalityId", a."role", a."startsOn", p."fullName", p."jobTitle"
      FROM "coordinator_assignment" a JOIN "person" p ON p."id" = a."personId"
     WHERE a."municipalityId" = ANY($1::uuid[]) AND a."programmeId" = $2
       AND a."archivedAt" IS NULL AND a."startsOn" <= current_date
       AND (a."endsOn" IS NULL OR a."endsOn" >= current_date)
     ORDER BY a."role", a."startsOn" DESC, a."id"`;

  const server: Server = createHttpServer(async (req, res) => {
    try {
      let body = '';
      for await (const chunk of req) body += chunk;
      const { variables } = JSON.parse(body) as { variables: { id: string; first: number } };
      const id = Buffer.from(variables.id, 'base64').toString('utf8').split(':')[1]!;
      const [programme, partners, count] = await Promise.all([
        pool.query<{ code: string }>('SELECT "code" FROM "programme" WHERE "id" = $1', [id]),
        pool.query(partnersSql, [id, variables.first]),
        pool.query<{ n: number }>(countSql, [id]),
      ]);
      const coordinators = await pool.query(coordinatorsSql, [
        partners.rows.map((row) => row.municipalityId),
        id,
      ]);
      const byMunicipality = new Map<string, unknown[]>();
      for (const c of coordinators.rows) {
        const list = byMunicipality.get(c.municipalityId) ?? [];
        list.push({
          role: c.role,
          startsOn: c.startsOn,
          person: { fullName: c.fullName, jobTitle: c.jobTitle },
        });
        byMunicipality.set(c.municipalityId, list);
      }
      const node = programme.rows[0]
        ? {
            code: programme.rows[0].code,
            partners: {
              totalCount: count.rows[0]!.n,
              edges: partners.rows.map((row) => ({
                node: {
                  cohort: row.cohort,
                  municipality: {
                    name: row.name,
                    coordinators: byMunicipality.get(row.municipalityId) ?? [],
                    diasporaOffice: row.officeName
                      ? { name: row.officeName, phone: row.phone, email: row.email }
                      : null,
                  },
                },
              })),
            },
          }
        : null;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { node } }));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/graphql`,
        close: async () => {
          await new Promise<void>((done) => server.close(() => done()));
          await pool.end();
        },
      });
    });
  });
}

// --- Measuring -------------------------------------------------------------------------------

interface Figures {
  label: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(label: string, url: string, body: string): Promise<Figures> {
  const options = {
    url,
    method: 'POST' as const,
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
  };
  await autocannon({ ...options, duration: WARMUP_SECONDS });
  const result = await autocannon({ ...options, duration: SECONDS });
  return {
    label,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function post(url: string, body: string): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return response.json();
}

async function startVeza(options: {
  databaseUrl?: string;
  pgliteDir: string;
  readCacheTtlMs?: number;
}): Promise<VezaServer & { url: string }> {
  const config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    databaseUrl: options.databaseUrl,
    pgliteDir: options.pgliteDir,
    demoData: 'off' as const,
    shutdownTimeoutMs: 2_000,
    ...(options.readCacheTtlMs === undefined ? {} : { readCacheTtlMs: options.readCacheTtlMs }),
  };
  const server = createServer(config, { logger: createLogger('silent') });
  const { url } = await server.start();
  return Object.assign(server, { url });
}

async function adminQuery(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function main() {
  const dbName = `veza_bench_${randomBytes(4).toString('hex')}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-bench-'));
  const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${dbName}` }).toString();
  await adminQuery(`CREATE DATABASE ${dbName}`);
  const results: Figures[] = [];
  try {
    const veza = await startVeza({ databaseUrl, pgliteDir: path.join(dir, 'unused') });
    const baseline = await startBaseline(databaseUrl);
    try {
      const programmeId = await seed(veza.database.prisma);
      const body = JSON.stringify({
        query,
        variables: { id: Buffer.from(`Programme:${programmeId}`).toString('base64'), first: 50 },
      });
      const [fromVeza, fromBaseline] = await Promise.all([
        post(veza.url, body),
        post(baseline.url, body),
      ]);
      if (!isDeepStrictEqual(fromVeza, fromBaseline)) {
        console.error(
          JSON.stringify(fromVeza).slice(0, 500),
          '\n',
          JSON.stringify(fromBaseline).slice(0, 500),
        );
        throw new Error('Veza and the baseline answer differently');
      }
      const edges = (fromVeza as any).data.node.partners.edges.length;
      console.log(
        `nested read: programme -> ${edges} partner municipalities -> coordinators -> diaspora office` +
          ` (${CONNECTIONS} connections, ${SECONDS} s each after ${WARMUP_SECONDS} s warm-up)`,
      );
      results.push(await measure('baseline node:http + pg (PostgreSQL)', baseline.url, body));
      results.push(await measure('Veza on PostgreSQL', veza.url, body));
      // The same without the read cache: what every first read after a write costs.
      const uncached = await startVeza({
        databaseUrl,
        pgliteDir: path.join(dir, 'unused'),
        readCacheTtlMs: 0,
      });
      try {
        results.push(await measure('Veza on PostgreSQL, read cache off', uncached.url, body));
      } finally {
        await uncached.stop();
      }

      // PGlite has one connection per data directory: one instance at a time.
      let pgliteBody = '';
      for (const readCacheTtlMs of [undefined, 0]) {
        const pglite = await startVeza({ pgliteDir: path.join(dir, 'pglite'), readCacheTtlMs });
        try {
          if (!pgliteBody) {
            const pgliteProgramme = await seed(pglite.database.prisma);
            pgliteBody = JSON.stringify({
              query,
              variables: {
                id: Buffer.from(`Programme:${pgliteProgramme}`).toString('base64'),
                first: 50,
              },
            });
          }
          const label = `Veza on PGlite (embedded)${readCacheTtlMs === 0 ? ', read cache off' : ''}`;
          results.push(await measure(label, pglite.url, pgliteBody));
        } finally {
          await pglite.stop();
        }
      }
    } finally {
      await baseline.close();
      await veza.stop();
    }
  } finally {
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await rm(dir, { recursive: true, force: true });
  }

  const base = results[0]!.rps;
  console.log(
    `\n${'server'.padEnd(46)}${'req/s'.padStart(10)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}  vs baseline`,
  );
  for (const r of results) {
    console.log(
      `${r.label.padEnd(46)}${r.rps.toFixed(0).padStart(10)}${String(r.p50).padStart(9)}${String(r.p99).padStart(9)}` +
        `  ${((100 * r.rps) / base).toFixed(0).padStart(4)}%${r.errors ? `  (${r.errors} errors)` : ''}`,
    );
  }
  console.log('');
  for (const veza of results.slice(1, 3)) {
    const ok = veza.rps >= base * 0.5;
    console.log(`goal: ${veza.label} >= 50% of the baseline's req/s: ${ok ? 'met' : 'NOT met'}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
