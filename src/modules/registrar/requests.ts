// Requests from the diaspora: made without an account, counted once the e-mail address is
// confirmed, then followed with the tracking code; worked by the municipality's registrars.
import type { Context } from '../../context.js';
import { isoDate, todayInBosnia } from '../../dates.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type {
  Language,
  Prisma,
  RegistrarDataField,
  RegistrarDeliveryOption,
  RegistrarRequestStatus,
} from '../../generated/prisma/client.js';
import { normalizeEmail } from '../accounts/service.js';
import { notify } from '../notifications/service.js';
import { newSecret, requestIdOf, secretMatches } from './secrets.js';
import { VERIFICATION_TTL_MS } from './sweep.js';
import { cancellable, closedStatuses, processingStatuses, registrarMoves } from './workflow.js';

type Tx = Prisma.TransactionClient;
const DAY_MS = 24 * 3600 * 1000;

export interface DocumentRequestInput {
  municipalityId: string;
  serviceId: string;
  email: string;
  requesterName: string;
  phone?: string | null;
  country: string;
  deliveryOption: RegistrarDeliveryOption;
  deliveryAddress?: string | null;
  data: { field: RegistrarDataField; value: string }[];
  language?: Language | null;
}

/**
 * Records an unverified request and e-mails the confirmation code. The data is checked
 * against the municipality's offer of the service; nothing is written when it does not fit.
 */
export async function requestDocument(ctx: Context, input: DocumentRequestInput) {
  const email = normalizeEmail(input.email);
  const offer = await ctx.prisma.registrarServiceOffer.findUnique({
    where: {
      municipalityId_serviceId: {
        municipalityId: input.municipalityId,
        serviceId: input.serviceId,
      },
    },
    include: { service: true, municipality: { include: { registrarAdoption: true } } },
  });
  if (
    !offer?.offered ||
    !offer.service.publishedAt ||
    offer.municipality.registrarAdoption?.status !== 'ADOPTED'
  ) {
    throw new BadUserInputError('serviceId: this municipality does not offer this service online');
  }
  if (!offer.deliveryOptions.includes(input.deliveryOption)) {
    throw new BadUserInputError(
      `deliveryOption: ${offer.municipality.name} offers ${offer.deliveryOptions.join(', ')} for this service`,
    );
  }
  if (input.deliveryOption === 'POST_ABROAD' && !input.deliveryAddress?.trim()) {
    throw new BadUserInputError('deliveryAddress: needed for POST_ABROAD');
  }
  const personalData = requiredData(offer.service.requiredData, input.data);
  // Counted only for well-formed requests, before anything is written.
  await ctx.rateLimits.registrarRequests.consume(ctx.address ?? 'unknown', email);

  await ctx.prisma.$transaction(async (tx) => {
    const request = await tx.registrarRequest.create({
      data: {
        municipalityId: input.municipalityId,
        serviceId: input.serviceId,
        email,
        requesterName: input.requesterName,
        phone: input.phone ?? null,
        country: input.country,
        deliveryOption: input.deliveryOption,
        deliveryAddress: input.deliveryAddress ?? null,
        personalData,
        language: input.language ?? 'BS',
        fee: offer.fee,
        processingDays: offer.processingDays,
      },
    });
    const verification = newSecret(request.id);
    await tx.registrarRequest.update({
      where: { id: request.id },
      data: { verificationHash: verification.hash },
    });
    await notify(tx, {
      kind: 'REGISTRAR_VERIFICATION',
      emails: [email],
      language: input.language ?? 'BS',
      data: {
        requestId: request.id,
        service: offer.service.name,
        municipality: offer.municipality.name,
        token: verification.value,
        expiresAt: new Date(request.createdAt.getTime() + VERIFICATION_TTL_MS).toISOString(),
      },
    });
  });
}

/** Every field the service needs, each once, and nothing else. */
function requiredData(
  required: RegistrarDataField[],
  given: { field: RegistrarDataField; value: string }[],
): Record<string, string> {
  const data: Record<string, string> = {};
  for (const { field, value } of given) {
    if (!required.includes(field)) {
      throw new BadUserInputError(`data: ${field} is not asked for by this service`);
    }
    if (field in data) throw new BadUserInputError(`data: ${field} is given twice`);
    data[field] = value;
  }
  const missing = required.filter((field) => !(field in data));
  if (missing.length) throw new BadUserInputError(`data: missing ${missing.join(', ')}`);
  return data;
}

/**
 * Confirms the address: the request counts from now on and its tracking code is made (given
 * once, here; only its hash is kept). A token used, expired or wrong is NOT_FOUND alike.
 */
export async function confirmRequest(ctx: Context, token: string) {
  const notFound = new NotFoundError('No request waits for this confirmation code');
  const id = requestIdOf(token);
  const request = id ? await ctx.prisma.registrarRequest.findUnique({ where: { id } }) : null;
  const fresh = request !== null && request.createdAt.getTime() > Date.now() - VERIFICATION_TTL_MS;
  if (!secretMatches(token, request?.verificationHash ?? null) || !fresh || !request) {
    throw notFound;
  }
  const tracking = newSecret(request.id);
  const now = new Date();
  const dueOn = new Date(todayInBosnia(now).getTime() + request.processingDays * DAY_MS);
  await ctx.prisma.$transaction(async (tx) => {
    // Only one confirmation wins: the hash is cleared by the first.
    const confirmed = await tx.registrarRequest.updateMany({
      where: { id: request.id, verificationHash: request.verificationHash, verifiedAt: null },
      data: { verificationHash: null, trackingHash: tracking.hash, verifiedAt: now, dueOn },
    });
    if (confirmed.count === 0) throw notFound;
    await tx.registrarRequestMessage.create({
      data: { requestId: request.id, fromRequester: true, status: 'RECEIVED' },
    });
  });
  ctx.pubsub.publish('registrarRequest:changed', request.id, { requestId: request.id });
  ctx.pubsub.publish('registrarQueue:changed', { municipalityId: request.municipalityId });
  return { trackingCode: tracking.value, requestId: request.id };
}

