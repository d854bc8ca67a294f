import { encodeGlobalID } from '@pothos/plugin-relay';
import { filter, pipe } from 'graphql-yoga';
import { z } from 'zod';
import { builder } from '../../builder.js';
import { UnauthenticatedError } from '../../errors.js';
import { ActionItemStatus, type Prisma } from '../../generated/prisma/client.js';
import { idOrClear, optionalText, website } from '../directory/validation.js';
import { EventNode } from '../events/schema.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { PersonNode } from '../people/schema.js';
import { ProgrammeNode } from '../programmes/schema.js';
import { recordPayload } from '../payload.js';
import {
  OPEN_STATUSES,
  canReadActionItem,
  followUp,
  isOverdue,
  mineFilter,
  mineShareFilter,
  overdueFilter,
  shareOverdueFilter,
  publishActionItemChange,
  readableActionItems,
  reassign,
} from './service.js';

// --- Types -----------------------------------------------------------------------------------

export const ActionItemStatusEnum = builder.enumType(ActionItemStatus, {
  name: 'ActionItemStatus',
  description:
    'Where an action item, or one owner’s share of it, stands. An item with owners takes its ' +
    'status from their shares.',
  values: {
    OPEN: { description: 'Not started (an item: no share has moved yet).' },
    IN_PROGRESS: { description: 'Under way (an item: some share has moved, not all are closed).' },
    DONE: {
      description: 'Done (an item: every share is DONE or CANCELLED, at least one DONE).',
    },
    CANCELLED: { description: 'Dropped (an item: every share is CANCELLED).' },
  },
});

export const ActionItemNode = builder.prismaNode('ActionItem', {
  id: { field: 'id' },
  nullable: true,
  description: 'An adopted ACTION item of an event’s conclusions, followed up until done.',
  // Follow-up is the network's own business (the adopted text itself is public in the
  // conclusions of published events): for whoever reads the event, and the owners.
  authScopes: (item, ctx) => canReadActionItem(ctx, item),
  fields: (t) => ({
    text: t.exposeString('text', { description: 'What is to be done, as adopted.' }),
    status: t.expose('status', {
      type: ActionItemStatusEnum,
      description:
        'Where the follow-up stands; with owners, it follows from their shares’ (see ' +
        '`ActionItemStatus`).',
    }),
    dueDate: t.expose('dueDate', {
      type: 'Date',
      nullable: true,
      description: 'When it is due; null when the conclusions set no date.',
    }),
    overdue: t.boolean({
      description: 'Open (OPEN or IN_PROGRESS) and past its due date, by Sarajevo’s calendar.',
      resolve: (item) => isOverdue(item),
    }),
    conclusionItemId: t.exposeString('conclusionItemId', {
      description:
        'The item’s key (`ConclusionItem.key`) in the conclusions document it was adopted from.',
    }),
    ownerMunicipality: t.relation('ownerMunicipality', {
      nullable: true,
      description: 'The owning municipality when it is the only owner; null otherwise (`owners`).',
    }),
    ownerOrganization: t.relation('ownerOrganization', {
      nullable: true,
      description: 'The owning organisation when it is the only owner; null otherwise (`owners`).',
    }),
    ownerPerson: t.relation('ownerPerson', {
      nullable: true,
      description:
        'The owning person, when an administrator made a person the owner (a person has no ' +
        'share in `owners`); null otherwise.',
    }),
    owners: t.relation('owners', {
      description:
        'Every owner’s share, each with its own status and reports (a single owner’s too). ' +
        '`ownerMunicipality`/`ownerOrganization` name the owner only when there is one.',
      query: {
        orderBy: [
          { municipality: { name: 'asc' } },
          { organization: { name: 'asc' } },
          { id: 'asc' },
        ],
      },
    }),
    forAllPartners: t.exposeBoolean('forAllPartners', {
      description: 'Adopted for all partner municipalities of the programme (at adoption).',
    }),
    event: t.relation('event', { description: 'The event whose conclusions adopted it.' }),
    updates: t.relation('updates', {
      description: 'Progress reports on the item and all its shares, oldest first.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When it was created, as the conclusions were adopted.',
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When it last changed: a progress report or a reassignment.',
    }),
  }),
});

