// Demo data drawn from the network's own documents (news items and workshop minutes, in Bosnian).
import type { OrganizationKind, ProgrammeRole, Role } from '../generated/prisma/client.js';

/** The password every demo account shares (docs/api.md). */
export const DEMO_PASSWORD = 'veza-demo';

interface DemoOrganization {
  name: string;
  acronym?: string;
  kind: OrganizationKind;
  country: string;
  city?: string;
  website?: string;
}

export const demoOrganizations: DemoOrganization[] = [
  {
    name: 'Ministarstvo za ljudska prava i izbjeglice Bosne i Hercegovine',
    acronym: 'MLJPI',
    kind: 'MINISTRY',
    country: 'BA',
    city: 'Sarajevo',
  },
  {
    name: 'Ministarstvo civilnih poslova Bosne i Hercegovine',
    acronym: 'MCP',
    kind: 'MINISTRY',
    country: 'BA',
    city: 'Sarajevo',
  },
  { name: 'Vlada Švicarske', acronym: 'CH-GOV', kind: 'GOVERNMENT', country: 'CH', city: 'Bern' },
  {
    name: 'Razvojni program Ujedinjenih nacija u BiH',
    acronym: 'UNDP',
    kind: 'UN_AGENCY',
    country: 'BA',
    city: 'Sarajevo',
  },
  {
    name: 'Međunarodna organizacija za migracije u BiH',
    acronym: 'IOM',
    kind: 'UN_AGENCY',
    country: 'BA',
    city: 'Sarajevo',
  },
  {
    name: 'Američka agencija za međunarodni razvoj',
    acronym: 'USAID',
    kind: 'DONOR',
    country: 'US',
    city: 'Washington',
  },
  {
    name: 'Porticus fondacija',
    acronym: 'Porticus',
    kind: 'FOUNDATION',
    country: 'NL',
    city: 'Amsterdam',
  },
  {
    name: 'BH Radio 1',
    acronym: 'BHR1',
    kind: 'MEDIA',
    country: 'BA',
    city: 'Sarajevo',
    website: 'http://www.bhrt.ba/',
  },
  { name: 'Prijatelji Ključa', kind: 'DIASPORA_ASSOCIATION', country: 'CH' },
  { name: 'Bosansko-kanadsko humanitarno društvo', kind: 'DIASPORA_ASSOCIATION', country: 'CA' },
  {
    name: 'Udruženje omladinski centar "Kosmos"',
    acronym: 'Kosmos',
    kind: 'DIASPORA_ASSOCIATION',
    country: 'CH',
    city: 'Luzern',
  },
];

interface DemoProgramme {
  code: string;
  name: string;
  localName: string;
  description: string;
  startsOn?: Date;
  /** [organisation acronym or name, its part] */
  parties: [string, ProgrammeRole][];
}

export const demoProgrammes: DemoProgramme[] = [
  {
    code: 'D4D',
    name: 'Diaspora for Development – D4D',
    localName: 'Dijaspora za razvoj – D4D',
    description:
      'Projekat Ministarstva za ljudska prava i izbjeglice BiH i Vlade Švicarske, u partnerstvu ' +
      'sa UNDP i IOM: oko 1,3 miliona KM za jačanje kapaciteta lokalnih zajednica i milion KM ' +
      'za lokalne inicijative saradnje sa iseljeništvom.',
    startsOn: new Date('2017-01-01'),
    parties: [
      ['MLJPI', 'LEAD'],
      ['CH-GOV', 'DONOR'],
      ['UNDP', 'IMPLEMENTER'],
      ['IOM', 'IMPLEMENTER'],
    ],
  },
  {
    code: 'DI',
    name: 'Diaspora Invest',
    localName: 'Diaspora Invest',
    description:
      'USAID-ov projekat koji podstiče angažman lokalnih zajednica sa dijasporom i katalizuje ' +
      'ulaganja dijaspore i transfer znanja; Mreža praktičara JLS za saradnju sa dijasporom.',
    parties: [['USAID', 'DONOR']],
  },
  {
    code: 'MAKERS',
    name: 'MAKERS – Activism, Engagement and Responsible Solutions',
    localName: 'Aktivizam, angažman i odgovorna rješenja (MAKERS)',
    description:
      'Projekat koji provodi UNDP uz podršku Porticus fondacije: lokalne dijaloške platforme ' +
      '(LDP), Forumi za građanske inicijative i međuopštinska saradnja (MLDP).',
    parties: [
      ['UNDP', 'IMPLEMENTER'],
      ['Porticus', 'DONOR'],
    ],
  },
  {
    code: 'M&R',
    name: 'Migration and Development',
    localName: 'Migracije i razvoj',
    description:
      'Projekat u okviru kojeg je uspostavljena mreža kontakt osoba / koordinatora za ' +
      'iseljenike u partnerskim jedinicama lokalne samouprave.',
    parties: [
      ['MLJPI', 'PARTNER'],
      ['UNDP', 'IMPLEMENTER'],
    ],
  },
];

interface DemoAccount {
  email: string;
  displayName: string;
  /** [role, programme code or null for all programmes, municipality name for coordinators and registrars] */
  roles: [Role, string | null, string?][];
}

export const demoAccounts: DemoAccount[] = [
  {
    email: 'admin@veza.test',
    displayName: 'Administrator mreže',
    roles: [['NETWORK_ADMIN', null]],
  },
  {
    email: 'koordinator.kljuc@veza.test',
    displayName: 'Koordinator za dijasporu, Ključ',
    roles: [['COORDINATOR', 'D4D', 'Ključ']],
  },
  {
    email: 'koordinator.zenica@veza.test',
    displayName: 'Koordinator za dijasporu, Zenica',
    roles: [['COORDINATOR', 'DI', 'Zenica']],
  },
  { email: 'recenzent@veza.test', displayName: 'Recenzent', roles: [['REVIEWER', 'M&R']] },
  { email: 'partner@veza.test', displayName: 'Partner (UNDP)', roles: [['PARTNER', 'D4D']] },
  {
    email: 'maticar.prijedor@veza.test',
    displayName: 'Matičar, Prijedor',
    roles: [['REGISTRAR', null, 'Prijedor']],
  },
];
