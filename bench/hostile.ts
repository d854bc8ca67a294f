// Hostile mix (issue 13): ~10,000 requests an attacker or a broken client sends — the known bad
// inputs (NUL and lone surrogates, missing node IDs, 10,000 IDs in a variable, deep nesting,
// huge cursors, 500 __typename aliases, wildcard searches, large `first: $n`) and random
// mutations of valid operations — against a server in its own process (demo data on the
// embedded database, or DATABASE_URL and REDIS_URL when set), while a well-behaved client reads
// beside them. Prints 5xx answers, crashes and INTERNAL_SERVER_ERRORs (each must be 0), codes
// outside the five, and the well-behaved client's p50/p99 alone and beside the mix.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BenchServer, startServerProcess } from './server-process.js';

const REQUESTS = Number(process.env.BENCH_HOSTILE_REQUESTS ?? 10_000);
const SECONDS = Number(process.env.BENCH_HOSTILE_SECONDS ?? 120);
const IN_FLIGHT = 8;
const BASELINE_SECONDS = 10;
const CODES = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);
const NODE_TYPES = ['Programme', 'Municipality', 'Organization', 'Person', 'Event', 'ActionItem'];

const globalId = (typename: string, id: string = randomUUID()) =>
  Buffer.from(`${typename}:${id}`).toString('base64');
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const deepList = (depth: number) => `${'['.repeat(depth)}0${']'.repeat(depth)}`;

interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/** A raw request: a JSON body (or not JSON at all) and whose token it carries. */
interface Attempt {
  body: string;
  token?: string;
}

