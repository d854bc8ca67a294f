// Demo events from the seeds (000, 002, 003, 004). Where a seed gives no exact date, the date
// is approximate and says so beside it.
import type {
  ActionItemStatus,
  ConclusionStatus,
  EventKind,
  StakeholderGroup,
} from '../generated/prisma/client.js';
import type { ItemDraft } from '../modules/conclusions/document.js';

/** An item as the demo writes it: owners by organisation acronym, not by ID. */
export interface DemoItem extends Omit<
  ItemDraft,
  'ownerMunicipalityId' | 'ownerOrganizationId' | 'ownerMunicipalityIds' | 'ownerOrganizationIds'
> {
  owner?: string;
  /** Further owners, by organisation acronym (beside `allPartners`, the "JLS" of seed 003). */
  owners?: string[];
  /** Where follow-up stands today (adopted documents only). */
  status?: ActionItemStatus;
  /** Where each owner's share stands, by municipality name or organisation acronym (the
   * others are OPEN); the item's status follows from them. */
  shares?: Record<string, ActionItemStatus>;
}

export interface DemoParticipant {
  /** A person of the directory demo, by full name. */
  person?: string;
  /** An organisation, by acronym or name. */
  organization?: string;
  group: StakeholderGroup;
}

interface DemoEvent {
  kind: EventKind;
  title: string;
  programmeCode: string;
  hostMunicipality?: string;
  hostOrganization?: string;
  venue?: string;
  place: string;
  startsOn: string;
  endsOn: string;
  published: boolean;
  /** The public watches the DRAFT conclusions live. */
  liveToPublic?: boolean;
  days: { date: string; title?: string; agenda: string[] }[];
  participants: DemoParticipant[];
  presentations?: { title: string; organization: string; supportedBy: string }[];
  conclusions: { status: ConclusionStatus; items: DemoItem[] };
}

