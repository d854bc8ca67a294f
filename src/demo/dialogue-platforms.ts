// Seed 004 (MAKERS): the partner municipalities' local dialogue platforms (LDP) and Forums for
// civic initiatives, and the inter-municipal platform (MLDP) with the three areas agreed at the
// Igman training (18–19 October 2022) and its plan of activities. The seed names the areas and
// says a plan was made with the coordinators and deputies; it does not list the plan's items,
// so the activities below are illustrative, one or two per area.
import type { Transaction as Tx } from '../db/database.js';

interface DemoIds {
  programmes: Map<string, string>;
  organizations: Map<string, string>;
  municipalities: Map<string, string>;
}

const localPlatforms = [
  {
    municipality: 'Trnovo',
    form: 'LOCAL_DIALOGUE_PLATFORM',
    name: 'Lokalna dijaloška platforma Trnovo',
  },
  {
    municipality: 'Novi Grad Sarajevo',
    form: 'CIVIC_INITIATIVES_FORUM',
    name: 'Forum za građanske inicijative Novi Grad Sarajevo',
  },
  {
    municipality: 'Zenica',
    form: 'LOCAL_DIALOGUE_PLATFORM',
    name: 'Lokalna dijaloška platforma Zenica',
  },
] as const;

const areas = [
  {
    title: 'Jačanje učešća građana u odlučivanju',
    shares: {
      Trnovo: 'Pozitivna praksa LDP: prijedlozi građana upućeni općinskom vijeću.',
      'Novi Grad Sarajevo': 'Forum za građanske inicijative okuplja mjesne zajednice.',
    },
  },
  {
    title: 'Unapređenje položaja mladih u lokalnoj zajednici',
    shares: {
      Zenica: 'Pozitivna praksa LDP: mladi uključeni u rad platforme.',
      Trnovo: 'Inicijative mladih pokrenute kroz LDP.',
    },
  },
  {
    title: 'Podrška djeci i mladima sa poteškoćama u razvoju',
    shares: { 'Novi Grad Sarajevo': 'Forum je pokrenuo inicijative podrške porodicama.' },
  },
] as const;

/** [title, area index, owners, deadline, expected result] — illustrative (see above). */
const activities: [string, number, string[], string, string][] = [
  [
    'Razmjena iskustava LDP/Foruma o uključivanju građana u izradu općinskih odluka',
    0,
    ['Trnovo', 'Novi Grad Sarajevo', 'Zenica'],
    '2023-03-31',
    'Zajednički pregled pozitivnih praksi učešća građana',
  ],
  [
    'Zajednička inicijativa mladih partnerskih JLS kroz MLDP',
    1,
    ['Zenica', 'Trnovo'],
    '2023-06-30',
    'Jedna inicijativa mladih upućena općinskim vijećima',
  ],
  [
    'Mapiranje usluga podrške djeci i mladima sa poteškoćama u razvoju',
    2,
    ['Novi Grad Sarajevo', 'Trnovo', 'Zenica'],
    '2023-09-30',
    'Pregled postojećih usluga i prijedlog zajedničkih aktivnosti',
  ],
];

export async function loadDialoguePlatformsDemo(tx: Tx, ids: DemoIds) {
  const programmeId = ids.programmes.get('MAKERS')!;
  const municipality = (name: string) => {
    const id = ids.municipalities.get(name);
    if (!id) throw new Error(`demo data: no municipality ${name}`);
    return id;
  };
  const locals = new Map<string, string>();
  for (const local of localPlatforms) {
    const row = await tx.dialoguePlatform.create({
      data: {
        programmeId,
        kind: 'LOCAL',
        form: local.form,
        name: local.name,
        municipalities: { create: [{ municipalityId: municipality(local.municipality) }] },
      },
    });
    locals.set(local.municipality, row.id);
  }
  const mldp = await tx.dialoguePlatform.create({
    data: {
      programmeId,
      kind: 'INTER_MUNICIPAL',
      name: 'Međuopštinska lokalna dijaloška platforma (MLDP) MAKERS',
      description:
        'Zajedničke oblasti i prioriteti partnerskih JLS, usaglašeni na treningu na Igmanu.',
      municipalities: {
        create: localPlatforms.map((local) => ({
          municipalityId: municipality(local.municipality),
        })),
      },
    },
  });
  // The Igman training is the MLDP's first meeting.
  await tx.event.updateMany({
    where: { programmeId, startsOn: new Date('2022-10-18') },
    data: { dialoguePlatformId: mldp.id },
  });
  const areaIds: string[] = [];
  for (const [position, area] of areas.entries()) {
    const row = await tx.priorityArea.create({
      data: {
        platformId: mldp.id,
        title: area.title,
        position,
        municipalities: {
          create: Object.entries(area.shares).map(([name, reason]) => ({
            municipalityId: municipality(name),
            reason,
          })),
        },
      },
    });
    areaIds.push(row.id);
  }
  await tx.priorityAreaAdoption.create({
    data: { areaId: areaIds[0]!, platformId: locals.get('Trnovo')! },
  });
  await tx.jointActionPlan.create({
    data: {
      platformId: mldp.id,
      title: 'Plan aktivnosti i djelovanja MLDP (trening na Igmanu, oktobar 2022.)',
      activities: {
        create: activities.map(([title, area, owners, deadline, expectedResult], position) => ({
          position,
          title,
          areaId: areaIds[area]!,
          deadline: new Date(deadline),
          expectedResult,
          owners: { create: owners.map((name) => ({ municipalityId: municipality(name) })) },
        })),
      },
    },
  });
}
