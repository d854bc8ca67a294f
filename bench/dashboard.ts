// Dashboard benchmark (issue 8): 500 subscribers watch one programme's dashboard while 1,000
// changes arrive in 10 s (100/s: consenting diaspora members added in its partner
// municipalities). Prints pushes per subscriber per second (goal: at most 1), beside the
// baseline of one push per change, how late the last state arrives, and whether the last state
// every subscriber holds equals the programmeDashboard query's answer afterwards.
// The server runs in its own process on the embedded database (demo data), or on DATABASE_URL
// (an empty database: demo data is loaded) and REDIS_URL when set.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type Client, createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import { startServerProcess } from './server-process.js';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 500);
const CHANGES = Number(process.env.BENCH_CHANGES ?? 1_000);
const BURST_SECONDS = 10;
const IN_FLIGHT = 16;

const dashboardFields = `computedAt
  partners { total active byCohort { cohort joinedOn partners active }
             byAdministrativeUnit { administrativeUnit partners } }
  diaspora { mapped byCountry { key count } byInterest { key count } }
  events { held upcoming byKind { kind held upcoming } }`;

const countries = ['AT', 'CH', 'DE', 'SE', 'US', 'CA', 'AU', 'NL', 'NO', 'SI'];
const interests = ['INVESTMENT', 'MENTORING', 'CULTURE', 'PHILANTHROPY', 'KNOWLEDGE_TRANSFER'];

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const withoutTime = ({ computedAt: _at, ...figures }: Record<string, unknown>) => figures;

interface Watcher {
  client: Client;
  arrivals: number[];
  /** computedAt of each dashboard received: when the server made it. */
  computed: number[];
  last: Record<string, unknown> | undefined;
  failed: unknown;
}

