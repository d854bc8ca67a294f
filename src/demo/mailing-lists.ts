// The network's distribution list of seed 003: "Mreža M&R kontakt osoba za iseljenike", the
// M&R programme's coordinators and deputies by their role, open to sign-up for the media.
import type { Prisma } from '../generated/prisma/client.js';

export const DEMO_LIST_NAME = 'Mreža M&R kontakt osoba za iseljenike';

export async function loadMailingListsDemo(
  tx: Prisma.TransactionClient,
  programmeIds: ReadonlyMap<string, string>,
  orgIds: ReadonlyMap<string, string>,
): Promise<string> {
  const list = await tx.mailingList.create({
    data: {
      programmeId: programmeIds.get('M&R')!,
      name: DEMO_LIST_NAME,
      description:
        'Zajednička distribucijska lista kontakt osoba / koordinatora za iseljenike ' +
        'partnerskih JLS, projektnog tima i partnera.',
      includeCoordinators: true,
      openToSignUp: true,
    },
  });
  const ministry = orgIds.get('MLJPI');
  if (ministry) {
    await tx.mailingListMember.create({
      data: {
        listId: list.id,
        kind: 'ORGANIZATION',
        organizationId: ministry,
        email: 'dijaspora@mljpi.example',
        name: 'MLJPI – Sektor za iseljeništvo',
      },
    });
  }
  return list.id;
}
