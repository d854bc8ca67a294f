// The virtual registrar through the API: a woman in Lucerne asks Ključ for her birth extract,
// confirms her e-mail from the message she receives (a real SMTP receiver), and follows the
// request live from RECEIVED to SENT; registrars of another municipality are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import {
  birthData,
  CONFIRM,
  REQUEST,
  startRegistrarFixture,
  TRACK,
  UPDATE,
  type RegistrarFixture,
  RUN,
} from '../../utils/registrar.js';
import { collect, subscribed, type TestServer } from '../../utils/server.js';
import type { SmtpReceiver } from '../../utils/smtp.js';

let fixture: RegistrarFixture;
let smtp: SmtpReceiver;
let app: TestServer;
let admin: string;
let ids: RegistrarFixture['ids'];
let tokens: RegistrarFixture['tokens'];
let birthRequest: RegistrarFixture['birthRequest'];
let confirmedRequest: RegistrarFixture['confirmedRequest'];
let verificationCodeFor: RegistrarFixture['verificationCodeFor'];

const EMAILS_PER_HOUR = 3;

beforeAll(async () => {
  fixture = await startRegistrarFixture({ requestsPerEmailPerHour: EMAILS_PER_HOUR });
  ({ smtp, app, admin, ids, tokens, birthRequest, confirmedRequest, verificationCodeFor } =
    fixture);
});
afterAll(() => fixture?.stop());

