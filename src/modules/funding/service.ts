// Funding calls and the applications of full proposals to them.
import type { Context } from '../../context.js';
import { todayInBosnia } from '../../dates.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import { Prisma, type FundingCall } from '../../generated/prisma/client.js';
import {
  publishIdeaChange,
  readableIdea,
  requireCoordinator,
  requireProgrammeTeam,
} from '../ideas/service.js';
import { applicationStages } from '../ideas/workflow.js';
import { notifyFundingCallOpened } from '../notifications/triggers.js';

/** Open from opensOn to closesOn, both days included (Sarajevo's calendar), unless closed early. */
export function isOpen(
  call: Pick<FundingCall, 'opensOn' | 'closesOn' | 'closedAt'>,
  now = new Date(),
) {
  const day = todayInBosnia(now);
  return call.closedAt === null && call.opensOn <= day && day <= call.closesOn;
}

/** The same rule as a database filter. */
export function openFilter(now = new Date()): Prisma.FundingCallWhereInput {
  const day = todayInBosnia(now);
  return { closedAt: null, opensOn: { lte: day }, closesOn: { gte: day } };
}

export interface FundingCallChanges {
  title?: string;
  url?: string | null;
  opensOn?: Date;
  closesOn?: Date;
  eligibility?: string | null;
  thematicAreas?: string[];
  /** Replaces the list of eligible municipalities ([] removes it). */
  eligibleMunicipalityIds?: string[];
}

/** The programme team edits a call: text, link, dates, thematic areas. */
export async function updateCall(ctx: Context, callId: string, changes: FundingCallChanges) {
  return ctx.prisma.$transaction(async (tx) => {
    const call = await callOfTeam(ctx, tx, callId);
    if ((changes.opensOn ?? call.opensOn) > (changes.closesOn ?? call.closesOn)) {
      throw new BadUserInputError('closesOn must not be before opensOn');
    }
    const { eligibleMunicipalityIds, ...fields } = changes;
    return tx.fundingCall.update({
      where: { id: callId },
      data: {
        ...fields,
        ...(eligibleMunicipalityIds
          ? { eligibleMunicipalities: { set: await municipalities(tx, eligibleMunicipalityIds) } }
          : {}),
      },
    });
  });
}

/**
 * Closes a call early (no applications from now on) or reopens one closed early, each with
 * its reason; reopening may move the closing date (it must not be past).
 */
export async function setCallClosed(
  ctx: Context,
  callId: string,
  change: { closed: boolean; reason: string; closesOn?: Date | null },
) {
  return ctx.prisma.$transaction(async (tx) => {
    const call = await callOfTeam(ctx, tx, callId);
    if (change.closed) {
      if (call.closedAt) throw new ConflictError('The call is already closed');
      if (todayInBosnia() > call.closesOn) {
        throw new ConflictError('The call has already passed its closing date');
      }
      return tx.fundingCall.update({
        where: { id: callId },
        data: { closedAt: new Date(), closedReason: change.reason },
      });
    }
    if (!call.closedAt) throw new ConflictError('Only a call closed early is reopened');
    const closesOn = change.closesOn ?? call.closesOn;
    if (closesOn < todayInBosnia() || closesOn < call.opensOn) {
      throw new BadUserInputError('closesOn: give a closing date from today on');
    }
    return tx.fundingCall.update({
      where: { id: callId },
      data: { closedAt: null, reopenedReason: change.reason, closesOn },
    });
  });
}

/** The call, locked for the change, once the viewer is its programme's team. */
async function callOfTeam(ctx: Context, tx: Prisma.TransactionClient, callId: string) {
  await tx.$queryRaw`SELECT 1 FROM funding_call WHERE id = ${callId}::uuid FOR UPDATE`;
  const call = await tx.fundingCall.findUnique({ where: { id: callId } });
  if (!call) throw new NotFoundError('No funding call has this ID');
  requireProgrammeTeam(ctx, call.programmeId);
  return call;
}

export interface FundingCallInput {
  funderId: string;
  programmeId?: string | null;
  title: string;
  totalBudget: string;
  minGrant: string;
  maxGrant: string;
  currency?: string | null;
  opensOn: Date;
  closesOn: Date;
  eligibility?: string | null;
  thematicAreas?: string[] | null;
  eligibleMunicipalityIds?: string[] | null;
}

/** The given municipalities as relation keys; one that does not exist is NOT_FOUND. */
async function municipalities(tx: Prisma.TransactionClient, ids: string[]) {
  const unique = [...new Set(ids)];
  const found = await tx.municipality.count({ where: { id: { in: unique }, archivedAt: null } });
  if (found !== unique.length) {
    throw new NotFoundError('eligibleMunicipalityIds: a municipality has no record with this ID');
  }
  return unique.map((id) => ({ id }));
}

