// Who takes part in an event: registration with capacity and a waiting list, and attendance
// per day.
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import {
  type EventParticipant,
  RegistrationStatus,
  StakeholderGroup,
} from '../../generated/prisma/client.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { PersonNode } from '../people/schema.js';
import { recordPayload } from '../payload.js';
import { EventNode } from './schema.js';
import { canReadEventById } from './access.js';
import {
  acceptParticipant,
  cancelRegistration,
  recordAttendance,
  register,
  registersFor,
  requireManager,
} from './service.js';

// --- Types -----------------------------------------------------------------------------------

export const StakeholderGroupEnum = builder.enumType(StakeholderGroup, {
  name: 'StakeholderGroup',
  description: 'The part of society a participant comes from, as events count them.',
  values: {
    MUNICIPAL_AUTHORITY: { description: 'A municipality’s administration or council.' },
    LOCAL_BUSINESS: { description: 'A local entrepreneur or company.' },
    BIH_INSTITUTION: { description: 'An institution of Bosnia and Herzegovina.' },
    INTERNATIONAL_AGENCY: { description: 'An international organisation or agency.' },
    DOMESTIC_NGO: { description: 'A non-governmental organisation from the country.' },
    DIASPORA: { description: 'The diaspora: its members and associations.' },
    MEDIA: { description: 'The press, radio, television or online media.' },
    OTHER: { description: 'Anyone else.' },
  },
});
const RegistrationStatusEnum = builder.enumType(RegistrationStatus, {
  name: 'RegistrationStatus',
  description: 'Where a registration for an event stands.',
  values: {
    REGISTERED: { description: 'Has a seat (counts against the event’s `capacity`).' },
    WAITLISTED: {
      description: 'Waits for a seat; admitted in order of registration when one frees up.',
    },
    CANCELLED: { description: 'Cancelled; kept as a record.' },
  },
});

const EventParticipantNode = builder.prismaNode('EventParticipant', {
  id: { field: 'id' },
  nullable: true,
  description: 'A person or an organisation registered for an event.',
  // Names of people at events are for signed-in members who may read the event (counts are
  // as public as the event), and for whoever registers for the participant's municipality or
  // association (their own registration, even one they cancelled).
  authScopes: async (participant, ctx) =>
    ctx.viewer !== null &&
    (registersFor(ctx.viewer, participant) || canReadEventById(ctx, participant.eventId)),
  fields: (t) => ({
    stakeholderGroup: t.expose('stakeholderGroup', {
      type: StakeholderGroupEnum,
      description: 'The stakeholder group the participant is counted in.',
    }),
    status: t.expose('status', {
      type: RegistrationStatusEnum,
      description: 'Whether it has a seat, waits for one or was cancelled.',
    }),
    registeredAt: t.expose('registeredAt', {
      type: 'DateTime',
      description: 'When the registration was made; the waiting list goes by it.',
    }),
    accepted: t.boolean({
      description:
        'Accepted by the event’s managers (at once when they registered it): only then does ' +
        'the participant’s municipality take part (co-editing the conclusions).',
      resolve: (participant) => participant.acceptedAt !== null,
    }),
    acceptedAt: t.expose('acceptedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the event’s managers accepted it; null until then.',
    }),
    waitlistPosition: t.int({
      nullable: true,
      description: '1 for the next to be admitted; null unless WAITLISTED.',
      resolve: async (participant, _args, ctx) =>
        participant.status !== 'WAITLISTED'
          ? null
          : 1 +
            (await ctx.prisma.eventParticipant.count({
              where: {
                eventId: participant.eventId,
                status: 'WAITLISTED',
                OR: [
                  { registeredAt: { lt: participant.registeredAt } },
                  { registeredAt: participant.registeredAt, id: { lt: participant.id } },
                ],
              },
            })),
    }),
    attendedDays: t.intList({
      description: 'The numbers of the days the participant was there.',
      resolve: async (participant, _args, ctx) => {
        const rows = await ctx.prisma.attendance.findMany({
          where: { participantId: participant.id },
          select: { day: { select: { number: true } } },
        });
        return rows.map((row) => row.day.number).sort((a, b) => a - b);
      },
    }),
    person: t.relation('person', {
      nullable: true,
      description: 'The person taking part; null when an organisation registered as such.',
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The organisation taking part, or the one the person comes for; null: none.',
    }),
    municipality: t.relation('municipality', {
      nullable: true,
      description:
        'The municipality the participant represents (its coordinators then co-edit the ' +
        'conclusions, once accepted); null when none.',
    }),
    event: t.relation('event', { description: 'The event registered for.' }),
  }),
});