interface Tally {
  sent: number;
  status5xx: number;
  internal: number;
  otherCodes: Map<string, number>;
  transportFailures: number;
  examples: string[];
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-bench-'));
  let serverLogBytes = 0;
  const server = await startServerProcess(path.join(dir, 'pglite'), (line) => {
    serverLogBytes += line.length + 1;
    if (/"level":(50|60)/.test(line)) console.error(`server: ${line.slice(0, 400)}`);
  });
  try {
    const valid = await validOperations(server);
    const tokens = [undefined, valid.adminToken, valid.partnerToken];

    const baseline = await wellBehaved(server, valid.reads, BASELINE_SECONDS * 1000);
    const tally: Tally = {
      sent: 0,
      status5xx: 0,
      internal: 0,
      otherCodes: new Map(),
      transportFailures: 0,
      examples: [],
    };
    const deadline = Date.now() + SECONDS * 1000;
    const started = Date.now();
    const beside = wellBehaved(server, valid.reads, SECONDS * 1000, () => tally.sent >= REQUESTS);
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (tally.sent < REQUESTS && Date.now() < deadline && !server.crash()) {
          tally.sent += 1;
          const attempt = hostileAttempt(valid, pick(tokens));
          await send(server, attempt, tally);
        }
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    const alongside = await beside;

    console.log(
      `Hostile mix: ${tally.sent} requests in ${elapsed.toFixed(1)} s, ${IN_FLIGHT} in flight`,
    );
    console.log(`  5xx answers:            ${tally.status5xx} (must be 0)`);
    console.log(`  crashes:                ${server.crash() ? 1 : 0} (must be 0)`);
    console.log(`  INTERNAL_SERVER_ERROR:  ${tally.internal} (must be 0)`);
    console.log(`  transport failures:     ${tally.transportFailures}`);
    const other = [...tally.otherCodes].map(([code, n]) => `${code} ${n}`).join(', ');
    console.log(`  codes outside the five: ${other || 'none'}`);
    console.log(`  server log:             ${(serverLogBytes / 1024).toFixed(0)} KiB`);
    for (const example of tally.examples) console.log(`  e.g. ${example}`);
    console.log(
      `Well-behaved client: alone p50 ${baseline.p50} ms p99 ${baseline.p99} ms (${baseline.count} reads); ` +
        `beside the mix p50 ${alongside.p50} ms p99 ${alongside.p99} ms (${alongside.count} reads, ` +
        `${alongside.failures} failed)`,
    );
    const failed = tally.status5xx + tally.internal + (server.crash() ? 1 : 0);
    if (failed || alongside.failures) process.exitCode = 1;
  } finally {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

// --- The well-behaved client ---------------------------------------------------------------

/** Sequential directory reads for `millis` (or until `done`); their latencies. */
async function wellBehaved(
  server: BenchServer,
  reads: Operation[],
  millis: number,
  done: () => boolean = () => false,
) {
  const latencies: number[] = [];
  let failures = 0;
  const until = Date.now() + millis;
  while (Date.now() < until && !done() && !server.crash()) {
    const { query, variables } = pick(reads);
    const sent = performance.now();
    try {
      const body = await server.gql(query, variables);
      if (body.errors) failures += 1;
    } catch {
      failures += 1;
    }
    latencies.push(performance.now() - sent);
  }
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    (latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN).toFixed(1);
  return { count: latencies.length, failures, p50: at(0.5), p99: at(0.99) };
}

// --- Requests ------------------------------------------------------------------------------

interface ValidOperations {
  reads: Operation[];
  writes: Operation[];
  adminToken: string;
  partnerToken: string;
  ids: string[];
}

async function validOperations(server: BenchServer): Promise<ValidOperations> {
  const data = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
    const body = await server.gql(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const signIn = async (email: string) =>
    (
      await data('mutation($i: SignInInput!) { signIn(input: $i) { token } }', {
        i: { email, password: 'veza-demo' },
      })
    ).signIn.token as string;
  const adminToken = await signIn('admin@veza.test');
  const partnerToken = await signIn('partner@veza.test');
  const listed = await data(`{
    programmes(first: 4) { edges { node { id } } }
    municipalities(first: 5) { edges { node { id } } }
    organizations(first: 5) { edges { node { id } } }
  }`);
  const idsOf = (connection: { edges: { node: { id: string } }[] }) =>
    connection.edges.map((edge) => edge.node.id);
  const programmes = idsOf(listed.programmes);
  const municipalities = idsOf(listed.municipalities);
  const organizations = idsOf(listed.organizations);
  const reads: Operation[] = [
    {
      query: `query($s: String, $first: Int) { municipalities(search: $s, first: $first) {
        totalCount edges { cursor node { id name administrativeUnit } } } }`,
      variables: { s: 'kljuc', first: 5 },
    },
    {
      query: `query($id: ID!) { node(id: $id) { id ... on Programme { code
        partnerCohorts { name partners { municipality { name } } } } } }`,
      variables: { id: programmes[0] },
    },
    {
      query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }',
      variables: { ids: [...programmes, ...municipalities] },
    },
    {
      query: `query($first: Int, $after: String) { organizations(first: $first, after: $after) {
        edges { cursor node { name kind country } } pageInfo { hasNextPage endCursor } } }`,
      variables: { first: 5, after: null },
    },
    {
      query: `{ programmes { edges { node { code name
        partners(first: 10) { totalCount edges { node { cohort municipality { name } } } } } } } }`,
      variables: {},
    },
  ];
  const writes: Operation[] = [
    {
      query: `mutation($input: CreateProgrammeInput!) {
        createProgramme(input: $input) { programme { id code } } }`,
      variables: { input: { code: 'HX', name: 'Program' } },
    },
    {
      query: `mutation($input: UpdateOrganizationInput!) {
        updateOrganization(input: $input) { organization { id name } } }`,
      variables: { input: { id: organizations[0], city: 'Sarajevo' } },
    },
    {
      query: `query($id: ID!) { programmeDashboard(programmeId: $id) {
        partners { total active } events { held upcoming } } }`,
      variables: { id: programmes[0] },
    },
  ];
  return {
    reads,
    writes,
    adminToken,
    partnerToken,
    ids: [...programmes, ...municipalities, ...organizations],
  };
}

/** One request of the mix: a known bad input, or a valid operation mangled at random. */
function hostileAttempt(valid: ValidOperations, token: string | undefined): Attempt {
  const json = (query: string, variables: unknown = {}) => ({
    body: JSON.stringify({ query, variables }),
    token,
  });
  const known: (() => Attempt)[] = [
    () =>
      json('query($s: String) { municipalities(search: $s) { totalCount } }', { s: 'a\u0000b' }),
    () => json('query($s: String) { programmes(search: $s) { totalCount } }', { s: '\ud800x' }),
    () =>
      json('query($s: String) { municipalities(search: $s) { totalCount } }', {
        s: pick(['%', '_', '\\']),
      }),
    () => json('query($id: ID!) { node(id: $id) { id } }', { id: globalId(pick(NODE_TYPES)) }),
    () =>
      json('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
        ids: [...valid.ids.slice(0, 3), ...NODE_TYPES.map((type) => globalId(type))],
      }),
    () =>
      json('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
        ids: Array.from({ length: 10_000 }, () => pick(valid.ids)),
      }),
    () => ({
      body: `{"query":"query($id: ID!) { node(id: $id) { id } }","variables":{"id":"${valid.ids[0]}","x":${deepList(5_000)}}}`,
      token,
    }),
    () => json('{ programmes { edges { node { partnerCohorts { name joinedOn } } } } }'),
    () => json(`{ ${Array.from({ length: 500 }, (_, i) => `t${i}: __typename`).join(' ')} }`),
    () =>
      json('query($after: String) { programmes(after: $after) { totalCount } }', {
        after: 'Q'.repeat(Math.random() < 0.02 ? 900 * 1024 : 10_000),
      }),
    () =>
      json(
        `query($n: Int) { programmes(first: $n) { edges { node {
          partners(first: 100) { edges { node { municipality { name } } } } } } } }`,
        { n: 100 },
      ),
  ];
  if (Math.random() < 0.4) return pick(known)();
  return mangled(pick([...valid.reads, ...valid.writes]), valid, token);
}

