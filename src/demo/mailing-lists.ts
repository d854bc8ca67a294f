// The network's distribution list of seed 003: "Mreža M&R kontakt osoba za iseljenike", the
// M&R programme's coordinators and deputies by their role, the Ministry and BH Radio 1, open
// to sign-up for the media; and the first issue of the network's bulletin, ready to send.
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
  const contacts: [key: string, email: string, name: string][] = [
    ['MLJPI', 'dijaspora@mljpi.example', 'MLJPI – Sektor za iseljeništvo'],
    ['BHR1', 'redakcija@bhr1.example', 'BH Radio 1 – redakcija'],
  ];
  for (const [key, email, name] of contacts) {
    const organizationId = orgIds.get(key);
    if (!organizationId) continue;
    await tx.mailingListMember.create({
      data: { listId: list.id, kind: 'ORGANIZATION', organizationId, email, name },
    });
  }
  await loadBulletinDemo(tx, programmeIds);
  return list.id;
}

/** Issue 1: an editorial and the published good practices and news, in the order of seed 003. */
async function loadBulletinDemo(
  tx: Prisma.TransactionClient,
  programmeIds: ReadonlyMap<string, string>,
) {
  const stories = await tx.story.findMany({
    where: { status: 'PUBLISHED' },
    orderBy: [{ kind: 'asc' }, { publishedAt: 'asc' }],
    select: { id: true },
  });
  await tx.bulletin.create({
    data: {
      programmeId: programmeIds.get('M&R')!,
      title: 'Bilten mreže kontakt osoba za iseljenike – broj 1',
      editorial: [
        'Drage kolegice i kolege,',
        '',
        'u prvom broju zajedničkog biltena donosimo **primjere dobre prakse** iz naših ' +
          'općina i gradova: uspješnu priču iz Sanskog Mosta, biznis kafu iz Ključa i Dane ' +
          'kulture BiH u Luzernu.',
        '',
        'Vijesti o saradnji s dijasporom šaljite i portalu BH Radija 1.',
      ].join('\n'),
      stories: { create: stories.map((story, position) => ({ storyId: story.id, position })) },
    },
  });
}
