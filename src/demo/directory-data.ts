// The directory's demo data, from the network's news items and minutes: the 28 municipalities that signed the
// memorandum on diaspora cooperation at the Ministry on 20 November 2017, plus Trnovo (MAKERS);
// their partnerships, diaspora offices, coordinators, the memorandum itself, and diaspora
// associations. People without a name in the seeds are labelled by their function.
import type {
  AdministrativeUnit,
  Canton,
  CoordinatorRole,
  DiasporaOfficeKind,
  MunicipalityKind,
} from '../generated/prisma/client.js';
import type { DiasporaInterest } from '../modules/diaspora/schema.js';

interface DemoMunicipality {
  name: string;
  kind: MunicipalityKind;
  administrativeUnit: AdministrativeUnit;
  canton?: Canton;
  website?: string;
}

const fbih = (name: string, canton: Canton, kind: MunicipalityKind = 'MUNICIPALITY') => ({
  name,
  kind,
  administrativeUnit: 'FEDERATION_OF_BIH' as const,
  canton,
});
const rs = (name: string, kind: MunicipalityKind = 'MUNICIPALITY') => ({
  name,
  kind,
  administrativeUnit: 'REPUBLIKA_SRPSKA' as const,
});

/** The memorandum's 28 signatories, in the order the seed names them. */
export const memorandumSignatories: DemoMunicipality[] = [
  fbih('Bihać', 'UNA_SANA', 'CITY'),
  rs('Bijeljina', 'CITY'),
  fbih('Bosanski Petrovac', 'UNA_SANA'),
  rs('Bratunac'),
  rs('Brod'),
  rs('Čelinac'),
  rs('Doboj', 'CITY'),
  fbih('Gradačac', 'TUZLA', 'CITY'),
  fbih('Jajce', 'CENTRAL_BOSNIA'),
  fbih('Kladanj', 'TUZLA'),
  { ...fbih('Ključ', 'UNA_SANA'), website: 'https://opcinakljuc.ba' },
  fbih('Kreševo', 'CENTRAL_BOSNIA'),
  rs('Laktaši', 'CITY'), // a city since 2022
  fbih('Ljubuški', 'WEST_HERZEGOVINA', 'CITY'), // a city since 2020 (with Gradačac)
  rs('Lopare'),
  fbih('Maglaj', 'ZENICA_DOBOJ'),
  rs('Nevesinje'),
  { ...fbih('Novi Grad Sarajevo', 'SARAJEVO'), website: 'https://www.novigradsarajevo.ba' },
  fbih('Posušje', 'WEST_HERZEGOVINA'),
  { ...rs('Prijedor', 'CITY'), website: 'http://prijedorgrad.org' },
  { ...fbih('Sanski Most', 'UNA_SANA'), website: 'http://www.sanskimost.gov.ba' },
  rs('Sokolac'),
  rs('Stanari'),
  fbih('Usora', 'ZENICA_DOBOJ'),
  fbih('Velika Kladuša', 'UNA_SANA'),
  fbih('Zavidovići', 'ZENICA_DOBOJ'),
  { ...fbih('Zenica', 'ZENICA_DOBOJ', 'CITY'), website: 'https://www.zenica.ba' },
  fbih('Žepče', 'ZENICA_DOBOJ'),
];

export const demoMunicipalities: DemoMunicipality[] = [
  ...memorandumSignatories,
  // "Općina Trnovo" (MAKERS): the Federation's Trnovo in Sarajevo Canton.
  fbih('Trnovo', 'SARAJEVO'),
];

/** [programme code, cohort, joined on, municipality names] */
export const demoPartnerships: [string, string, string, string[]][] = [
  ['D4D', 'Potpisnice Memoranduma 2017', '2017-11-20', memorandumSignatories.map((m) => m.name)],
  ['DI', 'Novoizabrane JLS', '2023-03-01', ['Zenica']],
  ['MAKERS', 'Partnerske JLS 2022', '2022-10-18', ['Trnovo', 'Novi Grad Sarajevo', 'Zenica']],
  ['M&R', 'Mreža kontakt osoba 2015', '2015-03-25', ['Prijedor', 'Sanski Most', 'Ključ']],
];

interface DemoOffice {
  municipality: string;
  kind: DiasporaOfficeKind;
  name: string;
  hostUnit?: string;
  phone?: string;
  email?: string;
}

export const demoOffices: DemoOffice[] = [
  {
    municipality: 'Ključ',
    kind: 'DIASPORA_OFFICE',
    name: 'Ured za dijasporu općine Ključ',
    hostUnit: 'Općina Ključ',
  },
  {
    municipality: 'Novi Grad Sarajevo',
    kind: 'INFO_POINT',
    name: 'Info tačka za iseljeništvo',
    hostUnit: 'Centar za razvoj biznisa, Služba za privredu i lokalni ekonomski razvoj',
    phone: '+387 33 291 261',
    email: 'crbng@bih.net.ba',
  },
];

interface DemoPerson {
  fullName: string;
  jobTitle?: string;
  email?: string;
  municipality?: string;
  organization?: string;
  /** [programme code, role, starts on] */
  assignments?: [string, CoordinatorRole, string][];
}

