import { encodeGlobalID } from '@pothos/plugin-relay';
import * as Y from 'yjs';
import type { Transaction as Tx } from '../db/database.js';
import type { ActionItemStatus } from '../generated/prisma/client.js';
import { createOnAdoption, statusOfShares } from '../modules/action-items/owners.js';
import { encodeItems } from '../modules/conclusions/document.js';
import { projectItems } from '../modules/conclusions/projection.js';
import { type DemoParticipant, demoEvents } from './events.js';

interface DemoIds {
  programmes: Map<string, string>;
  organizations: Map<string, string>;
  municipalities: Map<string, string>;
}

function lookup(ids: Map<string, string>, key: string, what: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`demo data: no ${what} ${key}`);
  return id;
}

/**
 * The seeds' events with days, agenda, participants and presentations, and their conclusions;
 * adopted ones get their action items the way adoption makes them (seed 003's "JLS …" actions
 * for all partner municipalities of M&R, one share each).
 */
export async function loadEventsDemo(tx: Tx, ids: DemoIds) {
  const organization = (key: string) => lookup(ids.organizations, key, 'organisation');
  for (const event of demoEvents) {
    const { conclusions } = event;
    const snapshot = encodeItems(
      conclusions.items.map(({ owner, owners, status: _status, ...item }) => ({
        ...item,
        ...(owner
          ? { ownerOrganizationId: encodeGlobalID('Organization', organization(owner)) }
          : {}),
        ...(owners
          ? {
              ownerOrganizationIds: owners.map((key) =>
                encodeGlobalID('Organization', organization(key)),
              ),
            }
          : {}),
      })),
    );
    const doc = new Y.Doc();
    Y.applyUpdate(doc, snapshot);
    const items = projectItems(doc);
    doc.destroy();
    const adopted = conclusions.status === 'ADOPTED';
    const row = await tx.event.create({
      data: {
        kind: event.kind,
        title: event.title,
        programmeId: lookup(ids.programmes, event.programmeCode, 'programme'),
        hostMunicipalityId: event.hostMunicipality
          ? lookup(ids.municipalities, event.hostMunicipality, 'municipality')
          : null,
        hostOrganizationId: event.hostOrganization ? organization(event.hostOrganization) : null,
        venue: event.venue,
        place: event.place,
        startsOn: new Date(event.startsOn),
        endsOn: new Date(event.endsOn),
        published: event.published,
        liveToPublic: event.liveToPublic ?? false,
        days: {
          create: event.days.map((day, index) => ({
            number: index + 1,
            date: new Date(day.date),
            title: day.title,
            agenda: { create: day.agenda.map((topic, position) => ({ position, topic })) },
          })),
        },
        presentations: {
          create: (event.presentations ?? []).map(({ organization: key, ...presentation }) => ({
            ...presentation,
            organizationId: organization(key),
          })),
        },
        conclusions: {
          create: {
            status: conclusions.status,
            snapshot: Buffer.from(snapshot),
            adoptedAt: adopted ? new Date(event.endsOn) : null,
            items: { create: items },
          },
        },
      },
      include: { conclusions: true },
    });
    for (const participant of event.participants) {
      await tx.eventParticipant.create({
        data: {
          eventId: row.id,
          status: 'REGISTERED',
          stakeholderGroup: participant.group,
          registeredAt: new Date(event.startsOn),
          // The organisers' own list: accepted.
          acceptedAt: new Date(event.startsOn),
          ...(await participantRefs(tx, participant, organization)),
        },
      });
    }
    if (!adopted) continue;
    await createOnAdoption(
      tx,
      { documentId: row.conclusions!.id, eventId: row.id, programmeId: row.programmeId },
      items,
    );
    for (const item of conclusions.items.filter((item) => item.shares)) {
      await recordShares(tx, ids, row.conclusions!.id, item.id, item.shares!);
    }
    for (const item of conclusions.items.filter((item) => item.status)) {
      await tx.actionItem.update({
        where: {
          documentId_conclusionItemId: {
            documentId: row.conclusions!.id,
            conclusionItemId: item.id,
          },
        },
        data: {
          status: item.status,
          owners: { updateMany: { where: {}, data: { status: item.status } } },
          updates: { create: { status: item.status } },
        },
      });
    }
  }
}

async function participantRefs(
  tx: Tx,
  participant: DemoParticipant,
  organization: (key: string) => string,
) {
  if (!participant.person) {
    return { organizationId: organization(participant.organization!) };
  }
  const person = await tx.person.findFirstOrThrow({ where: { fullName: participant.person } });
  return {
    personId: person.id,
    municipalityId: person.municipalityId,
    organizationId: person.organizationId,
  };
}

/** Each owner's progress on a demo action, and the item's status that follows from it. */
async function recordShares(
  tx: Tx,
  ids: DemoIds,
  documentId: string,
  conclusionItemId: string,
  shares: Record<string, ActionItemStatus>,
) {
  const item = await tx.actionItem.findUniqueOrThrow({
    where: { documentId_conclusionItemId: { documentId, conclusionItemId } },
    select: { id: true },
  });
  for (const [owner, status] of Object.entries(shares)) {
    const municipalityId = ids.municipalities.get(owner);
    const { count } = await tx.actionItemOwner.updateMany({
      where: municipalityId
        ? { actionItemId: item.id, municipalityId }
        : { actionItemId: item.id, organizationId: lookup(ids.organizations, owner, 'owner') },
      data: { status },
    });
    if (count !== 1) throw new Error(`demo data: ${owner} owns no share of ${conclusionItemId}`);
  }
  const owners = await tx.actionItemOwner.findMany({ where: { actionItemId: item.id } });
  for (const share of owners.filter((share) => share.status !== 'OPEN')) {
    await tx.actionItemUpdate.create({
      data: { actionItemId: item.id, ownerId: share.id, status: share.status },
    });
  }
  await tx.actionItem.update({
    where: { id: item.id },
    data: { status: statusOfShares(owners.map((share) => share.status)) },
  });
}
