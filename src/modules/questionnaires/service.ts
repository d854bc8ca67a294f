// Questionnaire versions, campaigns and returns: who may write what, and the return's states
// NOT_STARTED → DRAFT → SUBMITTED → (REOPENED → SUBMITTED …). A submitted return is immutable.
import type { Context } from '../../context.js';
import { isoDate, todayInBosnia } from '../../dates.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { administers } from '../accounts/grants.js';
import { recordAudit } from '../audit/service.js';
import { isRecipient } from './access.js';
import {
  type Answers,
  allQuestions,
  checkAnswers,
  parseSections,
  refuseAnswers,
  type Section,
} from './definition.js';

type Tx = Prisma.TransactionClient;

export function requireTeam(ctx: Context, programmeId: string | null) {
  if (!administers(ctx.viewer, programmeId)) {
    throw new ForbiddenError('Only the programme team may do this');
  }
}

// --- Questionnaires and versions -------------------------------------------------------------

export async function createQuestionnaire(
  ctx: Context,
  input: {
    programmeId: string | null;
    titleBs: string;
    titleEn?: string | null;
    sections: unknown;
  },
) {
  requireTeam(ctx, input.programmeId);
  const sections = parseSections(input.sections);
  return ctx.prisma.questionnaireVersion.create({
    data: {
      number: 1,
      sections: sections as unknown as Prisma.InputJsonValue,
      questionnaire: {
        create: { programmeId: input.programmeId, titleBs: input.titleBs, titleEn: input.titleEn },
      },
    },
  });
}

async function lockedVersion(ctx: Context, tx: Tx, versionId: string) {
  await tx.$queryRaw`SELECT 1 FROM questionnaire_version WHERE id = ${versionId}::uuid FOR UPDATE`;
  const version = await tx.questionnaireVersion.findUnique({
    where: { id: versionId },
    include: { questionnaire: true },
  });
  if (!version) throw new NotFoundError('No questionnaire version has this ID');
  requireTeam(ctx, version.questionnaire.programmeId);
  return version;
}

/** Replaces a draft version's sections; a published version is immutable (CONFLICT). */
export async function updateVersion(ctx: Context, versionId: string, input: unknown) {
  return ctx.prisma.$transaction(async (tx) => {
    const version = await lockedVersion(ctx, tx, versionId);
    if (version.publishedAt) {
      throw new ConflictError('A published version is immutable; start a new version');
    }
    const sections = parseSections(input);
    return tx.questionnaireVersion.update({
      where: { id: versionId },
      data: { sections: sections as unknown as Prisma.InputJsonValue },
    });
  });
}

export async function publishVersion(ctx: Context, versionId: string) {
  return ctx.prisma.$transaction(async (tx) => {
    const version = await lockedVersion(ctx, tx, versionId);
    if (version.publishedAt) throw new ConflictError('The version is already published');
    return tx.questionnaireVersion.update({
      where: { id: versionId },
      data: { publishedAt: new Date() },
    });
  });
}

