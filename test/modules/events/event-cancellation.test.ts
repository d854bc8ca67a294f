// Cancelling an event through the API: the participants hear of it at a real SMTP receiver,
// the event stays readable as cancelled, refuses registration, and calendars mark it.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from '../../utils/assertions.js';
import { firstId, programmeId } from '../../utils/lookup.js';
import type { TestServer } from '../../utils/server.js';
import { startServerWithMailbox, type SmtpReceiver } from '../../utils/smtp.js';

let smtp: SmtpReceiver;
let app: TestServer;
let admin: string;
let stop: () => Promise<void>;
const KLJUC = 'koordinator.kljuc@veza.test';
const ZENICA = 'koordinator.zenica@veza.test';
const ids = {} as Record<'d4d' | 'kljuc' | 'kljucPerson' | 'zenicaPerson', string>;

const createEvent = `mutation($input: CreateEventInput!) { createEvent(input: $input) { event { id } } }`;
const cancel = `mutation($input: CancelEventInput!) {
  cancelEvent(input: $input) {
    event { id cancelled cancelledAt cancellationReason registrationOpen title }
  }
}`;
const register = `mutation($input: RegisterParticipantInput!) {
  registerParticipant(input: $input) { participant { id status } } }`;

async function newEvent(title: string, extra: Record<string, unknown> = {}, token = admin) {
  const { createEvent: created } = await app.data<{ createEvent: { event: { id: string } } }>(
    createEvent,
    {
      input: {
        kind: 'WORKSHOP',
        title,
        programmeId: ids.d4d,
        startsOn: '2027-05-10',
        endsOn: '2027-05-11',
        published: true,
        ...extra,
      },
    },
    token,
  );
  return created.event.id;
}

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

beforeAll(async () => {
  ({ smtp, app, admin, stop } = await startServerWithMailbox({ inProcess: true }));
  ids.d4d = await programmeId(app, 'D4D');
  ids.kljuc = await firstId(app, 'municipalities', 'kljuc');
  ids.kljucPerson = await firstId(app, 'people', 'Koordinator za dijasporu, Ključ', admin);
  ids.zenicaPerson = await firstId(app, 'people', 'Koordinator za dijasporu, Zenica', admin);
});
afterAll(() => stop?.());

