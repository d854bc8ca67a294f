// Who sees a registrar request. Its own municipality's registrars see everything (each read of
// the personal fields is audited); the requester sees it through the tracking code, which a
// resolver records on the operation's context once checked. Nobody else, administrators
// included: the network sees only figures (registrarModel).
import type { Context } from '../../context.js';
import type { RegistrarRequest } from '../../generated/prisma/client.js';
import { recordAudit } from '../audit/service.js';
import { registers } from '../accounts/grants.js';

/** Requests this operation proved it holds the tracking code of. */
const provenByContext = new WeakMap<Context, Set<string>>();
/** Requests whose personal fields this operation already audited (one row per request). */
const auditedByContext = new WeakMap<Context, Map<string, Promise<void>>>();

export function proveRequester(ctx: Context, requestId: string) {
  let proven = provenByContext.get(ctx);
  if (!proven) provenByContext.set(ctx, (proven = new Set()));
  proven.add(requestId);
}

export function isRequester(ctx: Context, requestId: string): boolean {
  return provenByContext.get(ctx)?.has(requestId) ?? false;
}

export function canReadRequest(
  ctx: Context,
  request: Pick<RegistrarRequest, 'id' | 'municipalityId'>,
): boolean {
  return isRequester(ctx, request.id) || registers(ctx.viewer, request.municipalityId);
}

/** Requests' municipalities as this operation read them (a timeline's entries share one). */
const municipalityByContext = new WeakMap<Context, Map<string, Promise<string | null>>>();

/** The same rule by the request's id (for its messages): one read per request and operation. */
export async function canReadRequestById(ctx: Context, requestId: string): Promise<boolean> {
  if (isRequester(ctx, requestId)) return true;
  let known = municipalityByContext.get(ctx);
  if (!known) municipalityByContext.set(ctx, (known = new Map()));
  let municipalityId = known.get(requestId);
  if (!municipalityId) {
    municipalityId = ctx.prisma.registrarRequest
      .findUnique({ where: { id: requestId }, select: { municipalityId: true } })
      .then((request) => request?.municipalityId ?? null);
    known.set(requestId, municipalityId);
  }
  const found = await municipalityId;
  return found !== null && registers(ctx.viewer, found);
}

/**
 * Before a personal field is given to staff: one audit row per request and operation (the
 * requester reading their own data is not audited).
 */
export function auditPersonalRead(
  ctx: Context,
  request: Pick<RegistrarRequest, 'id'> & { municipalityId?: string },
): Promise<void> {
  if (isRequester(ctx, request.id) || !ctx.viewer) return Promise.resolve();
  let audited = auditedByContext.get(ctx);
  if (!audited) auditedByContext.set(ctx, (audited = new Map()));
  let written = audited.get(request.id);
  if (!written) {
    written = recordAudit(ctx.prisma, {
      kind: 'REGISTRAR_PERSONAL_DATA_READ',
      actorId: ctx.viewer.userId,
      address: ctx.address,
      details: { requestId: request.id },
    });
    audited.set(request.id, written);
  }
  return written;
}