export const demoPeople: DemoPerson[] = [
  {
    fullName: 'Džemaludin Kahrović',
    jobTitle: 'pomoćnik općinskog načelnika za privredu i lokalni ekonomski razvoj',
    municipality: 'Novi Grad Sarajevo',
  },
  {
    fullName: 'Samir Imamović',
    jobTitle: 'tim projekta Migracije i razvoj',
    email: 'samir.imamovic@undp.org',
    organization: 'UNDP',
  },
  {
    fullName: 'Koordinator za dijasporu, Ključ',
    jobTitle: 'koordinator za iseljeništvo',
    email: 'koordinator.kljuc@veza.test',
    municipality: 'Ključ',
    assignments: [
      ['D4D', 'COORDINATOR', '2017-11-20'],
      ['M&R', 'COORDINATOR', '2015-03-25'],
    ],
  },
  {
    fullName: 'Zamjenik koordinatora, Ključ',
    jobTitle: 'Ured za dijasporu',
    municipality: 'Ključ',
    assignments: [['D4D', 'DEPUTY', '2018-01-15']],
  },
  {
    fullName: 'Koordinator za dijasporu, Zenica',
    jobTitle: 'koordinator za saradnju sa dijasporom',
    email: 'koordinator.zenica@veza.test',
    municipality: 'Zenica',
    assignments: [
      ['DI', 'COORDINATOR', '2023-03-01'],
      ['D4D', 'COORDINATOR', '2017-11-20'],
    ],
  },
  {
    fullName: 'Kontakt osoba za iseljenike, Prijedor',
    jobTitle: 'virtuelni matičar',
    municipality: 'Prijedor',
    assignments: [['M&R', 'COORDINATOR', '2015-03-25']],
  },
  {
    fullName: 'Kontakt osoba za iseljenike, Sanski Most',
    municipality: 'Sanski Most',
    assignments: [['M&R', 'COORDINATOR', '2015-03-25']],
  },
  {
    fullName: 'Koordinator MAKERS, Trnovo',
    municipality: 'Trnovo',
    assignments: [['MAKERS', 'COORDINATOR', '2022-10-18']],
  },
  {
    fullName: 'Zamjenik koordinatora MAKERS, Trnovo',
    municipality: 'Trnovo',
    assignments: [['MAKERS', 'DEPUTY', '2022-10-18']],
  },
];

/** Diaspora associations (organisations seeded in data.ts) and their home municipality. */
export const demoAssociationHomes: [string, string][] = [
  ['Prijatelji Ključa', 'Ključ'],
  ['Bosansko-kanadsko humanitarno društvo', 'Ključ'],
];

export const demoMemorandum = {
  title: 'Memorandum o saradnji u oblasti iseljeništva',
  signedOn: '2017-11-20',
  place: 'Ministarstvo za ljudska prava i izbjeglice BiH, Sarajevo',
  programme: 'D4D',
  goals: [
    'Jačanje kapaciteta lokalnih zajednica za saradnju sa iseljeništvom',
    'Razvijanje lokalnih projekata usmjerenih na uključivanje iseljeništva u lokalni razvoj',
    'Mreža koordinatora iz lokalnih zajednica za saradnju sa iseljeništvom i Ministarstvom',
    'Umrežavanje i mapiranje dijaspore',
  ],
  resources: [
    { description: 'Jačanje kapaciteta lokalnih zajednica (Vlada Švicarske)', amount: '1300000' },
    { description: 'Lokalne inicijative za saradnju sa iseljeništvom', amount: '1000000' },
  ],
  /** The Ministry is a party; each municipality signed with its own representative. */
  organizationParties: ['MLJPI'],
  signatories: {
    'Novi Grad Sarajevo': {
      person: 'Džemaludin Kahrović',
      function: 'pomoćnik općinskog načelnika za privredu i lokalni ekonomski razvoj',
    },
  } as Record<string, { person: string; function: string }>,
};

interface DemoDiasporaMember {
  country: string;
  city?: string;
  home: string;
  association?: string;
  skills: string[];
  sectors: string[];
  interests: DiasporaInterest[];
  languages: string[];
  /** With consent: the scope and the personal fields it allows. */
  consent?: { scope: 'MAPPING' | 'NAME' | 'CONTACT'; fullName?: string; email?: string };
}

export const demoDiasporaMembers: DemoDiasporaMember[] = [
  {
    country: 'CH',
    city: 'Luzern',
    home: 'Ključ',
    association: 'Prijatelji Ključa',
    skills: ['mašinstvo', 'upravljanje projektima'],
    sectors: ['metalna industrija'],
    interests: ['INVESTMENT', 'MENTORING'],
    languages: ['bs', 'de'],
    consent: {
      scope: 'CONTACT',
      fullName: 'Član dijaspore (demo), Luzern',
      email: 'clan.luzern@veza.test',
    },
  },
  {
    country: 'CA',
    city: 'Toronto',
    home: 'Ključ',
    association: 'Bosansko-kanadsko humanitarno društvo',
    skills: ['medicina'],
    sectors: ['zdravstvo'],
    interests: ['PHILANTHROPY', 'KNOWLEDGE_TRANSFER'],
    languages: ['bs', 'en'],
    consent: { scope: 'NAME', fullName: 'Članica dijaspore (demo), Toronto' },
  },
  {
    country: 'DE',
    city: 'München',
    home: 'Zenica',
    skills: ['informatika', 'upravljanje projektima'],
    sectors: ['IT'],
    interests: ['INVESTMENT', 'KNOWLEDGE_TRANSFER'],
    languages: ['bs', 'de', 'en'],
    consent: { scope: 'MAPPING' },
  },
  {
    country: 'AT',
    city: 'Wien',
    home: 'Zenica',
    skills: ['turizam'],
    sectors: ['ugostiteljstvo'],
    interests: ['CULTURE', 'TOURISM'],
    languages: ['bs', 'de'],
  },
];