/** The request a tracking code opens, or null: a wrong, unconfirmed or erased code alike. */
export async function requestByTrackingCode(ctx: Context, trackingCode: string) {
  const id = requestIdOf(trackingCode);
  const request = id ? await ctx.prisma.registrarRequest.findUnique({ where: { id } }) : null;
  return secretMatches(trackingCode, request?.trackingHash ?? null) ? request : null;
}

export async function requireTrackedRequest(ctx: Context, trackingCode: string) {
  const request = await requestByTrackingCode(ctx, trackingCode);
  if (!request) throw new NotFoundError('No request has this tracking code');
  return request;
}

/** Locks the request for a change and refuses one whose data is gone. */
async function lockRequest(tx: Tx, requestId: string) {
  await tx.$queryRaw`SELECT 1 FROM registrar_request WHERE id = ${requestId}::uuid FOR UPDATE`;
  const request = await tx.registrarRequest.findUnique({
    where: { id: requestId },
    include: { service: true, municipality: true },
  });
  if (!request?.verifiedAt) throw new NotFoundError('No registrar request has this ID');
  if (request.erasedAt) throw new ConflictError('This request is closed and its data erased');
  return request;
}

interface Change {
  status?: RegistrarRequestStatus | null;
  message?: string | null;
  fromRequester: boolean;
  authorId?: string | null;
}

/** Applies a status change and/or message, notifies the requester, publishes after commit. */
async function changeRequest(ctx: Context, requestId: string, change: Change) {
  const updated = await ctx.prisma.$transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    const status = change.status ?? null;
    if (status && status !== request.status) {
      const allowed = change.fromRequester
        ? cancellable.includes(request.status)
          ? ['CANCELLED']
          : []
        : registrarMoves[request.status];
      if (!allowed.includes(status)) {
        throw new ConflictError(
          `A ${request.status} request cannot become ${status}; allowed: ${allowed.join(', ') || 'none (it is closed)'}`,
          { allowed },
        );
      }
      if (status === 'REJECTED' && !change.message) {
        throw new BadUserInputError('message: give the reason for rejecting');
      }
    } else if (status) {
      throw new ConflictError(`The request is already ${status}`, {
        allowed: registrarMoves[status],
      });
    }
    const moved = status !== null;
    const row = await tx.registrarRequest.update({
      where: { id: requestId },
      data: moved
        ? {
            status,
            ...(closedStatuses.includes(status) ? { closedAt: new Date() } : {}),
            ...(status === 'REJECTED' ? { rejectionReason: change.message } : {}),
          }
        : { updatedAt: new Date() },
    });
    await tx.registrarRequestMessage.create({
      data: {
        requestId,
        fromRequester: change.fromRequester,
        authorId: change.authorId ?? null,
        status,
        text: change.message ?? null,
      },
    });
    // The requester hears of every change but their own messages.
    if (!change.fromRequester || moved) {
      await notify(tx, {
        kind: 'REGISTRAR_REQUEST_CHANGED',
        emails: [request.email!],
        language: request.language,
        data: {
          requestId,
          service: request.service.name,
          municipality: request.municipality.name,
          status: row.status,
          message: change.fromRequester ? null : (change.message ?? null),
        },
      });
    }
    return row;
  });
  ctx.pubsub.publish('registrarRequest:changed', requestId, { requestId });
  ctx.pubsub.publish('registrarQueue:changed', { municipalityId: updated.municipalityId });
  return updated;
}

export function updateByRegistrar(
  ctx: Context,
  input: { id: string; status?: RegistrarRequestStatus | null; message?: string | null },
) {
  if (!input.status && !input.message) {
    throw new BadUserInputError('input: give a status, a message or both');
  }
  if (input.status === 'CANCELLED') {
    throw new BadUserInputError('status: only the requester cancels a request');
  }
  return changeRequest(ctx, input.id, {
    status: input.status,
    message: input.message,
    fromRequester: false,
    authorId: ctx.viewer?.userId,
  });
}

export async function cancelByRequester(
  ctx: Context,
  trackingCode: string,
  reason?: string | null,
) {
  const request = await requireTrackedRequest(ctx, trackingCode);
  return changeRequest(ctx, request.id, {
    status: 'CANCELLED',
    message: reason,
    fromRequester: true,
  });
}

export async function messageFromRequester(ctx: Context, trackingCode: string, text: string) {
  const request = await requireTrackedRequest(ctx, trackingCode);
  return changeRequest(ctx, request.id, { message: text, fromRequester: true });
}

// --- The queue -------------------------------------------------------------------------------

/** Past its processing days and still being processed. */
export function isOverdue(request: { status: RegistrarRequestStatus; dueOn: Date | null }) {
  return (
    processingStatuses.includes(request.status) &&
    request.dueOn !== null &&
    request.dueOn < todayInBosnia()
  );
}

export function overdueFilter(): Prisma.RegistrarRequestWhereInput {
  return { status: { in: processingStatuses }, dueOn: { lt: todayInBosnia() } };
}

export const dueDay = (request: { dueOn: Date | null }) =>
  request.dueOn ? isoDate(request.dueOn) : null;