async function main() {
  const dir = await mkdtemp(path.join(tmpdir(), 'veza-bench-'));
  // The server's own errors, so that a failed change can be told apart from a slow one.
  const server = await startServerProcess(path.join(dir, 'pglite'), (line) => {
    if (/"level":(50|60)/.test(line)) console.error(`server: ${line.slice(0, 600)}`);
  });
  const gql = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const body = (await server.gql(query, variables, token)) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const signIn = async (email: string) =>
    (
      await gql('mutation($i: SignInInput!) { signIn(input: $i) { token } }', {
        i: { email, password: 'veza-demo' },
      })
    ).signIn.token as string;
  const [admin, partner] = await Promise.all([
    signIn('admin@veza.test'),
    signIn('partner@veza.test'),
  ]);
  const programme = (
    await gql(
      '{ programmes(search: "D4D") { edges { node { id partners(first: 50) { edges { node { municipality { id } } } } } } } }',
      {},
    )
  ).programmes.edges[0].node;
  const homes: string[] = programme.partners.edges.map((e: any) => e.node.municipality.id);

  console.log(
    `dashboard: ${SUBSCRIBERS} subscribers of one programme, ${CHANGES} changes in ${BURST_SECONDS} s ` +
      `(${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}${process.env.REDIS_URL ? ' + Redis' : ''})`,
  );
  const watchers: Watcher[] = [];
  const subscribed: Promise<void>[] = [];
  for (let i = 0; i < SUBSCRIBERS; i += 1) {
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${partner}` },
    });
    const watcher: Watcher = {
      client,
      arrivals: [],
      computed: [],
      last: undefined,
      failed: undefined,
    };
    watchers.push(watcher);
    subscribed.push(
      new Promise<void>((resolve) => {
        client.subscribe(
          {
            query: `subscription($id: ID!) { dashboardUpdated(programmeId: $id) { ${dashboardFields} } }`,
            variables: { id: programme.id },
          },
          {
            next: (result) => {
              if (result.errors) watcher.failed = result.errors;
              watcher.arrivals.push(Date.now());
              watcher.last = (result.data as any)?.dashboardUpdated;
              if (watcher.last)
                watcher.computed.push(Date.parse(watcher.last.computedAt as string));
              resolve();
            },
            error: (error) => {
              watcher.failed = error;
              resolve();
            },
            complete: () => resolve(),
          },
        );
      }),
    );
    // Connect gradually: a burst of 500 handshakes is not what this measures.
    if (i % 50 === 49) await sleep(100);
  }
  await Promise.all(subscribed);
  await sleep(1_500); // past the first push's interval

  const started = Date.now();
  const ackDelays: number[] = [];
  const pending = new Set<Promise<void>>();
  for (let i = 0; i < CHANGES; i += 1) {
    const due = started + (i * BURST_SECONDS * 1_000) / CHANGES;
    if (due > Date.now()) await sleep(due - Date.now());
    // A bounded number in flight: a server that falls behind stretches the burst instead of
    // timing requests out.
    while (pending.size >= IN_FLIGHT) await Promise.race(pending);
    const sent = Date.now();
    const change = gql(
      `mutation($input: CreateDiasporaMemberInput!) { createDiasporaMember(input: $input) { member { id } } }`,
      {
        input: {
          homeMunicipalityId: homes[i % homes.length],
          country: countries[i % countries.length],
          interests: [interests[i % interests.length]],
          consent: { scope: 'MAPPING' },
        },
      },
      admin,
    ).then(() => {
      ackDelays.push(Date.now() - sent);
      pending.delete(change);
    });
    pending.add(change);
  }
  await Promise.all(pending);
  const lastChangeAt = Date.now();
  const burstSeconds = (lastChangeAt - started) / 1_000;
  await sleep(2_500); // the trailing push
  const expected = withoutTime(
    (
      await gql(
        `query($id: ID!) { programmeDashboard(programmeId: $id) { ${dashboardFields} } }`,
        { id: programme.id },
        partner,
      )
    ).programmeDashboard,
  );

  const windowSeconds = (lastChangeAt + 2_500 - started) / 1_000;
  const failed = watchers.filter((w) => w.failed).length;
  const perSubscriber = watchers.map((w) => w.arrivals.filter((t) => t >= started).length);
  const rates = perSubscriber.map((pushes) => pushes / windowSeconds);
  const gaps = watchers.flatMap((w) =>
    w.arrivals.filter((t) => t >= started).map((t, i, list) => (i ? t - list[i - 1]! : Infinity)),
  );
  const minGap = Math.min(...gaps.filter(Number.isFinite));
  const computedGaps = watchers.flatMap((w) =>
    w.computed.filter((t) => t >= started).map((t, i, list) => (i ? t - list[i - 1]! : Infinity)),
  );
  const minComputedGap = Math.min(...computedGaps.filter(Number.isFinite));
  const lastArrival = watchers.map((w) => (w.arrivals.at(-1) ?? NaN) - lastChangeAt);
  const upToDate = watchers.filter(
    (w) => w.last && isDeepStrictEqual(withoutTime(w.last), expected),
  ).length;
  const pushes = perSubscriber.reduce((a, b) => a + b, 0);

  console.log(
    `changes: ${CHANGES} in ${burstSeconds.toFixed(1)} s (${(CHANGES / burstSeconds).toFixed(0)}/s, at most ${IN_FLIGHT} in flight)`,
  );
  console.log(
    `changes acknowledged: p50 ${percentile(ackDelays, 50)} ms, p99 ${percentile(ackDelays, 99)} ms`,
  );
  console.log(
    `pushes per subscriber: ${Math.min(...perSubscriber)}–${Math.max(...perSubscriber)} in ${windowSeconds.toFixed(1)} s; ` +
      `max ${Math.max(...rates).toFixed(2)}/s; closest two ${minComputedGap} ms apart as computed, ` +
      `${minGap} ms as received`,
  );
  console.log(
    `baseline, one push per change: ${CHANGES} per subscriber (${(CHANGES / BURST_SECONDS).toFixed(0)}/s); ` +
      `coalesced: ${(pushes / SUBSCRIBERS).toFixed(1)} per subscriber, ${((100 * pushes) / (SUBSCRIBERS * CHANGES)).toFixed(2)}% of the baseline's pushes`,
  );
  console.log(
    `last push after the last change's acknowledgement: p50 ${percentile(lastArrival, 50)} ms, p99 ${percentile(lastArrival, 99)} ms`,
  );
  console.log(
    `subscribers whose last state equals the query: ${upToDate}/${SUBSCRIBERS}${failed ? ` (${failed} failed)` : ''}`,
  );
  const rateMet = Math.max(...rates) <= 1 && minComputedGap >= 1_000;
  console.log(
    `goal: at most 1 push per subscriber per second (and no two dashboards computed < 1 s apart): ${rateMet ? 'met' : 'NOT met'}`,
  );
  console.log(
    `goal: every subscriber's last state equals the query: ${upToDate === SUBSCRIBERS ? 'met' : 'NOT met'}`,
  );

  await Promise.all(watchers.map((w) => w.client.dispose()));
  await server.stop();
  await rm(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
