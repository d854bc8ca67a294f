// The directory's municipalities and their diaspora offices: the canton rule, one open office per
// municipality, and a `directoryChanged` event after every committed write.
import type { Context } from '../../context.js';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors.js';
import type {
  AdministrativeUnit,
  Canton,
  DiasporaOffice,
  DiasporaOfficeKind,
  Municipality,
  MunicipalityKind,
} from '../../generated/prisma/client.js';
import type { DirectoryChange } from '../../pubsub.js';
import { publishDirectoryChange } from '../directory/events.js';
import { notNull } from '../directory/validation.js';

/** Fields left out stay as they are; null clears an optional field and is refused for another. */
type Changes<Fields> = { [Key in keyof Fields]?: Fields[Key] | null };

// --- Municipalities --------------------------------------------------------------------------

export interface MunicipalityFields {
  name: string;
  kind: MunicipalityKind;
  administrativeUnit: AdministrativeUnit;
  canton?: Canton | null;
  website?: string | null;
  estimatedDiasporaSize?: number | null;
}

/** Cantons exist only in the Federation, and every Federation municipality has one. */
function checkCanton(unit: AdministrativeUnit, canton: Canton | null | undefined) {
  if (unit === 'FEDERATION_OF_BIH' && !canton) {
    throw new BadUserInputError('canton is required in the Federation of BiH');
  }
  if (unit !== 'FEDERATION_OF_BIH' && canton) {
    throw new BadUserInputError('canton is only for municipalities in the Federation of BiH');
  }
}

/** Tells `directoryChanged` subscribers; call only after the write has committed. */
function publishMunicipality(
  ctx: Context,
  municipality: Municipality,
  change: DirectoryChange['change'],
) {
  publishDirectoryChange(ctx, {
    typename: 'Municipality',
    id: municipality.id,
    change,
    municipalityId: municipality.id,
  });
}

/** Adds a municipality; a name already taken is CONFLICT (the unique index, mapped centrally). */
export async function createMunicipality(ctx: Context, fields: MunicipalityFields) {
  checkCanton(fields.administrativeUnit, fields.canton);
  const municipality = await ctx.prisma.municipality.create({ data: fields });
  publishMunicipality(ctx, municipality, 'CREATED');
  return municipality;
}

/** Changes a municipality; its canton must fit the unit it ends up in. */
export async function updateMunicipality(
  ctx: Context,
  municipalityId: string,
  changes: Changes<MunicipalityFields>,
) {
  const { name, kind, administrativeUnit, ...optional } = changes;
  const data = {
    name: notNull(name, 'name'),
    kind: notNull(kind, 'kind'),
    administrativeUnit: notNull(administrativeUnit, 'administrativeUnit'),
    ...optional,
  };
  const municipality = await ctx.prisma.$transaction(async (tx) => {
    const current = await tx.municipality.findUnique({ where: { id: municipalityId } });
    if (!current) throw new NotFoundError('No municipality has this ID');
    checkCanton(
      data.administrativeUnit ?? current.administrativeUnit,
      data.canton === undefined ? current.canton : data.canton,
    );
    return tx.municipality.update({ where: { id: municipalityId }, data });
  });
  publishMunicipality(ctx, municipality, 'UPDATED');
  return municipality;
}

/**
 * Stamps `archivedAt` through `update` and, once written, announces it; an unknown id is
 * NOT_FOUND (mapped centrally).
 */
async function archive<Row>(
  update: (data: { archivedAt: Date }) => Promise<Row>,
  publish: (row: Row) => void,
): Promise<Row> {
  const row = await update({ archivedAt: new Date() });
  publish(row);
  return row;
}

/** Hides a municipality from lists; its records stay. */
export function archiveMunicipality(ctx: Context, municipalityId: string) {
  return archive(
    (data) => ctx.prisma.municipality.update({ where: { id: municipalityId }, data }),
    (municipality) => publishMunicipality(ctx, municipality, 'ARCHIVED'),
  );
}

// --- Diaspora offices ------------------------------------------------------------------------

export interface OfficeFields {
  kind: DiasporaOfficeKind;
  name: string;
  hostUnit?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
  openingHours?: string | null;
}

/** Tells `directoryChanged` subscribers; call only after the write has committed. */
function publishOffice(ctx: Context, office: DiasporaOffice, change: DirectoryChange['change']) {
  publishDirectoryChange(ctx, {
    typename: 'DiasporaOffice',
    id: office.id,
    change,
    municipalityId: office.municipalityId,
  });
}

/**
 * Opens a municipality's diaspora office or info point. One may be open at a time: checked here
 * for a clear message, and by a partial unique index for concurrent writers.
 */
export async function createOffice(ctx: Context, municipalityId: string, fields: OfficeFields) {
  const office = await ctx.prisma.$transaction(async (tx) => {
    const open = await tx.diasporaOffice.findFirst({
      where: { municipalityId, archivedAt: null },
      select: { name: true },
    });
    if (open) {
      throw new ConflictError(
        `The municipality already has an open diaspora office or info point ("${open.name}"); ` +
          'update or archive it first',
      );
    }
    return tx.diasporaOffice.create({ data: { ...fields, municipalityId } });
  });
  publishOffice(ctx, office, 'CREATED');
  return office;
}

/** Changes an office's details; an unknown id is NOT_FOUND (mapped centrally). */
export async function updateOffice(ctx: Context, officeId: string, changes: Changes<OfficeFields>) {
  const { kind, name, ...optional } = changes;
  const office = await ctx.prisma.diasporaOffice.update({
    where: { id: officeId },
    data: { kind: notNull(kind, 'kind'), name: notNull(name, 'name'), ...optional },
  });
  publishOffice(ctx, office, 'UPDATED');
  return office;
}

/** Closes an office; its municipality may then open another. */
export function archiveOffice(ctx: Context, officeId: string) {
  return archive(
    (data) => ctx.prisma.diasporaOffice.update({ where: { id: officeId }, data }),
    (office) => publishOffice(ctx, office, 'ARCHIVED'),
  );
}