/** A new draft version, a copy of the latest one (or the given sections), keys kept. */
export async function startNewVersion(ctx: Context, questionnaireId: string, sections?: unknown) {
  return ctx.prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 FROM questionnaire WHERE id = ${questionnaireId}::uuid FOR UPDATE`;
    const questionnaire = await tx.questionnaire.findUnique({
      where: { id: questionnaireId },
      include: { versions: { orderBy: { number: 'desc' }, take: 1 } },
    });
    if (!questionnaire) throw new NotFoundError('No questionnaire has this ID');
    requireTeam(ctx, questionnaire.programmeId);
    const latest = questionnaire.versions[0]!;
    if (!latest.publishedAt)
      throw new ConflictError('The latest version is still a draft; edit it');
    const content =
      sections === undefined || sections === null ? latest.sections : parseSections(sections);
    return tx.questionnaireVersion.create({
      data: {
        questionnaireId,
        number: latest.number + 1,
        sections: content as Prisma.InputJsonValue,
      },
    });
  });
}

// --- Campaigns -------------------------------------------------------------------------------

export interface CampaignInput {
  versionId: string;
  programmeId: string | null;
  kind?: 'SURVEY' | 'CALL_FOR_INPUT' | null;
  title: string;
  opensOn: Date;
  closesOn: Date;
  remindDaysBefore?: number | null;
  recipients: {
    programmePartners?: boolean | null;
    municipalityIds?: string[] | null;
    organizationIds?: string[] | null;
  };
}

/** Sends a published version to its recipients: one NOT_STARTED return each. */
export async function createCampaign(ctx: Context, input: CampaignInput) {
  requireTeam(ctx, input.programmeId);
  if (input.opensOn > input.closesOn) {
    throw new BadUserInputError('closesOn must not be before opensOn');
  }
  const { programmePartners, municipalityIds, organizationIds } = input.recipients;
  const modes = [programmePartners === true, !!municipalityIds?.length, !!organizationIds?.length];
  if (modes.filter(Boolean).length !== 1) {
    throw new BadUserInputError(
      'recipients: give exactly one of programmePartners, municipalityIds, organizationIds',
    );
  }
  const campaign = await ctx.prisma.$transaction(async (tx) => {
    const version = await tx.questionnaireVersion.findUnique({ where: { id: input.versionId } });
    if (!version) throw new NotFoundError('No questionnaire version has this ID');
    if (!version.publishedAt) throw new ConflictError('Publish the version before sending it');
    let owners: Prisma.QuestionnaireReturnCreateManyCampaignInput[];
    if (programmePartners) {
      if (!input.programmeId) throw new BadUserInputError('programmePartners needs a programmeId');
      const partnerships = await tx.programmePartnership.findMany({
        where: { programmeId: input.programmeId, status: 'ACTIVE', archivedAt: null },
        select: { municipalityId: true },
      });
      owners = [...new Set(partnerships.map((p) => p.municipalityId))].map((municipalityId) => ({
        municipalityId,
      }));
    } else if (municipalityIds?.length) {
      const ids = [...new Set(municipalityIds)];
      const found = await tx.municipality.count({ where: { id: { in: ids }, archivedAt: null } });
      if (found !== ids.length)
        throw new BadUserInputError('municipalityIds: a municipality does not exist');
      owners = ids.map((municipalityId) => ({ municipalityId }));
    } else {
      const ids = [...new Set(organizationIds!)];
      const found = await tx.organization.count({
        where: { id: { in: ids }, kind: 'DIASPORA_ASSOCIATION', archivedAt: null },
      });
      if (found !== ids.length) {
        throw new BadUserInputError('organizationIds: each must be a diaspora association');
      }
      owners = ids.map((organizationId) => ({ organizationId }));
    }
    if (!owners.length) throw new BadUserInputError('recipients: the campaign has no recipient');
    return tx.questionnaireCampaign.create({
      data: {
        versionId: version.id,
        programmeId: input.programmeId,
        kind: input.kind ?? 'SURVEY',
        title: input.title,
        opensOn: input.opensOn,
        closesOn: input.closesOn,
        remindDaysBefore: input.remindDaysBefore ?? 3,
        returns: { createMany: { data: owners } },
      },
    });
  });
  return campaign;
}

// --- Returns ---------------------------------------------------------------------------------

/** The return, locked for the change, with its campaign's version. */
async function lockedReturn(tx: Tx, returnId: string) {
  await tx.$queryRaw`SELECT 1 FROM questionnaire_return WHERE id = ${returnId}::uuid FOR UPDATE`;
  const found = await tx.questionnaireReturn.findUnique({
    where: { id: returnId },
    include: { campaign: { include: { version: true } } },
  });
  if (!found) throw new NotFoundError('No questionnaire return has this ID');
  return found;
}

type LoadedReturn = Awaited<ReturnType<typeof lockedReturn>>;

function requireRecipient(ctx: Context, found: LoadedReturn) {
  if (!isRecipient(ctx.viewer, found)) {
    throw new ForbiddenError(
      'Only the recipient’s coordinator or representative fills in a return',
    );
  }
  if (found.status === 'SUBMITTED') {
    throw new ConflictError(
      'The return is submitted and immutable; ask the programme team to reopen it',
    );
  }
  if (todayInBosnia() < found.campaign.opensOn) {
    throw new ConflictError(`The campaign opens on ${isoDate(found.campaign.opensOn)}`);
  }
}

const questionsOf = (found: LoadedReturn) =>
  allQuestions(found.campaign.version.sections as unknown as Section[]);

function publishChange(ctx: Context, found: { id: string; campaignId: string }) {
  ctx.pubsub.publish('questionnaireReturn:changed', found.campaignId, { returnId: found.id });
}

/**
 * Saves answers as a draft: the keys given replace the stored ones (null clears one). Checked
 * for shape only; the recipient finishes later.
 */
export async function saveDraft(ctx: Context, returnId: string, answers: unknown) {
  const saved = await ctx.prisma.$transaction(async (tx) => {
    const found = await lockedReturn(tx, returnId);
    requireRecipient(ctx, found);
    if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
      throw new BadUserInputError('answers: must be an object of question keys');
    }
    const merged = { ...(found.answers as Answers), ...(answers as Answers) };
    const { answers: kept, errors } = checkAnswers(questionsOf(found), merged, false);
    refuseAnswers(errors);
    return tx.questionnaireReturn.update({
      where: { id: returnId },
      data: {
        answers: kept as Prisma.InputJsonValue,
        status: found.status === 'REOPENED' ? 'REOPENED' : 'DRAFT',
        savedAt: new Date(),
      },
    });
  });
  publishChange(ctx, saved);
  return saved;
}

/** Submits the stored answers, checked in full; then the return is immutable. */
export async function submitReturn(ctx: Context, returnId: string) {
  const submitted = await ctx.prisma.$transaction(async (tx) => {
    const found = await lockedReturn(tx, returnId);
    requireRecipient(ctx, found);
    const { answers, errors } = checkAnswers(questionsOf(found), found.answers, true);
    refuseAnswers(errors);
    return tx.questionnaireReturn.update({
      where: { id: returnId },
      data: {
        answers: answers as Prisma.InputJsonValue,
        status: 'SUBMITTED',
        submittedAt: new Date(),
        submittedById: ctx.viewer!.userId,
      },
    });
  });
  publishChange(ctx, submitted);
  return submitted;
}

/** The programme team reopens a submitted return, with a reason (audited). */
export async function reopenReturn(ctx: Context, returnId: string, reason: string) {
  const reopened = await ctx.prisma.$transaction(async (tx) => {
    const found = await lockedReturn(tx, returnId);
    requireTeam(ctx, found.campaign.programmeId);
    if (found.status !== 'SUBMITTED') {
      throw new ConflictError(`Only a submitted return is reopened; this one is ${found.status}`);
    }
    await recordAudit(tx, {
      kind: 'QUESTIONNAIRE_RETURN_REOPENED',
      actorId: ctx.viewer!.userId,
      details: {
        returnId,
        campaignId: found.campaignId,
        municipalityId: found.municipalityId,
        organizationId: found.organizationId,
        submittedAt: found.submittedAt?.toISOString() ?? null,
        reason,
      },
    });
    return tx.questionnaireReturn.update({
      where: { id: returnId },
      data: { status: 'REOPENED', reopenedAt: new Date(), reopenReason: reason },
    });
  });
  publishChange(ctx, reopened);
  return reopened;
}

/** Not submitted and past the deadline (Sarajevo's calendar). */
export const isOverdue = (
  found: { status: string },
  campaign: { closesOn: Date },
  today = todayInBosnia(),
) => found.status !== 'SUBMITTED' && today > campaign.closesOn;