export async function createCall(ctx: Context, input: FundingCallInput) {
  const min = new Prisma.Decimal(input.minGrant);
  const max = new Prisma.Decimal(input.maxGrant);
  const total = new Prisma.Decimal(input.totalBudget);
  if (min.gt(max)) throw new BadUserInputError('minGrant must not be above maxGrant');
  if (max.gt(total)) throw new BadUserInputError('maxGrant must not be above totalBudget');
  if (input.opensOn > input.closesOn) {
    throw new BadUserInputError('closesOn must not be before opensOn');
  }
  const { eligibleMunicipalityIds, ...fields } = input;
  const call = await ctx.prisma.$transaction(async (tx) => {
    const call = await tx.fundingCall.create({
      data: {
        ...fields,
        currency: input.currency ?? 'BAM',
        thematicAreas: input.thematicAreas ?? [],
        ...(eligibleMunicipalityIds?.length
          ? {
              eligibleMunicipalities: {
                connect: await municipalities(tx, eligibleMunicipalityIds),
              },
            }
          : {}),
      },
    });
    // A call opening later is announced by the notifications' daily sweep.
    if (isOpen(call)) await notifyFundingCallOpened(tx, call.id);
    return call;
  });
  ctx.pubsub.publish('fundingCall:opened', { fundingCallId: call.id });
  return call;
}

/** The municipality applies with the idea's full proposal, while the call is open. */
export async function apply(
  ctx: Context,
  input: { ideaId: string; callId: string; requestedAmount: string },
) {
  const idea = await ctx.prisma.$transaction(async (tx) => {
    const idea = await readableIdea(ctx, tx, input.ideaId);
    requireCoordinator(ctx, idea);
    if (!applicationStages.includes(idea.stage)) {
      throw new ConflictError(
        `Apply with a finished proposal (${applicationStages.join(' or ')}); the idea is ${idea.stage}`,
      );
    }
    const call = await tx.fundingCall.findUnique({
      where: { id: input.callId },
      include: { eligibleMunicipalities: { select: { id: true } } },
    });
    if (!call) throw new NotFoundError('No funding call has this ID');
    const eligible = call.eligibleMunicipalities.map((municipality) => municipality.id);
    if (eligible.length > 0 && !eligible.includes(idea.municipalityId)) {
      throw new ConflictError('The call is open only to the municipalities it lists');
    }
    const day = todayInBosnia();
    if (call.closedAt) {
      throw new ConflictError(
        `The call was closed early (${call.closedReason ?? 'no reason given'})`,
      );
    }
    if (day > call.closesOn) {
      throw new ConflictError(
        `The call closed on ${call.closesOn.toISOString().slice(0, 10)}; applications are refused`,
      );
    }
    if (day < call.opensOn) {
      throw new ConflictError(`The call opens on ${call.opensOn.toISOString().slice(0, 10)}`);
    }
    const requested = new Prisma.Decimal(input.requestedAmount);
    if (requested.lt(call.minGrant) || requested.gt(call.maxGrant)) {
      throw new BadUserInputError(
        `requestedAmount: the call grants between ${call.minGrant.toFixed(2)} and ` +
          `${call.maxGrant.toFixed(2)} ${call.currency}`,
      );
    }
    await tx.fundingApplication.create({
      data: {
        ideaId: idea.id,
        callId: call.id,
        requestedAmount: requested,
        currency: call.currency,
      },
    });
    return idea;
  });
  publishIdeaChange(ctx, idea);
  return idea;
}

/** The programme team records the funder's decision on an application. */
export async function decide(
  ctx: Context,
  input: { applicationId: string; awarded: boolean; awardedAmount?: string | null },
) {
  const idea = await ctx.prisma.$transaction(async (tx) => {
    const application = await tx.fundingApplication.findUnique({
      where: { id: input.applicationId },
    });
    if (!application) throw new NotFoundError('No funding application has this ID');
    const idea = await readableIdea(ctx, tx, application.ideaId);
    requireProgrammeTeam(ctx, idea.programmeId);
    if (application.status !== 'SUBMITTED') {
      throw new ConflictError(`The application was already decided (${application.status})`);
    }
    if (input.awarded !== (input.awardedAmount != null)) {
      throw new BadUserInputError('awardedAmount: given exactly when the application is awarded');
    }
    const awardedAmount = input.awardedAmount ? new Prisma.Decimal(input.awardedAmount) : null;
    if (awardedAmount && (awardedAmount.lte(0) || awardedAmount.gt(application.requestedAmount))) {
      throw new BadUserInputError('awardedAmount: above zero and at most the amount requested');
    }
    await tx.fundingApplication.update({
      where: { id: application.id },
      data: {
        status: input.awarded ? 'AWARDED' : 'REJECTED',
        awardedAmount,
        decidedAt: new Date(),
      },
    });
    return idea;
  });
  publishIdeaChange(ctx, idea);
  return idea;
}

/** Stages in which a municipality is looking for funding for its idea. */
const seekingFunding = [
  'SHORTLISTED',
  'PROPOSAL_IN_PREPARATION',
  'PROPOSAL_READY',
  'APPLIED',
] as const;

/**
 * Whether a call matches what a municipality looks for: it shares a thematic area with one of
 * its ideas seeking funding (a call without thematic areas matches every such idea).
 */
export async function callMatches(ctx: Context, call: FundingCall, municipalityId: string) {
  const ideas = await ctx.prisma.projectIdea.findMany({
    where: { municipalityId, stage: { in: [...seekingFunding] } },
    select: { thematicAreas: true },
  });
  if (call.thematicAreas.length === 0) return ideas.length > 0;
  const wanted = new Set(call.thematicAreas.map((area) => area.toLowerCase()));
  return ideas.some((idea) => idea.thematicAreas.some((area) => wanted.has(area.toLowerCase())));
}
