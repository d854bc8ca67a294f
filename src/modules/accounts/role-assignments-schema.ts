// Giving and taking away roles: who may grant which role in which scope.
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../../builder.js';
import type { Context } from '../../context.js';
import type { Role } from '../../generated/prisma/client.js';
import { mutationPayload, recordById } from '../payload.js';
import { assignRole, revokeRole } from './role-assignments.js';
import { RoleAssignmentNode, RoleEnum, UserNode } from './schema.js';

const AssignRoleInput = builder.inputType('AssignRoleInput', {
  description:
    'NETWORK_ADMIN: all programmes, or one with programmeId. COORDINATOR, DEPUTY_COORDINATOR: ' +
    'municipalityId, optionally programmeId. REVIEWER, PARTNER: programmeId. ' +
    'DIASPORA_REPRESENTATIVE: organizationId. REGISTRAR: municipalityId.',
  fields: (t) => ({
    userId: t.globalID({
      required: true,
      for: UserNode,
      description: 'Who gets the role (`User.id`).',
    }),
    role: t.field({ type: RoleEnum, required: true, description: 'The role.' }),
    programmeId: t.globalID({ description: 'The programme it is limited to (`Programme.id`).' }),
    municipalityId: t.globalID({
      description: 'The municipality of a coordinator, deputy or registrar (`Municipality.id`).',
    }),
    organizationId: t.globalID({
      description: 'The association of a DIASPORA_REPRESENTATIVE (`Organization.id`).',
    }),
  }),
});

/** Roles whose every right lies inside their programme: a programme's own admin may grant them. */
const programmeConfinedRoles = new Set<Role>(['NETWORK_ADMIN', 'REVIEWER', 'PARTNER']);

/**
 * Who may grant or take away `role` with this programme scope. A coordinator's or a
 * representative's rights reach beyond any one programme (municipality or association data),
 * so only administrators of all programmes grant those.
 */
function grantRule(role: Role, programmeId: string | null) {
  return programmeId && programmeConfinedRoles.has(role)
    ? { programmeAdmin: programmeId }
    : { networkAdmin: true };
}

builder.mutationField('assignRole', (t) =>
  t.field({
    type: mutationPayload<{ roleAssignmentId: string }>('AssignRolePayload', {
      fields: (f) => ({
        roleAssignment: recordById(
          f,
          'RoleAssignment',
          'The new assignment.',
          (payload) => payload.roleAssignmentId,
        ),
      }),
    }),
    description:
      'Gives a user a role. Network administrators of all programmes may give any; an ' +
      'administrator of one programme only the roles confined to it (NETWORK_ADMIN, REVIEWER, ' +
      'PARTNER with programmeId set to theirs); municipal and association roles need the ' +
      'former. BAD_USER_INPUT when the scope does not fit the role (see `AssignRoleInput`) or ' +
      'an ID names nothing; CONFLICT when the user holds the role with that scope already. ' +
      'The user’s open connections get the new rights at once.',
    // Decided on the input (see grantRule).
    authScopes: (_root, { input }) =>
      grantRule(
        input.role,
        input.programmeId?.typename === 'Programme' ? input.programmeId.id : null,
      ),
    args: {
      input: t.arg({
        type: AssignRoleInput,
        required: true,
        description: 'The user, the role and its scope.',
      }),
    },
    resolve: (_root, { input }, ctx) => assignRole(ctx, { ...input, userId: input.userId.id }),
  }),
);

const RevokeRoleInput = builder.inputType('RevokeRoleInput', {
  description: 'The role assignment to end.',
  fields: (t) => ({
    roleAssignmentId: t.globalID({
      required: true,
      for: RoleAssignmentNode,
      description: 'The assignment (`RoleAssignment.id`).',
    }),
  }),
});

builder.mutationField('revokeRole', (t) =>
  t.field({
    type: mutationPayload<{ id: string }>('RevokeRolePayload', {
      fields: (f) => ({
        revokedRoleAssignmentId: f.id({
          description: 'The global ID the deleted assignment had.',
          resolve: (payload) => encodeGlobalID('RoleAssignment', payload.id),
        }),
      }),
    }),
    description:
      'Takes a role away (deletes the assignment); same rule as `assignRole`, on the ' +
      'assignment’s programme. NOT_FOUND when no assignment has this ID. The user’s open ' +
      'connections lose the rights at once.',
    authScopes: async (_root, { input }, ctx: Context) => {
      const grant = await ctx.prisma.roleAssignment.findUnique({
        where: { id: input.roleAssignmentId.id },
        select: { role: true, programmeId: true },
      });
      return grant ? grantRule(grant.role, grant.programmeId) : { networkAdmin: true };
    },
    args: {
      input: t.arg({ type: RevokeRoleInput, required: true, description: 'The assignment.' }),
    },
    resolve: async (_root, { input }, ctx) => {
      await revokeRole(ctx, input.roleAssignmentId.id);
      return { id: input.roleAssignmentId.id };
    },
  }),
);
