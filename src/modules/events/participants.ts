// Who takes part in an event: registration with capacity and a waiting list, and attendance
// per day.
import { builder } from '../../builder.js';
import { RegistrationStatus, StakeholderGroup } from '../../generated/prisma/client.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { PersonNode } from '../people/schema.js';
import { recordPayload } from '../payload.js';
import { EventNode } from './schema.js';
import { cancelRegistration, recordAttendance, register } from './service.js';

// --- Types -----------------------------------------------------------------------------------

export const StakeholderGroupEnum = builder.enumType(StakeholderGroup, {
  name: 'StakeholderGroup',
});
const RegistrationStatusEnum = builder.enumType(RegistrationStatus, {
  name: 'RegistrationStatus',
});

const EventParticipantNode = builder.prismaNode('EventParticipant', {
  id: { field: 'id' },
  nullable: true,
  description: 'A person or an organisation registered for an event.',
  // Names of people at events are for the network, not the public (counts are public).
  authScopes: { authenticated: true },
  fields: (t) => ({
    stakeholderGroup: t.expose('stakeholderGroup', { type: StakeholderGroupEnum }),
    status: t.expose('status', { type: RegistrationStatusEnum }),
    registeredAt: t.expose('registeredAt', { type: 'DateTime' }),
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
    person: t.relation('person', { nullable: true }),
    organization: t.relation('organization', { nullable: true }),
    municipality: t.relation('municipality', { nullable: true }),
    event: t.relation('event'),
  }),
});

const StakeholderCountRef = builder
  .objectRef<{ stakeholderGroup: StakeholderGroup; count: number }>('StakeholderCount')
  .implement({
    authScopes: { public: true },
    fields: (t) => ({
      stakeholderGroup: t.expose('stakeholderGroup', { type: StakeholderGroupEnum }),
      count: t.exposeInt('count'),
    }),
  });

builder.prismaObjectFields('Event', (t) => ({
  participants: t.relatedConnection(
    'participants',
    {
      cursor: 'id',
      authScopes: { authenticated: true },
      description: 'Registered first, then the waiting list in order, then cancellations.',
      args: { status: t.arg({ type: RegistrationStatusEnum }) },
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
  fields: (t) => ({
    eventId: t.globalID({ required: true, for: EventNode }),
    personId: t.globalID({ for: PersonNode }),
    organizationId: t.globalID({
      for: OrganizationNode,
      description: 'The organisation taking part, or the one the person comes for.',
    }),
    municipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'The municipality the participant represents (default: the person’s).',
    }),
    stakeholderGroup: t.field({ type: StakeholderGroupEnum, required: true }),
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
      'municipality, diaspora representatives for their association.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RegisterParticipantInput, required: true }) },
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

const CancelRegistrationInput = builder.inputType('CancelRegistrationInput', {
  fields: (t) => ({ participantId: t.globalID({ required: true, for: EventParticipantNode }) }),
});

const CancelRegistrationPayload = recordPayload(
  'CancelRegistrationPayload',
  'participant',
  EventParticipantNode,
);

builder.mutationField('cancelRegistration', (t) =>
  t.field({
    type: CancelRegistrationPayload,
    description: 'Frees the seat for the longest-waiting participant.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: CancelRegistrationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      participant: await cancelRegistration(ctx, input.participantId.id),
    }),
  }),
);

const RecordAttendanceInput = builder.inputType('RecordAttendanceInput', {
  fields: (t) => ({
    participantId: t.globalID({ required: true, for: EventParticipantNode }),
    day: t.int({ required: true, description: 'The day’s number, 1 for the first.' }),
    present: t.boolean({ required: true }),
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
    description: 'The event’s hosts and administrators record who was there each day.',
    authScopes: { authenticated: true },
    args: { input: t.arg({ type: RecordAttendanceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({
      participant: await recordAttendance(ctx, input.participantId.id, input.day, input.present),
    }),
  }),
);
