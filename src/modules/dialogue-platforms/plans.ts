// Joint action plans: a plan of a platform (or of an event's conclusions) with activities,
// each with an area, owners, a deadline, an expected result, a status and progress.
import { z } from 'zod';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { ActionItemStatus, Prisma } from '../../generated/prisma/client.js';
import { administers } from '../accounts/grants.js';
import { ActionItemStatusEnum } from '../action-items/schema.js';
import { OPEN_STATUSES } from '../action-items/service.js';
import { optionalText, requiredText } from '../directory/validation.js';
import { EventNode } from '../events/schema.js';
import { MunicipalityNode } from '../municipalities/schema.js';
import { OrganizationNode } from '../organizations/schema.js';
import { recordPayload } from '../payload.js';
import { loadPlatform, ownsActivity, requireRunner, runsPlatform, signedIn } from './access.js';
import { DialoguePlatformNode, PriorityAreaNode } from './schema.js';

const signedInOnly = { authenticated: true } as const;

// --- Types -----------------------------------------------------------------------------------

export const JointActionPlanNode = builder.prismaNode('JointActionPlan', {
  id: { field: 'id' },
  nullable: true,
  description:
    'A joint action plan: activities with owners and deadlines, of a dialogue platform or ' +
    'drawn from an event’s conclusions (one of the two). Signed-in users.',
  authScopes: signedInOnly,
  fields: (t) => ({
    title: t.exposeString('title', { description: 'Its title, at most 300 characters.' }),
    platform: t.relation('platform', {
      nullable: true,
      description: 'The platform whose plan it is; null for an event’s plan.',
    }),
    event: t.relation('event', {
      nullable: true,
      description: 'The event whose conclusions it carries out; null for a platform’s plan.',
    }),
    activities: t.relation('activities', {
      description: 'Its activities, in the order they were added.',
      query: { orderBy: [{ position: 'asc' }] },
    }),
  }),
});

export const PlanActivityNode = builder.prismaNode('PlanActivity', {
  id: { field: 'id' },
  nullable: true,
  description:
    'An activity of a joint action plan: what is to be done, by whom, by when, and how far it ' +
    'is. Signed-in users.',
  authScopes: signedInOnly,
  fields: (t) => ({
    title: t.exposeString('title', {
      description: 'What is to be done, at most 500 characters.',
    }),
    area: t.relation('area', {
      nullable: true,
      description: 'The priority area it serves; null when none.',
    }),
    owners: t.relation('owners', {
      description: 'The municipalities and organisations that carry it out; may be empty.',
    }),
    deadline: t.expose('deadline', {
      type: 'Date',
      nullable: true,
      description: 'By when it is to be done; null when no deadline was set.',
    }),
    expectedResult: t.exposeString('expectedResult', {
      nullable: true,
      description: 'What it should achieve, at most 2,000 characters; null when not given.',
    }),
    status: t.expose('status', {
      type: ActionItemStatusEnum,
      description: 'OPEN when added; its owners report IN_PROGRESS, DONE or CANCELLED.',
    }),
    progress: t.exposeInt('progress', { description: 'Per cent done, 0–100.' }),
    plan: t.relation('plan', { description: 'The plan it belongs to.' }),
  }),
});

builder.prismaObjectField('Event', 'actionPlans', (t) =>
  t.relation('actionPlans', {
    description: 'Joint action plans drawn from this event’s conclusions (signed-in users).',
    authScopes: signedInOnly,
    query: { orderBy: [{ createdAt: 'asc' }] },
  }),
);

builder.prismaObject('PlanActivityOwner', {
  description:
    'An owner of a plan activity: a municipality or an organisation (one of the two). Its ' +
    'coordinators and deputies, or its diaspora representatives, report the activity’s progress.',
  authScopes: signedInOnly,
  fields: (t) => ({
    municipality: t.relation('municipality', {
      nullable: true,
      description: 'The owner, when a municipality; null when an organisation.',
    }),
    organization: t.relation('organization', {
      nullable: true,
      description: 'The owner, when an organisation; null when a municipality.',
    }),
  }),
});

