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
  authScopes: signedInOnly,
  fields: (t) => ({
    title: t.exposeString('title'),
    platform: t.relation('platform', { nullable: true }),
    event: t.relation('event', { nullable: true }),
    activities: t.relation('activities', { query: { orderBy: [{ position: 'asc' }] } }),
  }),
});

export const PlanActivityNode = builder.prismaNode('PlanActivity', {
  id: { field: 'id' },
  nullable: true,
  authScopes: signedInOnly,
  fields: (t) => ({
    title: t.exposeString('title'),
    area: t.relation('area', { nullable: true }),
    owners: t.relation('owners'),
    deadline: t.expose('deadline', { type: 'Date', nullable: true }),
    expectedResult: t.exposeString('expectedResult', { nullable: true }),
    status: t.expose('status', { type: ActionItemStatusEnum }),
    progress: t.exposeInt('progress', { description: 'Per cent done, 0–100.' }),
    plan: t.relation('plan'),
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
  authScopes: signedInOnly,
  fields: (t) => ({
    municipality: t.relation('municipality', { nullable: true }),
    organization: t.relation('organization', { nullable: true }),
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
        'Activities of joint action plans, soonest deadline first: with ' +
        '`ownerMunicipalityId`, what that municipality owes.',
      authScopes: signedInOnly,
      args: {
        platformId: t.arg.globalID({ for: DialoguePlatformNode }),
        ownerMunicipalityId: t.arg.globalID({ for: MunicipalityNode }),
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
    platformId: t.globalID({ for: DialoguePlatformNode }),
    eventId: t.globalID({ for: EventNode }),
    title: t.string({ required: true, validate: requiredText(300) }),
  }),
});

builder.mutationField('createJointActionPlan', (t) =>
  t.field({
    type: recordPayload('CreateJointActionPlanPayload', 'plan', JointActionPlanNode),
    authScopes: signedInOnly,
    args: { input: t.arg({ type: CreateJointActionPlanInput, required: true }) },
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
  fields: (t) => ({
    planId: t.globalID({ required: true, for: JointActionPlanNode }),
    title: t.string({ required: true, validate: requiredText(500) }),
    areaId: t.globalID({ for: PriorityAreaNode }),
    ownerMunicipalityIds: t.globalIDList({ for: MunicipalityNode, validate: maxOwners }),
    ownerOrganizationIds: t.globalIDList({ for: OrganizationNode, validate: maxOwners }),
    deadline: t.field({ type: 'Date' }),
    expectedResult: t.string({ validate: optionalText(2000) }),
  }),
});

const activityPayload = (name: string) => recordPayload(name, 'activity', PlanActivityNode);

builder.mutationField('addPlanActivity', (t) =>
  t.field({
    type: activityPayload('AddPlanActivityPayload'),
    authScopes: signedInOnly,
    args: { input: t.arg({ type: AddPlanActivityInput, required: true }) },
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
  description: 'Status and progress; DONE without a progress sets it to 100.',
  fields: (t) => ({
    activityId: t.globalID({ required: true, for: PlanActivityNode }),
    status: t.field({ type: ActionItemStatusEnum }),
    progress: t.int({ validate: z.number().int().min(0).max(100) }),
  }),
});

builder.mutationField('updatePlanActivity', (t) =>
  t.field({
    type: activityPayload('UpdatePlanActivityPayload'),
    description: 'The activity’s owners and the plan’s runners report progress.',
    authScopes: signedInOnly,
    args: { input: t.arg({ type: UpdatePlanActivityInput, required: true }) },
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