const StakeholderCountRef = builder
  .objectRef<{ stakeholderGroup: StakeholderGroup; count: number }>('StakeholderCount')
  .implement({
    description: 'How many registered participants an event has from one stakeholder group.',
    authScopes: { public: true },
    fields: (t) => ({
      stakeholderGroup: t.expose('stakeholderGroup', {
        type: StakeholderGroupEnum,
        description: 'The group.',
      }),
      count: t.exposeInt('count', {
        description: 'Its REGISTERED participants (not those waiting or cancelled); at least 1.',
      }),
    }),
  });

builder.prismaObjectFields('Event', (t) => ({
  participants: t.relatedConnection(
    'participants',
    {
      cursor: 'id',
      authScopes: { authenticated: true },
      description:
        'Registered first, then the waiting list in order, then cancellations. For signed-in ' +
        'users who may read the event.',
      args: {
        status: t.arg({
          type: RegistrationStatusEnum,
          description: 'Only registrations with this status; all when absent.',
        }),
      },
      query: (args) => ({
        where: args.status ? { status: args.status } : {},
        orderBy: [{ status: 'asc' }, { registeredAt: 'asc' }, { id: 'asc' }],
      }),
      totalCount: true,
    },
    { name: 'EventParticipantConnection' },
    { name: 'EventParticipantEdge' },
  ),
  participantCounts: t.field({
    type: [StakeholderCountRef],
    description: 'Registered participants per stakeholder group (public when the event is).',
    resolve: async (event, _args, ctx) => {
      const groups = await ctx.prisma.eventParticipant.groupBy({
        by: ['stakeholderGroup'],
        where: { eventId: event.id, status: 'REGISTERED' },
        _count: { _all: true },
        orderBy: { stakeholderGroup: 'asc' },
      });
      return groups.map((group) => ({
        stakeholderGroup: group.stakeholderGroup,
        count: group._count._all,
      }));
    },
  }),
}));

// --- Mutations -------------------------------------------------------------------------------

const RegisterParticipantInput = builder.inputType('RegisterParticipantInput', {
  description: 'A registration: a person, an organisation, or a person for an organisation.',
  fields: (t) => ({
    eventId: t.globalID({ required: true, for: EventNode, description: 'The event.' }),
    personId: t.globalID({
      for: PersonNode,
      description:
        'The person taking part (by default for their own municipality and organisation); ' +
        'give `personId`, `organizationId` or both.',
    }),
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'The organisation taking part, or the one the person comes for.',
    }),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'The municipality the participant represents (default: the person’s).',
    }),
    stakeholderGroup: t.field({
      type: StakeholderGroupEnum,
      required: true,
      description: 'The stakeholder group the participant is counted in.',
    }),
  }),
});

const RegisterParticipantPayload = recordPayload(
  'RegisterParticipantPayload',
  'participant',
  EventParticipantNode,
);

builder.mutationField('registerParticipant', (t) =>
  t.field({
    type: RegisterParticipantPayload,
    description:
      'REGISTERED while the event has room, WAITLISTED after. Coordinators register for their ' +
      'municipality, diaspora representatives for their association, into published events ' +
      'whose registration is open; the event’s managers register anyone, accepted at once. ' +
      'Other registrations wait for acceptParticipant. BAD_USER_INPUT without a person or an ' +
      'organisation; NOT_FOUND for an unknown event or person; FORBIDDEN for others and for ' +
      'an unpublished event; CONFLICT when the event is cancelled, over or closed to ' +
      'registration. Publishes `registrationChanged` and `dashboardUpdated`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: RegisterParticipantInput,
        required: true,
        description: 'Who registers for which event.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      participant: await register(ctx, {
        eventId: input.eventId.id,
        personId: input.personId?.id ?? null,
        organizationId: input.organizationId?.id ?? null,
        municipalityId: input.municipalityId?.id ?? null,
        stakeholderGroup: input.stakeholderGroup,
      }),
    }),
  }),
);

