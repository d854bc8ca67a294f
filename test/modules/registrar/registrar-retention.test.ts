// The virtual registrar's data over time: the retention sweep erases a closed request's
// personal fields and keeps its statistics; unconfirmed requests expire after 24 hours; overdue
// requests are flagged and counted; the requester also follows changes over Server-Sent Events.
import { randomInt } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { sweepRegistrarRequests } from '../../../src/modules/registrar/sweep.js';
import {
  REQUEST,
  TRACK,
  UPDATE,
  startRegistrarFixture,
  type RegistrarFixture,
  RUN,
} from '../../utils/registrar.js';
import { startTestServer, subscribed } from '../../utils/server.js';

let f: RegistrarFixture;
const DAY_MS = 24 * 3600 * 1000;
const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;
const READ = `query($id: ID!) { node(id: $id) { ... on RegistrarRequest {
  status country createdAt verifiedAt closedAt erasedAt requesterName email phone deliveryAddress
  rejectionReason data { field value } service { code } municipality { name }
  messages { fromRequester status text } } } }`;

beforeAll(async () => {
  f = await startRegistrarFixture({}, { inProcess: true });
  await f.adoptForKljuc();
});
afterAll(() => f?.stop());

describe('the retention sweep', () => {
  it('erases personal fields of requests closed longer ago than the retention, keeps the statistics', async () => {
    const prisma = f.app.server.database.prisma;
    const old = await f.confirmedRequest(`stara.${RUN}@example.ch`);
    const recent = await f.confirmedRequest(`nova.${RUN}@example.at`, { country: 'AT' });
    for (const { id } of [old, recent]) {
      await f.app.data(
        UPDATE,
        { input: { id, status: 'REJECTED', message: 'Nedostaje izvod oca.' } },
        f.tokens.kljucRegistrar,
      );
    }
    await f.app.data(
      `mutation($input: SendRegistrarRequestMessageInput!) { sendRegistrarRequestMessage(input: $input) { request { id } } }`,
      { input: { trackingCode: old.trackingCode, text: 'Šaljem ponovo, Lejla' } },
    );
    await f.smtp.waitForMailTo(`stara.${RUN}@example.ch`, /^Your request/);
    await prisma.registrarRequest.update({
      where: { id: rawId(old.id) },
      data: { closedAt: new Date(Date.now() - 91 * DAY_MS) },
    });
    const before = (await f.app.data(READ, { id: old.id }, f.tokens.kljucRegistrar)).node;

    // The server's own sweep (every NOTIFICATIONS_SWEEP_MS, 200 ms here) may be first.
    await sweepRegistrarRequests(prisma, { retentionDays: 90 });

    const after = (await f.app.data(READ, { id: old.id }, f.tokens.kljucRegistrar)).node;
    expect(after).toMatchObject({
      status: 'REJECTED',
      country: 'CH',
      createdAt: before.createdAt,
      verifiedAt: before.verifiedAt,
      closedAt: before.closedAt,
      service: { code: 'BIRTH_REGISTER_EXTRACT' },
      municipality: { name: 'Ključ' },
      requesterName: null,
      email: null,
      phone: null,
      deliveryAddress: null,
      rejectionReason: null,
      data: null,
    });
    expect(after.erasedAt).not.toBeNull();
    expect(after.messages.map((m: any) => [m.status, m.text])).toEqual([
      ['RECEIVED', null],
      ['REJECTED', null],
      [null, null],
    ]);
    // Nothing of hers is left in the database: not in the request, not in the outbox.
    const row = await prisma.registrarRequest.findUniqueOrThrow({ where: { id: rawId(old.id) } });
    expect(JSON.stringify(row)).not.toMatch(/Šehić|stara\.|Pilatus|Hasan/);
    expect(row.trackingHash).toBeNull();
    const deliveries = await prisma.delivery.findMany({
      where: { email: `stara.${RUN}@example.ch` },
    });
    expect(deliveries).toEqual([]);
    // Her tracking code now opens nothing, like any wrong code.
    expect(await f.app.gql(TRACK, { code: old.trackingCode })).toEqual({
      data: { registrarRequest: null },
    });
    // The recently closed one keeps its data; a second sweep changes nothing.
    expect((await f.app.data(TRACK, { code: recent.trackingCode })).registrarRequest.email).toBe(
      `nova.${RUN}@example.at`,
    );
    expect(await sweepRegistrarRequests(prisma, { retentionDays: 90 })).toMatchObject({
      erased: 0,
    });
    // Statistics still count it: the model's figures and the queue by status.
    const rejected = await f.app.data(
      '{ registrarRequests(status: REJECTED) { totalCount } }',
      {},
      f.tokens.kljucRegistrar,
    );
    expect(rejected.registrarRequests.totalCount).toBe(2);
    // The erased request is closed for good.
    const write = await f.app.gql(
      UPDATE,
      { input: { id: old.id, message: 'Još nešto' } },
      f.tokens.kljucRegistrar,
    );
    expect(write.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('deletes requests never confirmed after 24 hours, with their e-mails', async () => {
    const prisma = f.app.server.database.prisma;
    await f.app.data(REQUEST, {
      input: f.birthRequest(`nepotvrdjena.${RUN}@example.se`, { country: 'SE' }),
    });
    const code = await f.verificationCodeFor(`nepotvrdjena.${RUN}@example.se`);
    const id = code.split('.')[0]!;
    await sweepRegistrarRequests(prisma, { retentionDays: 90 });
    expect(await prisma.registrarRequest.findUnique({ where: { id } })).not.toBeNull();
    await prisma.registrarRequest.update({
      where: { id },
      data: { createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    await sweepRegistrarRequests(prisma, { retentionDays: 90 });
    expect(await prisma.registrarRequest.findUnique({ where: { id } })).toBeNull();
    expect(
      await prisma.delivery.count({ where: { email: `nepotvrdjena.${RUN}@example.se` } }),
    ).toBe(0);
  });
});

describe('the queue', () => {
  it('flags and counts requests past their processing days', async () => {
    const prisma = f.app.server.database.prisma;
    const late = await f.confirmedRequest(`kasni.${RUN}@example.ca`, { country: 'CA' });
    const summary = '{ registrarQueueSummary { open overdue } }';
    const before = (await f.app.data(summary, {}, f.tokens.kljucRegistrar)).registrarQueueSummary;
    await prisma.registrarRequest.update({
      where: { id: rawId(late.id) },
      data: { dueOn: new Date(Date.now() - 3 * DAY_MS) },
    });
    const after = (await f.app.data(summary, {}, f.tokens.kljucRegistrar)).registrarQueueSummary;
    expect(after).toEqual({ open: before.open, overdue: before.overdue + 1 });
    const overdue = await f.app.data(
      '{ registrarRequests(overdue: true) { totalCount edges { node { id overdue } } } }',
      {},
      f.tokens.kljucRegistrar,
    );
    expect(overdue.registrarRequests.edges).toContainEqual({
      node: { id: late.id, overdue: true },
    });
    expect(overdue.registrarRequests.edges.every((e: any) => e.node.overdue)).toBe(true);
    // Ready for pick-up is no longer overdue.
    for (const status of ['IN_PROCESS', 'READY']) {
      await f.app.data(UPDATE, { input: { id: late.id, status } }, f.tokens.kljucRegistrar);
    }
    const done = (await f.app.data(summary, {}, f.tokens.kljucRegistrar)).registrarQueueSummary;
    expect(done.overdue).toBe(before.overdue);
    // The demo's request from Canada waits in Sanski Most past its days: not Ključ's to count.
    expect(
      await prisma.registrarRequest.count({ where: { country: 'CA', status: 'RECEIVED' } }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('sends the requester each change over Server-Sent Events too', async () => {
    const { id, trackingCode } = await f.confirmedRequest(`sse.${RUN}@example.ch`);
    const abort = new AbortController();
    const response = await subscribed(f.app, () =>
      f.app.eventStream(
        'subscription($code: String!) { registrarRequestChanged(trackingCode: $code) { status } }',
        { code: trackingCode },
        undefined,
        abort.signal,
      ),
    );
    expect(response.status).toBe(200);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    await f.app.data(UPDATE, { input: { id, status: 'IN_PROCESS' } }, f.tokens.kljucRegistrar);
    let stream = '';
    while (!stream.includes('IN_PROCESS')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended');
      stream += value;
    }
    const data = /^data: (.*IN_PROCESS.*)$/m.exec(stream)?.[1];
    expect(JSON.parse(data!)).toEqual({
      data: { registrarRequestChanged: { status: 'IN_PROCESS' } },
    });
    abort.abort();
  });
});

describe('the per-address limit', () => {
  /** POSTs from another loopback address (a client of its own, whatever earlier runs did). */
  function postFrom(url: string, localAddress: string, body: unknown) {
    return new Promise<any>((resolve, reject) => {
      const request = http.request(
        url,
        { method: 'POST', localAddress, headers: { 'content-type': 'application/json' } },
        (response) => {
          let text = '';
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve(JSON.parse(text)));
        },
      );
      request.on('error', reject);
      request.end(JSON.stringify(body));
    });
  }

  it('refuses a client address past its hourly number of requests, whatever the e-mail', async () => {
    const app = await startTestServer({
      inProcess: true,
      config: { registrar: { ...loadConfig({}).registrar, requestsPerAddressPerHour: 2 } },
    });
    try {
      const prijedor = (
        await app.data('{ municipalities(search: "prijedor") { edges { node { id } } } }')
      ).municipalities.edges[0].node.id;
      const { registrarModel } = await app.data('{ registrarModel { services { id code } } }');
      const serviceId = registrarModel.services.find(
        (s: any) => s.code === 'BIRTH_REGISTER_EXTRACT',
      ).id;
      const input = (n: number) =>
        f.birthRequest(`adresa${n}.${RUN}@example.ch`, { municipalityId: prijedor, serviceId });
      const client = `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(2, 255)}`;
      const answers = [];
      for (const n of [1, 2, 3]) {
        answers.push(
          await postFrom(app.url, client, { query: REQUEST, variables: { input: input(n) } }),
        );
      }
      expect(answers.slice(0, 2)).toEqual([
        { data: { requestRegistrarDocument: { verificationSent: true } } },
        { data: { requestRegistrarDocument: { verificationSent: true } } },
      ]);
      expect(answers[2].errors[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        reason: 'TOO_MANY_REQUESTS',
      });
      // Another client is not held back.
      const other = await postFrom(app.url, '127.0.0.1', {
        query: REQUEST,
        variables: { input: input(4) },
      });
      expect(other.data?.requestRegistrarDocument).toEqual({ verificationSent: true });
    } finally {
      await app.stop();
    }
  });
});
