// Giving and taking away roles: which scope each role takes, the audited writes, and the
// announcement that lets the user's open connections pick up their new rights at once.
import { z } from 'zod';
import type { Context } from '../../context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type { Role } from '../../generated/prisma/client.js';
import type { PubSub } from '../../pubsub.js';
import { signedIn } from '../../viewer.js';
import { recordAudit } from '../audit/service.js';

/** A decoded global ID, its type not yet checked. */
type GlobalRef = { typename: string; id: string };

export interface RoleAssignmentRequest {
  userId: string;
  role: Role;
  programmeId?: GlobalRef | null;
  municipalityId?: GlobalRef | null;
  organizationId?: GlobalRef | null;
}

const uuid = z.uuid();

const scopeRules: Record<
  Role,
  { programme: 'required' | 'optional' | 'none'; municipality: boolean; organization: boolean }
> = {
  NETWORK_ADMIN: { programme: 'optional', municipality: false, organization: false },
  COORDINATOR: { programme: 'optional', municipality: true, organization: false },
  DEPUTY_COORDINATOR: { programme: 'optional', municipality: true, organization: false },
  REVIEWER: { programme: 'required', municipality: false, organization: false },
  PARTNER: { programme: 'required', municipality: false, organization: false },
  DIASPORA_REPRESENTATIVE: { programme: 'none', municipality: false, organization: true },
  REGISTRAR: { programme: 'none', municipality: true, organization: false },
};

/** The scope the request gives its role; BAD_USER_INPUT when it does not fit the role. */
function grantScope(request: RoleAssignmentRequest) {
  const rule = scopeRules[request.role];
  const id = (ref: GlobalRef | null | undefined, typename: string) => {
    if (!ref) return null;
    if (ref.typename !== typename || !uuid.safeParse(ref.id).success) {
      throw new BadUserInputError(`"${typename}" ID expected`);
    }
    return ref.id;
  };
  const programmeId = id(request.programmeId, 'Programme');
  const municipalityId = id(request.municipalityId, 'Municipality');
  const organizationId = id(request.organizationId, 'Organization');
  const wrong = (what: string) => new BadUserInputError(`${request.role} ${what}`);
  if (rule.programme === 'required' && !programmeId) throw wrong('needs programmeId');
  if (rule.programme === 'none' && programmeId) throw wrong('takes no programmeId');
  if (rule.municipality !== Boolean(municipalityId))
    throw wrong(rule.municipality ? 'needs municipalityId' : 'takes no municipalityId');
  if (rule.organization !== Boolean(organizationId))
    throw wrong(rule.organization ? 'needs organizationId' : 'takes no organizationId');
  return { programmeId, municipalityId, organizationId };
}

/** After a grant or revocation commits: sockets of that user get the new roles at once. */
function rolesChanged(pubsub: PubSub, userId: string) {
  pubsub.publish('roles:changed', { userId });
}

/** Gives the role with its scope, audited; CONFLICT when the user holds it there already. */
export async function assignRole(
  ctx: Context,
  request: RoleAssignmentRequest,
): Promise<{ roleAssignmentId: string }> {
  const { prisma, pubsub, address } = ctx;
  const actorId = signedIn(ctx).userId;
  const scope = grantScope(request);
  const { userId, role } = request;
  const grant = await prisma.$transaction(async (tx) => {
    const existing = await tx.roleAssignment.findFirst({ where: { userId, role, ...scope } });
    if (existing) throw new ConflictError('The user already has this role here');
    const created = await tx.roleAssignment.create({ data: { userId, role, ...scope } });
    await recordAudit(tx, {
      kind: 'ROLE_ASSIGNED',
      actorId,
      subjectUserId: userId,
      address,
      details: { roleAssignmentId: created.id, role, ...scope },
    });
    return created;
  });
  rolesChanged(pubsub, userId);
  return { roleAssignmentId: grant.id };
}

/** Deletes the assignment, audited; NOT_FOUND when no assignment has this ID. */
export async function revokeRole(ctx: Context, roleAssignmentId: string): Promise<void> {
  const { prisma, pubsub, address } = ctx;
  const actorId = signedIn(ctx).userId;
  const userId = await prisma.$transaction(async (tx) => {
    const grant = await tx.roleAssignment.findUnique({ where: { id: roleAssignmentId } });
    if (!grant) throw new NotFoundError('No role assignment has this ID');
    await tx.roleAssignment.delete({ where: { id: grant.id } });
    await recordAudit(tx, {
      kind: 'ROLE_REVOKED',
      actorId,
      subjectUserId: grant.userId,
      address,
      details: {
        roleAssignmentId: grant.id,
        role: grant.role,
        programmeId: grant.programmeId,
        municipalityId: grant.municipalityId,
        organizationId: grant.organizationId,
      },
    });
    return grant.userId;
  });
  rolesChanged(pubsub, userId);
}