/** A mutation on one registration: `input: { participantId }` → `{ participant }`. */
function participantMutation(
  name: 'acceptParticipant' | 'cancelRegistration',
  description: string,
  act: (ctx: Context, participantId: string) => Promise<EventParticipant>,
) {
  const typeName = name[0]!.toUpperCase() + name.slice(1);
  const input = builder.inputType(`${typeName}Input`, {
    description: `The registration \`${name}\` acts on.`,
    fields: (t) => ({
      participantId: t.globalID({
        required: true,
        for: EventParticipantNode,
        description: 'The registration (`EventParticipant.id`).',
      }),
    }),
  });
  const payload = recordPayload(`${typeName}Payload`, 'participant', EventParticipantNode);
  builder.mutationField(name, (t) =>
    t.field({
      type: payload,
      description,
      authScopes: { authenticated: true },
      args: { input: t.arg({ type: input, required: true, description: 'Which registration.' }) },
      resolve: async (_root, args, ctx) => ({
        participant: await act(ctx, args.input.participantId.id),
      }),
    }),
  );
}

participantMutation(
  'acceptParticipant',
  'The event’s hosts and administrators accept a registration someone gave themselves: its ' +
    'municipality then takes part. NOT_FOUND for an unknown registration, FORBIDDEN for ' +
    'others; CONFLICT when already accepted or cancelled, or the event is cancelled. ' +
    'Publishes `registrationChanged` and `dashboardUpdated`.',
  acceptParticipant,
);

participantMutation(
  'cancelRegistration',
  'Whoever may register the participant (the event’s managers, their municipality’s ' +
    'coordinators, their association’s representative) cancels the registration; its seat ' +
    'goes to the longest-waiting participant, who is notified (in-app and by e-mail). ' +
    'NOT_FOUND for an unknown registration, FORBIDDEN for others, CONFLICT when already ' +
    'cancelled. Publishes `registrationChanged` and `dashboardUpdated`.',
  cancelRegistration,
);

const RecordAttendanceInput = builder.inputType('RecordAttendanceInput', {
  description: 'Whether one participant was there on one day.',
  fields: (t) => ({
    participantId: t.globalID({
      required: true,
      for: EventParticipantNode,
      description: 'The registration (`EventParticipant.id`); it must be REGISTERED.',
    }),
    day: t.int({ required: true, description: 'The day’s number, 1 for the first.' }),
    present: t.boolean({
      required: true,
      description: 'true: was there; false: takes a recorded presence back.',
    }),
  }),
});

const RecordAttendancePayload = recordPayload(
  'RecordAttendancePayload',
  'participant',
  EventParticipantNode,
);

builder.mutationField('recordAttendance', (t) =>
  t.field({
    type: RecordAttendancePayload,
    description:
      'The event’s hosts and administrators record who was there each day. NOT_FOUND for an ' +
      'unknown registration or day, FORBIDDEN for others; CONFLICT unless the participant ' +
      'is REGISTERED. Publishes `registrationChanged`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: RecordAttendanceInput,
        required: true,
        description: 'Who, which day, present or not.',
      }),
    },
    resolve: async (_root, { input }, ctx) => ({
      participant: await recordAttendance(ctx, input.participantId.id, input.day, input.present),
    }),
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('registrationChanged', (t) =>
  t.prismaField({
    type: 'EventParticipant',
    description:
      'Each registration for the event as it is made, accepted, cancelled, admitted from the ' +
      'waiting list or marked present, from any instance. For the event’s hosts and programme ' +
      'administrators.',
    authScopes: { authenticated: true },
    args: {
      eventId: t.arg.globalID({
        required: true,
        for: EventNode,
        description: 'The event whose registrations to follow.',
      }),
    },
    // Checked before listening: a refused subscriber never hears anything.
    subscribe: async (_root, args, ctx) => {
      await requireManager(ctx, args.eventId.id);
      return ctx.pubsub.subscribe('event:registration', args.eventId.id);
    },
    resolve: (query, change, _args, ctx) =>
      ctx.prisma.eventParticipant.findUniqueOrThrow({
        ...query,
        where: { id: change.participantId },
      }),
  }),
);