builder.prismaObject('ActionItemOwner', {
  description: 'One owner’s share of an action item: what that owner has done of it.',
  // Reached only through its item, whose own check applies.
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.globalID({
      description: 'Globally unique, for client caches (not a Node: read it through its parent).',
      resolve: (row) => ({ type: 'ActionItemOwner', id: row.id }),
    }),
    municipality: t.relation('municipality', {
      nullable: true,
      description: 'The owning municipality; null when an organisation owns this share.',
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The owning organisation; null when a municipality owns this share.',
    }),
    status: t.expose('status', {
      type: ActionItemStatusEnum,
      description: 'Where this owner’s part stands.',
    }),
    overdue: t.boolean({
      description: 'This share is open and the item is past its due date.',
      select: { actionItem: { select: { dueDate: true } } },
      resolve: (share) => isOverdue({ status: share.status, dueDate: share.actionItem.dueDate }),
    }),
    updates: t.relation('updates', {
      description: 'This owner’s progress reports, oldest first.',
      query: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    }),
    updatedAt: t.expose('updatedAt', {
      type: 'DateTime',
      description: 'When this share was created or its status last changed.',
    }),
  }),
});

builder.prismaObject('ActionItemUpdate', {
  description:
    'A progress report on an action item (on one owner’s share when it has owners): a ' +
    'status change, a comment, evidence links or several of them.',
  authScopes: { authenticated: true },
  fields: (t) => ({
    id: t.globalID({
      description: 'Globally unique, for client caches (not a Node: read it through its parent).',
      resolve: (row) => ({ type: 'ActionItemUpdate', id: row.id }),
    }),
    status: t.expose('status', {
      type: ActionItemStatusEnum,
      nullable: true,
      description: 'The status the item moved to; null for a comment only.',
    }),
    comment: t.exposeString('comment', {
      nullable: true,
      description: 'What was done or why, as free text; null when none.',
    }),
    evidenceUrls: t.exposeStringList('evidenceUrls', {
      description: 'Links to minutes, letters, published news… (http or https); empty when none.',
    }),
    authorId: t.id({
      nullable: true,
      description: 'The global ID of the `User` who wrote it (see `author`); null when none.',
      resolve: (update) => (update.authorId ? encodeGlobalID('User', update.authorId) : null),
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was reported.' }),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

interface ActionItemArgs {
  status?: ActionItemStatus | null;
  open?: boolean | null;
  ownerMunicipalityId?: { id: string } | null;
  ownerOrganizationId?: { id: string } | null;
  eventId?: { id: string } | null;
  programmeId?: { id: string } | null;
  overdue?: boolean | null;
  mine?: boolean | null;
}

builder.queryField('actionItems', (t) =>
  t.prismaConnection(
    {
      type: 'ActionItem',
      cursor: 'id',
      authScopes: { authenticated: true },
      description:
        'Soonest due first (those without a date last). For signed-in users: the items of ' +
        'events they may read, and those their municipalities and associations own. `mine`: ' +
        'owned by the municipalities and associations the viewer works for — with ' +
        '`open: true`, a coordinator’s open items.',
      args: {
        status: t.arg({
          type: ActionItemStatusEnum,
          description: 'Only items with this status (with an owner in view: that owner’s share’s).',
        }),
        open: t.arg.boolean({
          description: 'true: OPEN or IN_PROGRESS; false: DONE or CANCELLED.',
        }),
        ownerMunicipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description:
            'Items this municipality owns, alone or with others; `status`, `open` and ' +
            '`overdue` then ask about its own share.',
        }),
        ownerOrganizationId: t.arg.globalID({
          for: OrganizationNode,
          description:
            'Items this organisation owns, alone or with others; `status`, `open` and ' +
            '`overdue` then ask about its own share.',
        }),
        eventId: t.arg.globalID({
          for: EventNode,
          description: 'Only items adopted at this event.',
        }),
        programmeId: t.arg.globalID({
          for: ProgrammeNode,
          description: 'Only items adopted at this programme’s events.',
        }),
        overdue: t.arg.boolean({
          description: 'true: only open items past their due date; false: only the others.',
        }),
        mine: t.arg.boolean({
          description:
            'true: only items the viewer’s municipalities and associations own; `status`, ' +
            '`open` and `overdue` then ask about their shares.',
        }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.actionItem.findMany({
          ...query,
          where: actionItemFilter(args, ctx),
          orderBy: [{ dueDate: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.actionItem.count({ where: actionItemFilter(args, ctx) }),
    },
    { name: 'ActionItemConnection' },
    { name: 'ActionItemEdge' },
  ),
);

function actionItemFilter(
  args: ActionItemArgs,
  ctx: { viewer: Parameters<typeof mineFilter>[0] | null },
): Prisma.ActionItemWhereInput {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const and: Prisma.ActionItemWhereInput[] = [readableActionItems(ctx.viewer)];
  // With an owner in view (ownerMunicipalityId, ownerOrganizationId or mine), status, open
  // and overdue are that owner's share's: what it still owes, not the whole action's state.
  const share: Prisma.ActionItemOwnerWhereInput | null = args.ownerMunicipalityId
    ? { municipalityId: args.ownerMunicipalityId.id }
    : args.ownerOrganizationId
      ? { organizationId: args.ownerOrganizationId.id }
      : args.mine
        ? mineShareFilter(ctx.viewer)
        : null;
  if (args.ownerMunicipalityId) {
    and.push({ owners: { some: { municipalityId: args.ownerMunicipalityId.id } } });
  }
  if (args.ownerOrganizationId) {
    and.push({ owners: { some: { organizationId: args.ownerOrganizationId.id } } });
  }
  if (args.mine) and.push(mineFilter(ctx.viewer));
  const status: Prisma.EnumActionItemStatusFilter = {
    ...(args.status ? { equals: args.status } : {}),
    ...(args.open != null ? (args.open ? { in: OPEN_STATUSES } : { notIn: OPEN_STATUSES }) : {}),
  };
  if (Object.keys(status).length) {
    and.push(share ? { owners: { some: { ...share, status } } } : { status });
  }
  if (args.overdue != null) {
    const overdue = share ? shareOverdueFilter(share) : overdueFilter();
    and.push(args.overdue ? overdue : { NOT: overdue });
  }
  if (args.eventId) and.push({ eventId: args.eventId.id });
  if (args.programmeId) and.push({ event: { programmeId: args.programmeId.id } });
  return { AND: and };
}

// --- Mutations -------------------------------------------------------------------------------

const UpdateActionItemInput = builder.inputType('UpdateActionItemInput', {
  description: 'A progress report: at least one of status, comment and evidence links.',
  fields: (t) => ({
    actionItemId: t.globalID({
      required: true,
      for: ActionItemNode,
      description: 'The item reported on.',
    }),
    status: t.field({
      type: ActionItemStatusEnum,
      description: 'The share’s new status; the item’s then follows from all its shares.',
    }),
    ownerMunicipalityId: t.globalID({
      for: MunicipalityNode,
      description:
        'The owner whose share this reports on; needed only when the viewer may report on ' +
        'several shares of the item (administrators, coordinators of several owners).',
    }),
    ownerOrganizationId: t.globalID({
      for: OrganizationNode,
      description: 'As `ownerMunicipalityId`, for an organisation’s share; never both.',
    }),
    comment: t.string({
      validate: optionalText(5000),
      description: 'What was done or why; 5,000 characters at most.',
    }),
    evidenceUrls: t.stringList({
      description:
        'Links to minutes, letters, published news…: http(s) URLs of 500 characters at most, ' +
        '10 at most.',
      validate: z.array(website).max(10),
    }),
  }),
});

builder.mutationField('updateActionItem', (t) =>
  t.field({
    type: recordPayload('UpdateActionItemPayload', 'actionItem', ActionItemNode),
    description:
      'The owner’s coordinators (or representative) and administrators report progress, ' +
      'on one owner’s share: the item is DONE when every owner is. Only administrators ' +
      'report on an item without shares (no owner, or a person). BAD_USER_INPUT for an ' +
      'empty report, two owners named, an owner that does not own the item, or a report ' +
      'that could be on several shares; NOT_FOUND for an unknown item; FORBIDDEN for others ' +
      'and for another owner’s share. Publishes `actionItemChanged` and `dashboardUpdated`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({ type: UpdateActionItemInput, required: true, description: 'The report.' }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { updated, change } = await followUp(ctx, input.actionItemId.id, {
        ...input,
        ownerMunicipalityId: input.ownerMunicipalityId?.id,
        ownerOrganizationId: input.ownerOrganizationId?.id,
      });
      publishActionItemChange(ctx, change);
      return { actionItem: updated };
    },
  }),
);

const ReassignActionItemInput = builder.inputType('ReassignActionItemInput', {
  description:
    'Giving any owner field replaces the owner (the others are cleared; all null: no owner). ' +
    '`dueDate: null` clears the due date.',
  fields: (t) => ({
    actionItemId: t.globalID({
      required: true,
      for: ActionItemNode,
      description: 'The item to reassign.',
    }),
    ownerMunicipalityId: t.globalID({
      for: MunicipalityNode,
      description: 'The new owning municipality.',
    }),
    ownerOrganizationId: t.globalID({
      for: OrganizationNode,
      description: 'The new owning organisation.',
    }),
    ownerPersonId: t.globalID({ for: PersonNode, description: 'The new owning person.' }),
    dueDate: t.field({
      type: 'Date',
      description: 'The new due date; `null` clears it, absent keeps it.',
    }),
  }),
});

builder.mutationField('reassignActionItem', (t) =>
  t.field({
    type: recordPayload('ReassignActionItemPayload', 'actionItem', ActionItemNode),
    description:
      'The network administrators of the event’s programme set an item’s owner and due ' +
      'date. A new owner replaces every share (a municipality or an organisation gets one ' +
      'share, starting from the item’s status) and is notified (in-app and by e-mail). ' +
      'BAD_USER_INPUT for more than one owner; NOT_FOUND for an unknown item; FORBIDDEN for ' +
      'others. Publishes `actionItemChanged` and `dashboardUpdated`.',
    authScopes: { authenticated: true },
    args: {
      input: t.arg({
        type: ReassignActionItemInput,
        required: true,
        description: 'The new owner and due date.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const { updated, change } = await reassign(ctx, input.actionItemId.id, {
        ownerMunicipalityId: idOrClear(input.ownerMunicipalityId),
        ownerOrganizationId: idOrClear(input.ownerOrganizationId),
        ownerPersonId: idOrClear(input.ownerPersonId),
        dueDate: input.dueDate,
      });
      publishActionItemChange(ctx, change);
      return { actionItem: updated };
    },
  }),
);

// --- Subscriptions ---------------------------------------------------------------------------

builder.subscriptionField('actionItemChanged', (t) =>
  t.prismaField({
    type: 'ActionItem',
    description:
      'An action item was created (at adoption) or changed; with `ownerMunicipalityId`, only ' +
      'items that municipality owns or owned until this change.',
    authScopes: { authenticated: true },
    args: {
      ownerMunicipalityId: t.arg.globalID({
        for: MunicipalityNode,
        description: 'Only items this municipality owns, or owned until the change.',
      }),
    },
    subscribe: (_root, args, ctx) =>
      pipe(
        ctx.pubsub.subscribe('actionItem:changed'),
        filter(async (change) => {
          if (
            args.ownerMunicipalityId &&
            !change.ownerMunicipalityIds.includes(args.ownerMunicipalityId.id)
          ) {
            return false;
          }
          const item = await ctx.prisma.actionItem.findUnique({
            where: { id: change.actionItemId },
            select: {
              id: true,
              eventId: true,
              ownerMunicipalityId: true,
              ownerOrganizationId: true,
            },
          });
          return item !== null && canReadActionItem(ctx, item);
        }),
      ),
    resolve: (query, change, _args, ctx) =>
      ctx.prisma.actionItem.findUniqueOrThrow({ ...query, where: { id: change.actionItemId } }),
  }),
);