/** A valid operation with its text or its variables mangled. */
function mangled(operation: Operation, valid: ValidOperations, token: string | undefined): Attempt {
  const variables = structuredClone(operation.variables);
  let query = operation.query;
  const roll = Math.random();
  if (roll < 0.3) {
    query = mangledText(query);
  } else if (roll < 0.9) {
    mangleValue(variables, valid);
  } else {
    const body = JSON.stringify({ query, variables });
    const at = Math.floor(Math.random() * body.length);
    return {
      body: body.slice(0, at) + pick(['', '}', '"', '\\', '\u0000']) + body.slice(at + 1),
      token,
    };
  }
  return { body: JSON.stringify({ query, variables }), token };
}

function mangledText(query: string): string {
  const at = Math.floor(Math.random() * query.length);
  switch (Math.floor(Math.random() * 4)) {
    case 0:
      return query.slice(0, at) + query.slice(at + 1);
    case 1:
      return (
        query.slice(0, at) +
        pick(['{', '}', '(', ')', '[', ']', ':', '$', '!', '@', '"', '\\u0000', '...', 'x']) +
        query.slice(at)
      );
    case 2:
      return query.slice(0, at) + query.slice(at, at + 20).repeat(3) + query.slice(at);
    default:
      return query.slice(0, at);
  }
}

/** Replaces one value somewhere in the variables (or adds one) with a hostile one. */
function mangleValue(variables: Record<string, unknown>, valid: ValidOperations) {
  const hostile = (): unknown =>
    pick<() => unknown>([
      () => '',
      () => 'x'.repeat(20_000),
      () => 'Ime\u0000',
      () => '\udfff',
      () => -1,
      () => 2 ** 53,
      () => 1e308,
      () => 0.5,
      () => true,
      () => null,
      () => [],
      () => ({}),
      () => Array(500).fill(pick(valid.ids)),
      () => JSON.parse(deepList(100)),
      () => globalId(pick(NODE_TYPES)),
      () => globalId(pick(NODE_TYPES), 'not-a-uuid'),
      () => Buffer.from(randomUUID()).toString('base64'),
      () => '%_%',
      () => 'Ključ Кључ 🌉',
    ])();
  // Walk down to a random object within the variables.
  let target: Record<string, unknown> = variables;
  for (;;) {
    const nested = Object.values(target).filter(
      (value): value is Record<string, unknown> =>
        typeof value === 'object' && value !== null && !Array.isArray(value),
    );
    if (!nested.length || Math.random() < 0.5) break;
    target = pick(nested);
  }
  const keys = Object.keys(target);
  const key =
    keys.length && Math.random() < 0.85 ? pick(keys) : `extra${Math.floor(Math.random() * 3)}`;
  if (Math.random() < 0.1) delete target[key];
  else target[key] = hostile();
}

async function send(server: BenchServer, attempt: Attempt, tally: Tally) {
  try {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(attempt.token && { authorization: `Bearer ${attempt.token}` }),
      },
      body: attempt.body,
    });
    const text = await response.text();
    const example = () => {
      if (tally.examples.length < 5) {
        tally.examples.push(
          `${response.status} ${attempt.body.slice(0, 160)} → ${text.slice(0, 200)}`,
        );
      }
    };
    if (response.status >= 500) {
      tally.status5xx += 1;
      example();
    }
    let body: { errors?: { extensions?: { code?: string } }[] } = {};
    try {
      body = JSON.parse(text);
    } catch {
      // 411/413 answers and the like; their status was checked above.
    }
    for (const error of body.errors ?? []) {
      const code = error.extensions?.code ?? '(none)';
      if (code === 'INTERNAL_SERVER_ERROR') {
        tally.internal += 1;
        example();
      } else if (!CODES.has(code)) {
        tally.otherCodes.set(code, (tally.otherCodes.get(code) ?? 0) + 1);
      }
    }
  } catch {
    tally.transportFailures += 1;
  }
}

await main();