// --- Queries ---------------------------------------------------------------------------------

interface ActivityArgs {
  platformId?: { id: string } | null;
  ownerMunicipalityId?: { id: string } | null;
  open?: boolean | null;
}

function activityFilter(args: ActivityArgs): Prisma.PlanActivityWhereInput {
  return {
    ...(args.platformId ? { plan: { platformId: args.platformId.id } } : {}),
    ...(args.ownerMunicipalityId
      ? { owners: { some: { municipalityId: args.ownerMunicipalityId.id } } }
      : {}),
    ...(args.open != null
      ? { status: args.open ? { in: OPEN_STATUSES } : { notIn: OPEN_STATUSES } }
      : {}),
  };
}

builder.queryField('planActivities', (t) =>
  t.prismaConnection(
    {
      type: 'PlanActivity',
      cursor: 'id',
      description:
        'Activities of joint action plans, for signed-in users, soonest deadline first (those ' +
        'without one last): with `ownerMunicipalityId`, what that municipality owes.',
      authScopes: signedInOnly,
      args: {
        platformId: t.arg.globalID({
          for: DialoguePlatformNode,
          description: 'Only activities of this platform’s plans (not of events’ plans).',
        }),
        ownerMunicipalityId: t.arg.globalID({
          for: MunicipalityNode,
          description: 'Only activities this municipality owns (alone or with others).',
        }),
        open: t.arg.boolean({ description: 'true: OPEN or IN_PROGRESS; false: the others.' }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.planActivity.findMany({
          ...query,
          where: activityFilter(args),
          orderBy: [{ deadline: { sort: 'asc', nulls: 'last' } }, { id: 'asc' }],
        }),
      totalCount: (_root, args, ctx) =>
        ctx.prisma.planActivity.count({ where: activityFilter(args) }),
    },
    { name: 'PlanActivityConnection' },
    { name: 'PlanActivityEdge' },
  ),
);

// --- Rules -----------------------------------------------------------------------------------

/** May run the plan: its platform's runners, or the administrators of its event's programme. */
async function requirePlanRunner(
  ctx: Context,
  plan: { platformId: string | null; eventId: string | null },
) {
  const viewer = signedIn(ctx);
  if (plan.platformId) return (await requireRunner(ctx, plan.platformId)).platform.programmeId;
  const event = await ctx.prisma.event.findUnique({
    where: { id: plan.eventId! },
    select: { programmeId: true },
  });
  if (!event) throw new BadUserInputError('eventId: no event has this ID');
  if (!administers(viewer, event.programmeId)) {
    throw new ForbiddenError('Only the programme’s administrators plan for this event');
  }
  return event.programmeId;
}

async function loadPlan(ctx: Context, planId: string) {
  const plan = await ctx.prisma.jointActionPlan.findUnique({ where: { id: planId } });
  if (!plan) throw new NotFoundError('No joint action plan has this ID');
  return plan;
}

/** The area must be one of the plan's platform, or of a platform of the event's programme. */
async function checkArea(
  ctx: Context,
  areaId: string,
  plan: { platformId: string | null },
  programmeId: string | null,
) {
  const area = await ctx.prisma.priorityArea.findUnique({
    where: { id: areaId },
    select: { platformId: true, platform: { select: { programmeId: true } } },
  });
  const fits = plan.platformId
    ? area?.platformId === plan.platformId
    : area?.platform.programmeId === programmeId;
  if (!fits) throw new BadUserInputError('areaId: not a priority area of this plan’s platform');
}

async function checkOwners(ctx: Context, municipalityIds: string[], organizationIds: string[]) {
  const [municipalities, organizations] = await Promise.all([
    ctx.prisma.municipality.count({ where: { id: { in: municipalityIds } } }),
    ctx.prisma.organization.count({ where: { id: { in: organizationIds } } }),
  ]);
  if (municipalities !== new Set(municipalityIds).size) {
    throw new BadUserInputError('ownerMunicipalityIds: no municipality has one of these IDs');
  }
  if (organizations !== new Set(organizationIds).size) {
    throw new BadUserInputError('ownerOrganizationIds: no organisation has one of these IDs');
  }
}

// --- Mutations -------------------------------------------------------------------------------

const CreateJointActionPlanInput = builder.inputType('CreateJointActionPlanInput', {
  description: 'A plan of a platform, or of an event’s conclusions: one of the two.',
  fields: (t) => ({
    platformId: t.globalID({
      for: DialoguePlatformNode,
      description: 'The platform whose plan it is; or give `eventId`.',
    }),
    eventId: t.globalID({
      for: EventNode,
      description: 'The event whose conclusions it carries out; or give `platformId`.',
    }),
    title: t.string({
      required: true,
      description: 'Not blank, at most 300 characters.',
      validate: requiredText(300),
    }),
  }),
});

builder.mutationField('createJointActionPlan', (t) =>
  t.field({
    type: recordPayload('CreateJointActionPlanPayload', 'plan', JointActionPlanNode),
    description:
      'Starts a joint action plan, with no activities yet (`addPlanActivity`). A platform’s ' +
      'plan: for those who run the platform (see `DialoguePlatform`); an event’s: for the ' +
      'network administrators of the event’s programme. Refused with BAD_USER_INPUT (neither ' +
      'or both of `platformId` and `eventId`, no such event), NOT_FOUND (no such platform) or ' +
      'FORBIDDEN.',
    authScopes: signedInOnly,
    args: {
      input: t.arg({ type: CreateJointActionPlanInput, required: true, description: 'The plan.' }),
    },
    resolve: async (_root, { input }, ctx) => {
      const platformId = input.platformId?.id ?? null;
      const eventId = input.eventId?.id ?? null;
      if (!platformId === !eventId) {
        throw new BadUserInputError('platformId: give a platform or an event, one of them');
      }
      await requirePlanRunner(ctx, { platformId, eventId });
      const plan = await ctx.prisma.jointActionPlan.create({
        data: { platformId, eventId, title: input.title },
      });
      return { plan };
    },
  }),
);

const maxOwners = z.array(z.unknown()).max(100);

const AddPlanActivityInput = builder.inputType('AddPlanActivityInput', {
  description: 'A new activity of a joint action plan.',
  fields: (t) => ({
    planId: t.globalID({
      required: true,
      for: JointActionPlanNode,
      description: 'The plan it belongs to.',
    }),
    title: t.string({
      required: true,
      description: 'What is to be done: not blank, at most 500 characters.',
      validate: requiredText(500),
    }),
    areaId: t.globalID({
      for: PriorityAreaNode,
      description:
        'The priority area it serves: one of the plan’s platform (for an event’s plan, of any ' +
        'platform of the event’s programme).',
    }),
    ownerMunicipalityIds: t.globalIDList({
      for: MunicipalityNode,
      description: 'Municipalities that carry it out (at most 100; a repeated one counts once).',
      validate: maxOwners,
    }),
    ownerOrganizationIds: t.globalIDList({
      for: OrganizationNode,
      description: 'Organisations that carry it out (at most 100; a repeated one counts once).',
      validate: maxOwners,
    }),
    deadline: t.field({ type: 'Date', description: 'By when it is to be done.' }),
    expectedResult: t.string({
      description: 'What it should achieve, at most 2,000 characters.',
      validate: optionalText(2000),
    }),
  }),
});

builder.mutationField('addPlanActivity', (t) =>
  t.field({
    type: recordPayload('AddPlanActivityPayload', 'activity', PlanActivityNode),
    description:
      'Adds an activity to a plan, last in its order, OPEN with progress 0; for those who may ' +
      'start the plan (see `createJointActionPlan`). Refused with NOT_FOUND (no such plan), ' +
      'FORBIDDEN, or BAD_USER_INPUT (an area that does not fit the plan, an unknown owner).',
    authScopes: signedInOnly,
    args: {
      input: t.arg({ type: AddPlanActivityInput, required: true, description: 'The activity.' }),
    },
    resolve: async (_root, { input }, ctx) => {
      const plan = await loadPlan(ctx, input.planId.id);
      const programmeId = await requirePlanRunner(ctx, plan);
      if (input.areaId) await checkArea(ctx, input.areaId.id, plan, programmeId);
      const municipalityIds = [...new Set((input.ownerMunicipalityIds ?? []).map((r) => r.id))];
      const organizationIds = [...new Set((input.ownerOrganizationIds ?? []).map((r) => r.id))];
      await checkOwners(ctx, municipalityIds, organizationIds);
      const activity = await ctx.prisma.$transaction(async (tx) => {
        const position = await tx.planActivity.count({ where: { planId: plan.id } });
        return tx.planActivity.create({
          data: {
            planId: plan.id,
            position,
            title: input.title,
            areaId: input.areaId?.id ?? null,
            deadline: input.deadline ?? null,
            expectedResult: input.expectedResult ?? null,
            owners: {
              create: [
                ...municipalityIds.map((municipalityId) => ({ municipalityId })),
                ...organizationIds.map((organizationId) => ({ organizationId })),
              ],
            },
          },
        });
      });
      return { activity };
    },
  }),
);

const UpdatePlanActivityInput = builder.inputType('UpdatePlanActivityInput', {
  description: 'Status and progress, at least one; DONE without a progress sets it to 100.',
  fields: (t) => ({
    activityId: t.globalID({
      required: true,
      for: PlanActivityNode,
      description: 'The activity.',
    }),
    status: t.field({
      type: ActionItemStatusEnum,
      description: 'Its new status; left out, it stays.',
    }),
    progress: t.int({
      description: 'Per cent done, 0–100; left out, it stays (or becomes 100 if DONE).',
      validate: z.number().int().min(0).max(100),
    }),
  }),
});

builder.mutationField('updatePlanActivity', (t) =>
  t.field({
    type: recordPayload('UpdatePlanActivityPayload', 'activity', PlanActivityNode),
    description:
      'The activity’s owners (see `PlanActivityOwner`) and those who may run the plan (see ' +
      '`createJointActionPlan`) report progress. Refused with BAD_USER_INPUT (neither `status` ' +
      'nor `progress`, or a progress outside 0–100), NOT_FOUND (no such activity) or FORBIDDEN.',
    authScopes: signedInOnly,
    args: {
      input: t.arg({
        type: UpdatePlanActivityInput,
        required: true,
        description: 'The activity and its progress.',
      }),
    },
    resolve: async (_root, { input }, ctx) => {
      const viewer = signedIn(ctx);
      if (input.status == null && input.progress == null) {
        throw new BadUserInputError('status: give a status or a progress');
      }
      const activity = await ctx.prisma.planActivity.findUnique({
        where: { id: input.activityId.id },
        include: { owners: true, plan: true },
      });
      if (!activity) throw new NotFoundError('No plan activity has this ID');
      if (!ownsActivity(viewer, activity.owners) && !(await runsPlan(ctx, activity.plan))) {
        throw new ForbiddenError('Only the activity’s owners and the plan’s runners update it');
      }
      const status: ActionItemStatus = input.status ?? activity.status;
      const progress = input.progress ?? (status === 'DONE' ? 100 : activity.progress);
      const updated = await ctx.prisma.planActivity.update({
        where: { id: activity.id },
        data: { status, progress },
      });
      return { activity: updated };
    },
  }),
);

async function runsPlan(ctx: Context, plan: { platformId: string | null; eventId: string | null }) {
  const viewer = signedIn(ctx);
  if (plan.platformId) return runsPlatform(viewer, await loadPlatform(ctx, plan.platformId));
  const event = await ctx.prisma.event.findUnique({
    where: { id: plan.eventId! },
    select: { programmeId: true },
  });
  return administers(viewer, event?.programmeId ?? null);
}
