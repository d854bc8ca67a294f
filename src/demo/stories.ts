// Demo stories from the seeds: the Sanski Most success story the network wanted in its bulletin
// (seed 003), the Ključ business coffee as news and Kosmos' Days of BiH culture in Lucerne (seed
// 000), one draft; and BH Radio 1, the media partner seed 003 names, as the M&R programme's
// partner.
import type { Transaction as Tx } from '../db/database.js';
import type { Prisma } from '../generated/prisma/client.js';

type Ids = Map<string, string>;

function lookup(ids: Ids, key: string, what: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`demo data: no ${what} ${key}`);
  return id;
}

export async function loadStoriesDemo(
  tx: Tx,
  programmeIds: Ids,
  municipalityIds: Ids,
  orgIds: Ids,
): Promise<void> {
  const programme = (code: string) => lookup(programmeIds, code, 'programme');
  const municipality = (name: string) => lookup(municipalityIds, name, 'municipality');
  const organization = (key: string) => lookup(orgIds, key, 'organisation');

  await tx.programmeOrganization.create({
    data: { programmeId: programme('M&R'), organizationId: organization('BHR1'), role: 'PARTNER' },
  });

  const stories: Prisma.StoryUncheckedCreateInput[] = [
    {
      kind: 'GOOD_PRACTICE',
      municipalityId: municipality('Sanski Most'),
      programmeId: programme('M&R'),
      title: 'Uspješna priča iz Sanskog Mosta: virtuelni matičar za dijasporu',
      summary:
        'Iseljenici iz Sanskog Mosta izvode iz matičnih knjiga naručuju putem web stranice ' +
        'općine i primaju ih poštom, bez putovanja u BiH.',
      body: [
        'Općina Sanski Most je među prvima u BiH omogućila svojim građanima u inostranstvu da ' +
          'dokumente iz matičnih knjiga naruče **putem općinske web stranice**.',
        '',
        'Na drugoj radionici kontakt osoba za iseljenike (25.–26. marta 2015.) mreža je ' +
          'zaključila da treba kreirati *tipski model* za izdavanje dokumenata dijaspori, ' +
          'koristeći se iskustvima Prijedora i Sanskog Mosta, i da ovu uspješnu priču treba ' +
          'uvrstiti u zajednički bilten dobrih praksi.',
        '',
        '## Kako radi',
        '',
        '1. Iseljenik popuni zahtjev na stranici općine.',
        '2. Matični ured provjeri podatke i izda dokument.',
        '3. Dokument stiže poštom na adresu u inostranstvu.',
      ].join('\n'),
      topics: ['dobre prakse', 'virtuelni matičar', 'e-uprava'],
      links: [
        {
          label: 'Video: uspješna priča, Sanski Most',
          url: 'http://www.sanskimost.gov.ba/index.php/archiva/1962-video-uspjesna-pricarremus-sanski-most',
        },
        {
          label: 'Virtuelni matičar Općine Sanski Most',
          url: 'http://www.sanskimost.gov.ba/index.php/2012-04-10-18-56-53/izvod-postom',
        },
      ],
      status: 'PUBLISHED',
      publishedAt: new Date('2015-04-02T09:00:00Z'),
    },
    {
      kind: 'NEWS',
      municipalityId: municipality('Ključ'),
      programmeId: programme('D4D'),
      title: 'Održana Biznis kafa u okviru manifestacije Dani dijaspore Ključ 2018.',
      summary:
        'Općinske vlasti, poduzetnici, BH institucije, razvojne agencije, nevladine ' +
        'organizacije i dijaspora razgovarali su o saradnji i potencijalima općine Ključ.',
      body: [
        'U okviru manifestacije Dani dijaspore Ključ 2018. održana je Biznis kafa kao jedna od ' +
          'aktivnosti projekta „Dijaspora za razvoj – D4D“ Ministarstva za ljudska prava i ' +
          'izbjeglice BiH i Vlade Švicarske, u partnerstvu sa UNDP-om i IOM-om u BiH.',
        '',
        'U radnom dijelu obrađene su teme: prezentacija promotivnog materijala općine Ključ, ' +
          'saradnja sa dijasporom, potencijali općine Ključ i revizija Strategije razvoja ' +
          'općine Ključ 2014 – 2023. godina.',
        '',
        'Prostorije Ureda za dijasporu koriste i udruženja „Prijatelji Ključa“ iz Švicarske i ' +
          'Bosansko-kanadsko humanitarno društvo, čiji su predstavnici prisustvovali sastanku.',
      ].join('\n'),
      topics: ['biznis kafa', 'dani dijaspore', 'investicije'],
      links: [],
      status: 'PUBLISHED',
      publishedAt: new Date('2018-07-28T16:00:00Z'),
    },
    {
      kind: 'GOOD_PRACTICE',
      organizationId: organization('Kosmos'),
      municipalityId: municipality('Ključ'),
      programmeId: programme('D4D'),
      title: 'Dani kulture Bosne i Hercegovine u Luzernu',
      summary:
        'Udruženje omladinski centar „Kosmos“ iz Luzerna predstavilo je u Ključu svoj projekt ' +
        'kulturne saradnje, podržan grantom „Međunarodna kulturna saradnja“.',
      body: [
        'Udruženje omladinski centar “Kosmos” je u sklopu programa Biznis kafe predstavio svoj ' +
          'projekt **“Dani kulture Bosne i Hercegovine u Luzernu, Švicarska”**, čime je ' +
          'potvrđeno dosadašnje partnerstvo s općinom Ključ, te su razvijeni planovi za daljnju ' +
          'suradnju.',
        '',
        'Projekt i njegove aktivnosti podržalo je Ministarstvo civilnih poslova BiH u okviru ' +
          'Javnog konkursa za dodjelu sredstava iz tekućeg granta “Međunarodna kulturna ' +
          'saradnja” za 2017. godinu.',
      ].join('\n'),
      topics: ['kultura', 'dijaspora', 'švicarska'],
      links: [],
      status: 'PUBLISHED',
      publishedAt: new Date('2018-07-29T10:00:00Z'),
    },
    {
      kind: 'NEWS',
      municipalityId: municipality('Zenica'),
      programmeId: programme('DI'),
      title: 'Grad Zenica u projektu Diaspora Invest',
      summary: 'Radni tekst: Zenica na sastanku Mreže praktičara na Jahorini.',
      body:
        'Grad Zenica odnedavno je uključen u USAID-ov projekat „Diaspora Invest“. _Nacrt, ' +
        'čeka fotografije sa Jahorine._',
      topics: ['mreža praktičara'],
      links: [],
      status: 'DRAFT',
    },
  ];
  await tx.story.createMany({ data: stories });
}