export const demoEvents: DemoEvent[] = [
  {
    kind: 'WORKSHOP',
    title:
      'Druga radionica kontakt osoba / koordinatora za iseljenike, na temu komunikacija sa ' +
      'iseljeništvom',
    programmeCode: 'M&R',
    hostOrganization: 'UNDP',
    place: 'Sarajevo',
    startsOn: '2015-03-25',
    endsOn: '2015-03-26',
    published: true,
    days: [
      {
        date: '2015-03-25',
        title: 'Komunikacija sa iseljeništvom',
        agenda: [
          'Dobre prakse JLS u komunikaciji sa dijasporom',
          'Virtuelni matičar: iskustva Prijedora i Sanskog Mosta',
          'Saradnja sa medijima: web portal BH Radio 1',
        ],
      },
      {
        date: '2015-03-26',
        title: 'Projektne ideje',
        agenda: [
          'Razrada prioritetnih projektnih ideja zasnovanih na strategijama razvoja',
          'Javni pozivi domaćih institucija i međunarodnih organizacija',
        ],
      },
    ],
    participants: [
      { person: 'Koordinator za dijasporu, Ključ', group: 'MUNICIPAL_AUTHORITY' },
      { person: 'Kontakt osoba za iseljenike, Prijedor', group: 'MUNICIPAL_AUTHORITY' },
      { person: 'Kontakt osoba za iseljenike, Sanski Most', group: 'MUNICIPAL_AUTHORITY' },
      { person: 'Samir Imamović', group: 'INTERNATIONAL_AGENCY' },
      { organization: 'MLJPI', group: 'BIH_INSTITUTION' },
    ],
    conclusions: {
      status: 'ADOPTED',
      items: [
        {
          id: 'mr2-d1-1',
          kind: 'CONCLUSION',
          day: 1,
          text:
            'Evidentno je da postoje dobre prakse u komunikaciji sa dijasporom u JLS učesnicama u ' +
            'projektu Migracije i razvoj, ali te prakse nisu dovoljno zastupljene u medijima ' +
            'širom Bosne i Hercegovine.',
        },
        {
          id: 'mr2-d1-2',
          kind: 'RECOMMENDATION',
          day: 1,
          text:
            'Potrebno je kreirati tipski model za izdavanje dokumenata dijaspori putem općinskih ' +
            'web stranica, koristeći se iskustvima Prijedora i Sanskog Mosta (virtuelni matičar).',
        },
        {
          id: 'mr2-d1-3',
          kind: 'ACTION',
          allPartners: true,
          shares: { Ključ: 'DONE', Prijedor: 'DONE', 'Sanski Most': 'IN_PROGRESS' },
          day: 1,
          text:
            'JLS koje do sada nisu dostavile upitnik pregleda stanja dijaspore u što kraćem roku ' +
            'dostavljaju popunjene obrasce u MLJPI.',
        },
        {
          id: 'mr2-d1-4',
          kind: 'ACTION',
          allPartners: true,
          shares: { Ključ: 'DONE', 'Sanski Most': 'IN_PROGRESS', UNDP: 'IN_PROGRESS' },
          owners: ['MLJPI', 'UNDP'],
          day: 1,
          text:
            'JLS dostavljaju sve vijesti i informacije relevantne za dijasporu web portalu BH ' +
            'Radio 1 (radio1@bhrt.ba); MLJPI i UNDP čine napore u povezivanju sa dodatnim ' +
            'medijskim partnerima u cilju promocije dobrih praksi.',
        },
        {
          id: 'mr2-d1-5',
          kind: 'RECOMMENDATION',
          day: 1,
          text:
            'Nastaviti sa održavanjem radionica za kontakt osobe / koordinatore, iskoristiti ' +
            'prednosti uspostavljene mreže koordinatora za dijasporu i po mogućnosti je proširiti ' +
            'dodatnim članovima izvan okvira učesnika u projektu Migracije i razvoj.',
        },
        {
          id: 'mr2-d1-6',
          kind: 'ACTION',
          day: 1,
          text:
            'Obuka iz komunikacija održava se kao dio treće radionice kontakt osoba / ' +
            'koordinatora za dijasporu (kraj maja 2015.).',
          owner: 'UNDP',
          dueDate: '2015-05-31',
          status: 'DONE',
        },
        {
          id: 'mr2-d1-7',
          kind: 'ACTION',
          allPartners: true,
          shares: { Ključ: 'DONE', Prijedor: 'IN_PROGRESS' },
          day: 1,
          text:
            'Povećati vidljivost projekta i postignuća JLS razmjenom informacija o dobrim ' +
            'praksama putem zajedničke distribucijske mail liste (Mreza M&R kontakt osoba za ' +
            'iseljenike) i zajedničkog biltena sa primjerima dobrih praksi iz svih JLS.',
        },
        {
          id: 'mr2-d1-8',
          kind: 'ACTION',
          allPartners: true,
          shares: { Ključ: 'DONE', Prijedor: 'DONE' },
          day: 1,
          text:
            'JLS dostavljaju prijedloge tema za četvrti sastanak kontakt osoba / koordinatora ' +
            'za iseljenike na e-mail samir.imamovic@undp.org.',
          dueDate: '2015-04-16',
        },
        {
          id: 'mr2-d2-1',
          kind: 'ACTION',
          day: 2,
          text:
            'Tim projekta Migracije i razvoj dostavlja JLS obrazac za razradu projektnih ideja; ' +
            'svaka JLS razrađuje jednu prioritetnu projektnu ideju zasnovanu na integriranoj ' +
            'strategiji razvoja i godišnjem planu implementacije.',
          owner: 'UNDP',
          status: 'DONE',
        },
        {
          id: 'mr2-d2-2',
          kind: 'CONCLUSION',
          day: 2,
          text:
            'Projektne ideje koje u najvećoj mjeri stimuliraju održiva partnerstva između ' +
            'lokalnih zajednica i dijaspore bit će uz stručnu podršku projektnog tima razrađene ' +
            'do nivoa potpunog projektnog prijedloga.',
        },
        {
          id: 'mr2-d2-3',
          kind: 'CONCLUSION',
          day: 2,
          text:
            'JLS sa potpunim projektnim prijedlozima mogu aplicirati za finansiranje u okviru ' +
            'javnih poziva domaćih institucija i međunarodnih organizacija; tim projekta ' +
            'pravovremeno obavještava JLS o svim relevantnim mogućnostima za finansiranje.',
        },
      ],
    },
  },
  {
    kind: 'TRAINING',
    title: 'Trening koordinatora i zamjenika koordinatora partnerskih JLS (MAKERS)',
    programmeCode: 'MAKERS',
    hostOrganization: 'UNDP',
    place: 'Igman',
    startsOn: '2022-10-18',
    endsOn: '2022-10-19',
    published: true,
    // The demo's document open for co-editing, watchable by anyone (README, bench).
    liveToPublic: true,
    days: [
      {
        date: '2022-10-18',
        agenda: [
          'Rezultati rada lokalnih dijaloških platformi (LDP) i Foruma za građanske inicijative',
          'Pozitivne prakse i izazovi u vođenju LDP i Foruma',
        ],
      },
      {
        date: '2022-10-19',
        agenda: [
          'Zajedničke oblasti saradnje kroz međuopštinsku lokalnu dijalošku platformu (MLDP)',
          'Plan aktivnosti i djelovanja u narednom periodu',
        ],
      },
    ],
    participants: [
      { person: 'Koordinator MAKERS, Trnovo', group: 'MUNICIPAL_AUTHORITY' },
      { person: 'Zamjenik koordinatora MAKERS, Trnovo', group: 'MUNICIPAL_AUTHORITY' },
      { organization: 'UNDP', group: 'INTERNATIONAL_AGENCY' },
    ],
    conclusions: {
      status: 'DRAFT',
      items: [
        {
          id: 'igman-1',
          kind: 'CONCLUSION',
          day: 1,
          text:
            'Zajedničke oblasti saradnje kroz međuopštinsku lokalnu dijalošku platformu (MLDP): ' +
            'jačanje učešća građana u odlučivanju, unapređenje položaja mladih u lokalnoj ' +
            'zajednici, podrška djeci i mladima sa poteškoćama u razvoju.',
        },
        {
          id: 'igman-2',
          kind: 'ACTION',
          allPartners: true,
          day: 2,
          text: 'Koordinatori i zamjenici usaglašavaju plan aktivnosti i djelovanja MLDP.',
        },
      ],
    },
  },
  {
    kind: 'BUSINESS_COFFEE',
    // Seed 000 names only the year of Dani dijaspore Ključ 2018; the day is approximate.
    title: 'Biznis kafa, Dani dijaspore Ključ 2018.',
    programmeCode: 'D4D',
    hostMunicipality: 'Ključ',
    venue: 'Ured za dijasporu općine Ključ',
    place: 'Ključ',
    startsOn: '2018-07-28',
    endsOn: '2018-07-28',
    published: true,
    days: [
      {
        date: '2018-07-28',
        agenda: [
          'Prezentacija promotivnog materijala općine Ključ',
          'Saradnja sa dijasporom',
          'Potencijali općine Ključ',
          'Revizija Strategije razvoja općine Ključ 2014 – 2023. godina',
        ],
      },
    ],
    participants: [
      { person: 'Koordinator za dijasporu, Ključ', group: 'MUNICIPAL_AUTHORITY' },
      { person: 'Zamjenik koordinatora, Ključ', group: 'MUNICIPAL_AUTHORITY' },
      { organization: 'MLJPI', group: 'BIH_INSTITUTION' },
      { organization: 'UNDP', group: 'INTERNATIONAL_AGENCY' },
      { organization: 'IOM', group: 'INTERNATIONAL_AGENCY' },
      { organization: 'Prijatelji Ključa', group: 'DIASPORA' },
      { organization: 'Bosansko-kanadsko humanitarno društvo', group: 'DIASPORA' },
      { organization: 'Kosmos', group: 'DIASPORA' },
    ],
    presentations: [
      {
        title: 'Dani kulture Bosne i Hercegovine u Luzernu, Švicarska',
        organization: 'Kosmos',
        supportedBy:
          'Ministarstvo civilnih poslova BiH, Javni konkurs za dodjelu sredstava iz tekućeg ' +
          'granta „Međunarodna kulturna saradnja“ za 2017. godinu',
      },
    ],
    conclusions: {
      status: 'ADOPTED',
      items: [
        {
          id: 'kljuc-1',
          kind: 'CONCLUSION',
          text:
            'Dalje jačati saradnju, promociju privatnih biznisa, razmjenu iskustava i znanja, ' +
            'umrežavanje privatnih i društvenih interesa i promociju potencijala općine Ključ.',
        },
      ],
    },
  },
  {
    kind: 'NETWORK_MEETING',
    // Seed 002 says "last week" without a date; the date is approximate.
    title: 'Prvi sastanak Mreže praktičara JLS za saradnju sa dijasporom (novoizabrane JLS)',
    programmeCode: 'DI',
    hostOrganization: 'USAID',
    place: 'Jahorina',
    startsOn: '2023-03-14',
    endsOn: '2023-03-16',
    published: true,
    days: [
      {
        date: '2023-03-14',
        agenda: ['Modeli angažovanja dijaspore u lokalnom razvoju'],
      },
      {
        date: '2023-03-15',
        agenda: ['Komunikacijski modeli, alati i prakse', 'Promocija i privlačenje investicija'],
      },
      {
        date: '2023-03-16',
        agenda: ['Najbolje globalne prakse; umrežavanje praktičara partnerskih JLS'],
      },
    ],
    participants: [
      { person: 'Koordinator za dijasporu, Zenica', group: 'MUNICIPAL_AUTHORITY' },
      { organization: 'USAID', group: 'INTERNATIONAL_AGENCY' },
    ],
    conclusions: { status: 'DRAFT', items: [] },
  },
];