describe('cancelEvent', () => {
  it('keeps the event readable as cancelled, tells the registered and the waiting by e-mail', async () => {
    const eventId = await newEvent('Radionica u Žepču', { capacity: 1 });
    const first = await app.data<any>(
      register,
      { input: { eventId, personId: ids.kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
      admin,
    );
    const second = await app.data<any>(
      register,
      { input: { eventId, personId: ids.zenicaPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
      admin,
    );
    expect(second.registerParticipant.participant.status).toBe('WAITLISTED');

    const before = Date.now();
    const { cancelEvent } = await app.data<any>(
      cancel,
      { input: { eventId, reason: 'Nedovoljan broj prijava – čekamo proljeće' } },
      admin,
    );
    expect(cancelEvent.event).toMatchObject({
      id: eventId,
      cancelled: true,
      cancellationReason: 'Nedovoljan broj prijava – čekamo proljeće',
      registrationOpen: false,
    });
    expect(Date.parse(cancelEvent.event.cancelledAt)).toBeGreaterThanOrEqual(before - 1_000);

    for (const coordinator of [KLJUC, ZENICA]) {
      const [mail] = await smtp.waitForMailTo(coordinator, 'Otkazano: Radionica u Žepču');
      expect(mail!.parsed.text).toContain(
        'Događaj „Radionica u Žepču” (početak 10.5.2027.) je otkazan.',
      );
      expect(mail!.parsed.text).toContain('Razlog: Nedovoljan broj prijava – čekamo proljeće');
    }
    // …and in their inbox.
    const kljuc = await app.signIn(KLJUC);
    const inbox = await app.data<any>(
      '{ notifications(first: 20) { edges { node { kind } } } }',
      {},
      kljuc,
    );
    expect(inbox.notifications.edges.map((edge: any) => edge.node.kind)).toContain(
      'EVENT_CANCELLED',
    );

    // The public still reads it, cancelled, with its reason.
    const read = await app.data<any>(
      `query($id: ID!) { node(id: $id) { ... on Event { title cancelled cancellationReason } } }`,
      { id: eventId },
    );
    expect(read.node).toEqual({
      title: 'Radionica u Žepču',
      cancelled: true,
      cancellationReason: 'Nedovoljan broj prijava – čekamo proljeće',
    });

    // Nobody registers any more, not even its managers; a freed seat admits nobody.
    const late = await app.gql(
      register,
      {
        input: {
          eventId,
          organizationId: await firstId(app, 'organizations', 'kosmos'),
          stakeholderGroup: 'DIASPORA',
        },
      },
      admin,
    );
    expect(refusal(late)).toBe('CONFLICT');
    await app.data(
      `mutation($input: CancelRegistrationInput!) { cancelRegistration(input: $input) { participant { status } } }`,
      { input: { participantId: first.registerParticipant.participant.id } },
      admin,
    );
    const waiting = await app.data<any>(
      `query($id: ID!) { node(id: $id) { ... on EventParticipant { status } } }`,
      { id: second.registerParticipant.participant.id },
      admin,
    );
    expect(waiting.node.status).toBe('WAITLISTED');

    // A second cancellation is refused and notifies nobody again.
    expect(refusal(await app.gql(cancel, { input: { eventId } }, admin))).toBe('CONFLICT');
    const deliveries = await app.server.database.prisma.delivery.count({
      where: { kind: 'EVENT_CANCELLED', data: { path: ['eventId'], equals: rawId(eventId) } },
    });
    expect(deliveries).toBe(2);
  });

  it('is listed and filtered, and marked CANCELLED in the event file and the programme feed', async () => {
    const eventId = await newEvent('Biznis kafa – otkazana');
    await app.data(cancel, { input: { eventId } }, admin);
    const listed = async (cancelled: boolean) =>
      (
        await app.data<any>(
          `query($c: Boolean, $p: ID) { events(first: 100, cancelled: $c, programmeId: $p) {
            edges { node { id } } } }`,
          { c: cancelled, p: ids.d4d },
        )
      ).events.edges.map((edge: any) => edge.node.id);
    expect(await listed(true)).toContain(eventId);
    expect(await listed(false)).not.toContain(eventId);

    const file = await fetch(
      new URL(`/calendars/event.ics?eventId=${encodeURIComponent(eventId)}`, app.url),
    );
    expect(file.status).toBe(200);
    const [entry] = new ICAL.Component(ICAL.parse(await file.text())).getAllSubcomponents('vevent');
    expect(entry!.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(entry!.getFirstPropertyValue('summary')).toBe('OTKAZANO: Biznis kafa – otkazana');

    const feed = await fetch(
      new URL(`/calendars/programme.ics?programmeId=${encodeURIComponent(ids.d4d)}`, app.url),
    );
    const entries = new ICAL.Component(ICAL.parse(await feed.text())).getAllSubcomponents('vevent');
    const inFeed = entries.find((vevent) =>
      String(vevent.getFirstPropertyValue('uid')).startsWith(eventId),
    );
    expect(inFeed?.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it('of two cancellations at once, one wins and the other is told CONFLICT', async () => {
    const eventId = await newEvent('Dvostruko otkazivanje');
    await app.data(
      register,
      { input: { eventId, personId: ids.kljucPerson, stakeholderGroup: 'MUNICIPAL_AUTHORITY' } },
      admin,
    );
    const results = await Promise.all(
      ['prvi', 'drugi'].map((reason) => app.gql(cancel, { input: { eventId, reason } }, admin)),
    );
    const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'ok').sort();
    expect(codes).toEqual(['CONFLICT', 'ok']);
    const winner = results.find((result) => !result.errors)!.data!.cancelEvent.event;
    const stored = await app.data<any>(
      `query($id: ID!) { node(id: $id) { ... on Event { cancellationReason } } }`,
      { id: eventId },
    );
    expect(stored.node.cancellationReason).toBe(winner.cancellationReason);
    const deliveries = await app.server.database.prisma.delivery.count({
      where: { kind: 'EVENT_CANCELLED', data: { path: ['eventId'], equals: rawId(eventId) } },
    });
    expect(deliveries).toBe(1);
  });

  it('lets the host municipality’s coordinator cancel the event it hosts', async () => {
    const kljuc = await app.signIn(KLJUC);
    const eventId = await newEvent(
      'Dani dijaspore – Ključ',
      { programmeId: null, hostMunicipalityId: ids.kljuc },
      kljuc,
    );
    const { cancelEvent } = await app.data<any>(cancel, { input: { eventId } }, kljuc);
    expect(cancelEvent.event).toMatchObject({ cancelled: true, cancellationReason: null });
  });

  it('refuses the public, other coordinators and bad input, and writes nothing', async () => {
    const eventId = await newEvent('Ostaje na snazi');
    const zenica = await app.signIn(ZENICA);
    expect(refusal(await app.gql(cancel, { input: { eventId } }))).toBe('UNAUTHENTICATED');
    expect(refusal(await app.gql(cancel, { input: { eventId } }, zenica))).toBe('FORBIDDEN');

    const tooLong = await app.gql(cancel, { input: { eventId, reason: 'x'.repeat(2001) } }, admin);
    expect(refusal(tooLong)).toBe('BAD_USER_INPUT');
    expect(tooLong.errors![0]!.message).toContain('reason');
    const notAnEvent = await app.gql(cancel, { input: { eventId: ids.d4d } }, admin);
    expect(refusal(notAnEvent)).toBe('BAD_USER_INPUT');
    const missing = Buffer.from('Event:00000000-0000-4000-8000-000000000000').toString('base64');
    expect(refusal(await app.gql(cancel, { input: { eventId: missing } }, admin))).toBe(
      'NOT_FOUND',
    );

    const still = await app.data<any>(
      `query($id: ID!) { node(id: $id) { ... on Event { cancelled cancelledAt registrationOpen } } }`,
      { id: eventId },
    );
    expect(still.node).toEqual({ cancelled: false, cancelledAt: null, registrationOpen: true });
  });
});