describe('the standard model', () => {
  it('is published; Ključ completes its adoption and the count of adopters grows', async () => {
    const figures =
      '{ registrarModel { publishedServiceCount adoptedCount inProgressCount adoptedPartnerCount partnerMunicipalityCount } }';
    const before = (await app.data(figures)).registrarModel;
    expect(before).toMatchObject({ publishedServiceCount: 5, adoptedCount: 2, inProgressCount: 1 });
    expect(before.partnerMunicipalityCount).toBeGreaterThanOrEqual(before.adoptedPartnerCount);

    // While in progress Ključ takes no requests.
    const early = await app.gql(REQUEST, { input: birthRequest(`rano.${RUN}@example.ch`) });
    expect(early.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(early.errors?.[0]?.message).toMatch(/^serviceId:/);

    const offer = await app.data(
      `mutation($input: OfferRegistrarServiceInput!) { offerRegistrarService(input: $input) {
        offer { fee { amount currency } processingDays deliveryOptions } } }`,
      {
        input: {
          municipalityId: ids.kljuc,
          serviceId: ids.birth,
          fee: '15.50',
          processingDays: 4,
          deliveryOptions: ['POST_ABROAD', 'EMAIL_SCAN_INFO_ONLY'],
        },
      },
      tokens.coordinator,
    );
    expect(offer.offerRegistrarService.offer).toEqual({
      fee: { amount: '15.50', currency: 'BAM' },
      processingDays: 4,
      deliveryOptions: ['POST_ABROAD', 'EMAIL_SCAN_INFO_ONLY'],
    });
    const adopted = await app.data(
      `mutation($input: AdoptRegistrarModelInput!) { adoptRegistrarModel(input: $input) {
        adoption { status registrarOffice offers { service { code } } } } }`,
      {
        input: {
          municipalityId: ids.kljuc,
          registrarOffice: 'Matični ured, Ključ',
          paymentInstructions: 'Račun Općine Ključ',
          complete: true,
        },
      },
      tokens.kljucRegistrar,
    );
    expect(adopted.adoptRegistrarModel.adoption).toMatchObject({
      status: 'ADOPTED',
      offers: [{ service: { code: 'BIRTH_REGISTER_EXTRACT' } }],
    });
    expect((await app.data(figures)).registrarModel).toMatchObject({
      adoptedCount: 3,
      inProgressCount: 0,
    });
  });

  it('is written by network administrators only; a registrar of Prijedor cannot set Ključ’s', async () => {
    const create = await app.gql(
      `mutation($input: CreateRegistrarServiceInput!) { createRegistrarService(input: $input) { service { id } } }`,
      {
        input: {
          code: 'X_TEST',
          name: 'Test',
          requiredData: [],
          deliveryOptions: ['POST_ABROAD'],
          fee: '1.00',
          processingDays: 1,
        },
      },
      tokens.kljucRegistrar,
    );
    expect(refusal(create)).toBe('FORBIDDEN');
    const adopt = await app.gql(
      `mutation($input: AdoptRegistrarModelInput!) { adoptRegistrarModel(input: $input) { adoption { id } } }`,
      {
        input: {
          municipalityId: ids.kljuc,
          registrarOffice: 'x',
          paymentInstructions: 'y',
          complete: false,
        },
      },
      tokens.prijedorRegistrar,
    );
    expect(refusal(adopt)).toBe('FORBIDDEN');
  });
});

describe('a request from Lucerne', () => {
  it('goes from the e-mailed code to SENT, live, with every change e-mailed', async () => {
    const email = `lejla.sehic.${RUN}@example.ch`;
    await app.data(REQUEST, { input: birthRequest(email) });
    // Unconfirmed, it is not in the queue.
    const queue = `query($s: String) { registrarRequests(search: $s) { totalCount edges { node { id requesterName overdue } } } }`;
    expect(
      (await app.data(queue, { s: 'sehic' }, tokens.kljucRegistrar)).registrarRequests.totalCount,
    ).toBe(0);

    const code = await verificationCodeFor(email);
    const { confirmRegistrarRequest } = await app.data(CONFIRM, {
      input: { verificationCode: code },
    });
    const trackingCode = confirmRegistrarRequest.trackingCode as string;
    expect(confirmRegistrarRequest.request).toMatchObject({
      status: 'RECEIVED',
      requesterName: 'Lejla Šehić',
    });
    expect(trackingCode.length).toBeGreaterThanOrEqual(43);
    // The code is not stored: nothing in the database holds it.
    const row = await app.server.database.prisma.registrarRequest.findUniqueOrThrow({
      where: {
        id: Buffer.from(confirmRegistrarRequest.request.id, 'base64').toString().split(':')[1]!,
      },
    });
    expect(JSON.stringify(row)).not.toContain(trackingCode.split('.')[1]);

    const client = app.wsClient();
    const live = await subscribed(app, () =>
      collect<any>(
        client,
        `subscription($code: String!) { registrarRequestChanged(trackingCode: $code) { status messages { text } } }`,
        { code: trackingCode },
      ),
    );

    const listed = (await app.data(queue, { s: 'SEHIC' }, tokens.kljucRegistrar)).registrarRequests;
    expect(listed.totalCount).toBe(1);
    expect(listed.edges[0].node).toMatchObject({ requesterName: 'Lejla Šehić', overdue: false });
    const id = listed.edges[0].node.id;

    const move = (input: Record<string, unknown>, token = tokens.kljucRegistrar) =>
      app.gql(UPDATE, { input: { id, ...input } }, token);
    expect(
      (await move({ status: 'IN_PROCESS', message: 'Uplata je zaprimljena.' })).data
        ?.updateRegistrarRequest.request.status,
    ).toBe('IN_PROCESS');
    await app.data(
      `mutation($input: SendRegistrarRequestMessageInput!) { sendRegistrarRequestMessage(input: $input) { request { status } } }`,
      { input: { trackingCode, text: 'Hvala, čekam.' } },
    );
    await move({ status: 'READY' });
    const wrong = await move({ status: 'IN_PROCESS' });
    expect(wrong.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      allowed: ['SENT', 'PICKED_UP'],
    });
    expect(wrong.errors?.[0]?.message).toMatch(/allowed: SENT, PICKED_UP/);
    await move({ status: 'SENT', message: 'Poslano poštom.' });

    const seen = await live.waitFor(4);
    expect(seen.map((r) => r.data?.registrarRequestChanged.status)).toEqual([
      'IN_PROCESS',
      'IN_PROCESS',
      'READY',
      'SENT',
    ]);
    live.unsubscribe();

    const tracked = (await app.data(TRACK, { code: trackingCode })).registrarRequest;
    expect(tracked).toMatchObject({ status: 'SENT', country: 'CH', email });
    expect(tracked.messages).toEqual([
      { fromRequester: true, status: 'RECEIVED', text: null },
      { fromRequester: false, status: 'IN_PROCESS', text: 'Uplata je zaprimljena.' },
      { fromRequester: true, status: null, text: 'Hvala, čekam.' },
      { fromRequester: false, status: 'READY', text: null },
      { fromRequester: false, status: 'SENT', text: 'Poslano poštom.' },
    ]);
    // Every change reached her inbox (her own message excepted), in English as she asked (the
    // worker sends several at once, so their order of arrival is not theirs).
    const changes = await smtp.waitForMailTo(email, /^Your request/, 3);
    expect(changes.map((mail) => mail.parsed.subject).sort()).toEqual([
      'Your request (Izvod iz matične knjige rođenih): document ready',
      'Your request (Izvod iz matične knjige rođenih): document sent',
      'Your request (Izvod iz matične knjige rođenih): in process',
    ]);
    const inProcess = changes.find((mail) => mail.parsed.subject?.endsWith('in process'));
    expect(inProcess!.parsed.text).toContain('Uplata je zaprimljena.');

    // The registrar's reads of her personal fields were audited; hers were not.
    const audits = await app.server.database.prisma.auditEvent.findMany({
      where: { kind: 'REGISTRAR_PERSONAL_DATA_READ' },
    });
    expect(audits.length).toBeGreaterThanOrEqual(1);
    expect(audits.every((audit) => audit.actorId !== null)).toBe(true);
  });

  it('refuses a registrar of another municipality (FORBIDDEN) and hides the request from them', async () => {
    const { id } = await confirmedRequest(`drugi.${RUN}@example.at`, { country: 'AT' });
    const update = await app.gql(
      UPDATE,
      { input: { id, status: 'IN_PROCESS' } },
      tokens.prijedorRegistrar,
    );
    expect(refusal(update)).toBe('FORBIDDEN');
    const queue = await app.gql(
      'query($m: ID) { registrarRequests(municipalityId: $m) { totalCount } }',
      { m: ids.kljuc },
      tokens.prijedorRegistrar,
    );
    expect(refusal(queue)).toBe('FORBIDDEN');
    const node = await app.gql(
      'query($id: ID!) { node(id: $id) { ... on RegistrarRequest { requesterName } } }',
      { id },
      tokens.prijedorRegistrar,
    );
    expect(node.data?.node?.requesterName ?? null).toBeNull();
    expect(node.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Administrators and coordinators do not read requests either.
    for (const token of [admin, tokens.coordinator]) {
      expect(refusal(await app.gql('{ registrarRequests { totalCount } }', {}, token))).toBe(
        'FORBIDDEN',
      );
    }
    // Prijedor's own registrar sees only Prijedor's queue (the demo's requests).
    const own = await app.data(
      '{ registrarRequests { edges { node { municipality { name } } } } }',
      {},
      tokens.prijedorRegistrar,
    );
    expect(new Set(own.registrarRequests.edges.map((e: any) => e.node.municipality.name))).toEqual(
      new Set(['Prijedor']),
    );
  });

  it('lets the requester cancel, and refuses a REJECTED without a reason', async () => {
    const { trackingCode, id } = await confirmedRequest(`otkaz.${RUN}@example.se`, {
      country: 'SE',
    });
    const noReason = await app.gql(
      UPDATE,
      { input: { id, status: 'REJECTED' } },
      tokens.kljucRegistrar,
    );
    expect(noReason.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cancelled = await app.data(
      `mutation($input: CancelRegistrarRequestInput!) { cancelRegistrarRequest(input: $input) { request { status closedAt } } }`,
      { input: { trackingCode, reason: 'Više mi ne treba.' } },
    );
    expect(cancelled.cancelRegistrarRequest.request.status).toBe('CANCELLED');
    const after = await app.gql(
      UPDATE,
      { input: { id, status: 'IN_PROCESS' } },
      tokens.kljucRegistrar,
    );
    expect(after.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', allowed: [] });
  });
});

describe('the registrar’s moves', () => {
  it('lets one of two simultaneous moves win (the other is CONFLICT) and refuses empty ones', async () => {
    const { id } = await confirmedRequest(`istovremeno.${RUN}@example.ch`);
    const results = await Promise.all(
      [1, 2].map(() =>
        app.gql(UPDATE, { input: { id, status: 'IN_PROCESS' } }, tokens.kljucRegistrar),
      ),
    );
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok').sort()).toEqual([
      'CONFLICT',
      'ok',
    ]);
    const empty = await app.gql(UPDATE, { input: { id } }, tokens.kljucRegistrar);
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cancel = await app.gql(
      UPDATE,
      { input: { id, status: 'CANCELLED' } },
      tokens.kljucRegistrar,
    );
    expect(cancel.errors?.[0]?.message).toMatch(/^status: only the requester/);
    const { node } = await app.data(
      'query($id: ID!) { node(id: $id) { ... on RegistrarRequest { status messages { status } } } }',
      { id },
      tokens.kljucRegistrar,
    );
    expect(node).toEqual({
      status: 'IN_PROCESS',
      messages: [{ status: 'RECEIVED' }, { status: 'IN_PROCESS' }],
    });
  });
});

describe('personal data', () => {
  it('audits each staff read of personal fields, once per request and operation', async () => {
    const { id, trackingCode } = await confirmedRequest(`revizija.${RUN}@example.ch`);
    const requestId = Buffer.from(id, 'base64').toString().split(':')[1]!;
    const audits = () =>
      app.server.database.prisma.auditEvent.count({
        where: {
          kind: 'REGISTRAR_PERSONAL_DATA_READ',
          details: { path: ['requestId'], equals: requestId },
        },
      });
    const read = (fields: string) =>
      app.data(
        `query($id: ID!) { node(id: $id) { ... on RegistrarRequest { ${fields} } } }`,
        { id },
        tokens.kljucRegistrar,
      );
    await read('status country dueOn');
    expect(await audits()).toBe(0);
    await read('requesterName email phone data { field value } deliveryAddress');
    expect(await audits()).toBe(1);
    await read('messages { text }');
    expect(await audits()).toBe(2);
    // The requester reading her own request is not audited.
    await app.data(TRACK, { code: trackingCode });
    expect(await audits()).toBe(2);
  });
});

describe('codes, abuse and bad input', () => {
  it('answers a wrong, forged or expired code exactly like a missing one', async () => {
    const { trackingCode } = await confirmedRequest(`kod.${RUN}@example.ca`, { country: 'CA' });
    const [id, secret] = trackingCode.split('.');
    const flipped = `${id}.${secret!.slice(0, -1)}${secret!.endsWith('A') ? 'B' : 'A'}`;
    const unknownId = `00000000-0000-4000-8000-000000000000.${secret}`;
    for (const code of [flipped, unknownId, 'nonsense', '']) {
      expect(await app.gql(TRACK, { code })).toEqual({ data: { registrarRequest: null } });
    }
    // A live subscription with a wrong code: NOT_FOUND, the same for every wrong code.
    const codes = await Promise.all(
      [flipped, unknownId].map(async (code) => {
        const response = await app.gql(
          'subscription($code: String!) { registrarRequestChanged(trackingCode: $code) { status } }',
          { code },
        );
        return response.errors?.[0]?.extensions?.code;
      }),
    );
    expect(new Set(codes)).toEqual(new Set(['NOT_FOUND']));

    // An unconfirmed request's code expires after 24 hours.
    await app.data(REQUEST, { input: birthRequest(`spor.${RUN}@example.ch`) });
    const late = await verificationCodeFor(`spor.${RUN}@example.ch`);
    await app.server.database.prisma.registrarRequest.update({
      where: { id: late.split('.')[0] },
      data: { createdAt: new Date(Date.now() - 25 * 3600_000) },
    });
    const expired = await app.gql(CONFIRM, { input: { verificationCode: late } });
    expect(refusal(expired)).toBe('NOT_FOUND');
  });

  it('confirms once when the link is followed twice at the same time', async () => {
    await app.data(REQUEST, { input: birthRequest(`dvaput.${RUN}@example.ch`) });
    const code = await verificationCodeFor(`dvaput.${RUN}@example.ch`);
    const results = await Promise.all(
      [1, 2].map(() => app.gql(CONFIRM, { input: { verificationCode: code } })),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok').sort();
    expect(codes).toEqual(['NOT_FOUND', 'ok']);
  });

  it('names the field of bad input and writes nothing', async () => {
    const prisma = app.server.database.prisma;
    // Counted by this test's own address: the retention sweep (every 200 ms here) may delete
    // another test's backdated request meanwhile, which made a count of all requests flaky.
    const email = `los.${RUN}@example.ch`;
    const written = () => prisma.registrarRequest.count({ where: { email } });
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ data: birthData.slice(1) }, /^data: missing FULL_NAME/],
      [
        { data: [...birthData, { field: 'SPOUSE_NAME', value: 'x' }] },
        /^data: SPOUSE_NAME is not asked/,
      ],
      [{ country: 'Switzerland' }, /country/],
      [{ email: 'not-an-address' }, /email/],
      [{ deliveryOption: 'PICKUP_BY_AUTHORISED_PERSON' }, /^deliveryOption:/],
      [{ deliveryAddress: null }, /^deliveryAddress:/],
      [{ serviceId: ids.citizenship }, /^serviceId:/],
    ];
    for (const [overrides, message] of cases) {
      const result = await app.gql(REQUEST, { input: birthRequest(email, overrides) });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(message);
    }
    expect(await written()).toBe(0);
    // The same address with nothing wrong is written, so the count above could see it.
    await app.data(REQUEST, { input: birthRequest(email) });
    expect(await written()).toBe(1);
  });

  it('limits requests per e-mail address: FORBIDDEN with reason TOO_MANY_REQUESTS', async () => {
    const email = `cesto.${RUN}@example.at`;
    for (let i = 0; i < EMAILS_PER_HOUR; i++) {
      await app.data(REQUEST, { input: birthRequest(email) });
    }
    const refused = await app.gql(REQUEST, { input: birthRequest(email) });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'TOO_MANY_REQUESTS',
    });
    expect((refused.errors?.[0]?.extensions as any).retryAfterSeconds).toBeGreaterThan(0);
    // Another address is not held back.
    expect(
      (await app.data(REQUEST, { input: birthRequest(`drugacija.${RUN}@example.at`) }))
        .requestRegistrarDocument.verificationSent,
    ).toBe(true);
  });
});
