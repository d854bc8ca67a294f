// The standard model (the network's catalogue of document services) and each municipality's
// adoption of it: its registrar office, payment instructions, and the services it offers with
// its own fee, processing days and delivery options.
import type { Context } from '../../context.js';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';
import type { RegistrarDataField, RegistrarDeliveryOption } from '../../generated/prisma/client.js';
import { canEditMunicipality, registers } from '../accounts/grants.js';

/** Who sets a municipality's adoption: its coordinators, its registrars, administrators. */
export function managesRegistrar(ctx: Context, municipalityId: string): boolean {
  return canEditMunicipality(ctx.viewer, municipalityId) || registers(ctx.viewer, municipalityId);
}

export interface ServiceInput {
  code: string;
  name: string;
  description?: string | null;
  requiredData: RegistrarDataField[];
  deliveryOptions: RegistrarDeliveryOption[];
  fee: string;
  processingDays: number;
}

export function createService(ctx: Context, input: ServiceInput) {
  if (!input.deliveryOptions.length) {
    throw new BadUserInputError('deliveryOptions: give at least one');
  }
  return ctx.prisma.registrarService.create({
    data: {
      ...input,
      requiredData: [...new Set(input.requiredData)],
      deliveryOptions: [...new Set(input.deliveryOptions)],
    },
  });
}

export async function publishService(ctx: Context, serviceId: string) {
  const published = await ctx.prisma.registrarService.updateMany({
    where: { id: serviceId, publishedAt: null },
    data: { publishedAt: new Date() },
  });
  const service = await ctx.prisma.registrarService.findUnique({ where: { id: serviceId } });
  if (!service) throw new NotFoundError('No registrar service has this ID');
  if (published.count === 0) throw new ConflictError('The service is already published');
  return service;
}

export interface AdoptionInput {
  municipalityId: string;
  registrarOffice: string;
  paymentInstructions: string;
  /** true: the adoption is complete (the municipality takes requests); false: in progress. */
  complete: boolean;
}

export async function adoptModel(ctx: Context, input: AdoptionInput) {
  if (!managesRegistrar(ctx, input.municipalityId)) throw new ForbiddenError();
  return ctx.prisma.$transaction(async (tx) => {
    if (input.complete) {
      const offered = await tx.registrarServiceOffer.count({
        where: { municipalityId: input.municipalityId, offered: true },
      });
      if (!offered) {
        throw new ConflictError('Offer at least one service before completing the adoption');
      }
    }
    const fields = {
      registrarOffice: input.registrarOffice,
      paymentInstructions: input.paymentInstructions,
      status: input.complete ? ('ADOPTED' as const) : ('IN_PROGRESS' as const),
      adoptedAt: input.complete ? new Date() : null,
    };
    return tx.registrarAdoption.upsert({
      where: { municipalityId: input.municipalityId },
      create: { municipalityId: input.municipalityId, ...fields },
      update: fields,
    });
  });
}

export interface OfferInput {
  municipalityId: string;
  serviceId: string;
  fee?: string | null;
  processingDays?: number | null;
  deliveryOptions?: RegistrarDeliveryOption[] | null;
  offered?: boolean | null;
}

/** Offers a published service (or stops offering it); unset values take the model's. */
export async function offerService(ctx: Context, input: OfferInput) {
  if (!managesRegistrar(ctx, input.municipalityId)) throw new ForbiddenError();
  return ctx.prisma.$transaction(async (tx) => {
    const [service, adoption] = await Promise.all([
      tx.registrarService.findUnique({ where: { id: input.serviceId } }),
      tx.registrarAdoption.findUnique({ where: { municipalityId: input.municipalityId } }),
    ]);
    if (!service?.publishedAt) {
      throw new BadUserInputError('serviceId: not a published service of the model');
    }
    if (!adoption) throw new ConflictError('Adopt the model (adoptRegistrarModel) first');
    const options = input.deliveryOptions ? [...new Set(input.deliveryOptions)] : undefined;
    const foreign = options?.filter((option) => !service.deliveryOptions.includes(option));
    if (foreign?.length) {
      throw new BadUserInputError(
        `deliveryOptions: the model does not have ${foreign.join(', ')} for this service`,
      );
    }
    if (options && !options.length)
      throw new BadUserInputError('deliveryOptions: give at least one');
    const values = {
      ...(input.fee != null ? { fee: input.fee } : {}),
      ...(input.processingDays != null ? { processingDays: input.processingDays } : {}),
      ...(options ? { deliveryOptions: options } : {}),
      ...(input.offered != null ? { offered: input.offered } : {}),
    };
    return tx.registrarServiceOffer.upsert({
      where: {
        municipalityId_serviceId: {
          municipalityId: input.municipalityId,
          serviceId: input.serviceId,
        },
      },
      create: {
        municipalityId: input.municipalityId,
        serviceId: input.serviceId,
        fee: service.fee,
        processingDays: service.processingDays,
        deliveryOptions: service.deliveryOptions,
        ...values,
      },
      update: values,
    });
  });
}

/** The model's reach: services published, municipalities adopting, partners among them. */
export async function modelFigures(ctx: Context) {
  const partners = { partnerships: { some: { archivedAt: null, status: 'ACTIVE' as const } } };
  const [publishedServices, adopted, inProgress, partnerMunicipalities, adoptedPartners] =
    await Promise.all([
      ctx.prisma.registrarService.count({ where: { publishedAt: { not: null } } }),
      ctx.prisma.registrarAdoption.count({ where: { status: 'ADOPTED' } }),
      ctx.prisma.registrarAdoption.count({ where: { status: 'IN_PROGRESS' } }),
      ctx.prisma.municipality.count({ where: { archivedAt: null, ...partners } }),
      ctx.prisma.municipality.count({
        where: { archivedAt: null, ...partners, registrarAdoption: { status: 'ADOPTED' } },
      }),
    ]);
  return { publishedServices, adopted, inProgress, partnerMunicipalities, adoptedPartners };
}
