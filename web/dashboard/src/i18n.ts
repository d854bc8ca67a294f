// The page's labels in Bosnian and English; enum values of the API get their names here too.
export type Language = 'bs' | 'en';

const texts = {
  title: { bs: 'Veza — pregled programa', en: 'Veza — programme dashboard' },
  signIn: { bs: 'Prijava', en: 'Sign in' },
  email: { bs: 'E-mail', en: 'E-mail' },
  password: { bs: 'Lozinka', en: 'Password' },
  signInButton: { bs: 'Prijavi se', en: 'Sign in' },
  signOut: { bs: 'Odjava', en: 'Sign out' },
  programme: { bs: 'Program', en: 'Programme' },
  choose: { bs: '— izaberite program —', en: '— choose a programme —' },
  live: { bs: 'Uživo, ažurirano', en: 'Live, updated' },
  connecting: { bs: 'Povezivanje…', en: 'Connecting…' },
  disconnected: { bs: 'Veza prekinuta, ponovno povezivanje…', en: 'Disconnected, reconnecting…' },
  signInFailed: { bs: 'Prijava nije uspjela.', en: 'Sign-in failed.' },
  forbidden: {
    bs: 'Nemate pristup pregledu ovog programa.',
    en: 'You may not see this programme’s dashboard.',
  },
  failed: { bs: 'Greška:', en: 'Error:' },
  partners: { bs: 'Partnerske JLS', en: 'Partner municipalities' },
  activePartners: { bs: 'aktivnih', en: 'active' },
  byCohort: { bs: 'Po kohorti', en: 'By cohort' },
  byUnit: { bs: 'Po administrativnoj jedinici', en: 'By administrative unit' },
  diaspora: { bs: 'Mapirani članovi dijaspore', en: 'Diaspora members mapped' },
  byCountry: { bs: 'Po zemlji', en: 'By country' },
  byInterest: { bs: 'Po interesu', en: 'By interest' },
  eventsHeld: { bs: 'Održani događaji', en: 'Events held' },
  upcoming: { bs: 'predstojećih', en: 'upcoming' },
  byKind: { bs: 'Po vrsti', en: 'By kind' },
  projectIdeas: { bs: 'Projektne ideje', en: 'Project ideas' },
  byStage: { bs: 'Ideje po fazi', en: 'Ideas by stage' },
  requested: { bs: 'traženo', en: 'requested' },
  awarded: { bs: 'Dodijeljena sredstva', en: 'Money awarded' },
  committed: { bs: 'preuzete obaveze', en: 'committed' },
  byStakeholderGroup: { bs: 'Učesnici po grupi aktera', en: 'Participants by stakeholder group' },
  actionItemsOpen: { bs: 'Otvoreni zadaci', en: 'Open action items' },
  overdue: { bs: 'kasni', en: 'overdue' },
  done: { bs: 'završeno', en: 'done' },
  openByOwner: { bs: 'Otvoreni zadaci po JLS', en: 'Open action items by municipality' },
  bulletinsSent: { bs: 'Poslani bilteni', en: 'Bulletins sent' },
  emailsSent: { bs: 'e-poruka poslano', en: 'e-mails sent' },
  deliveryFailed: { bs: 'neuspjelo', en: 'failed' },
  withheld: { bs: 'zadržano', en: 'withheld' },
  unsubscribed: { bs: 'odjavljeno od tada', en: 'unsubscribed since' },
  goodPractices: { bs: 'Objavljene dobre prakse', en: 'Good practices published' },
  news: { bs: 'vijesti', en: 'news items' },
  registrarAdopted: { bs: 'JLS s virtuelnim matičarem', en: 'Municipalities with the registrar' },
  of: { bs: 'od', en: 'of' },
  inProgress: { bs: 'u toku', en: 'in progress' },
  notStarted: { bs: 'nije započeto', en: 'not started' },
  registrarRequestsOpen: { bs: 'Otvoreni zahtjevi matičaru', en: 'Open registrar requests' },
  none: { bs: 'Nema podataka', en: 'No data' },
} satisfies Record<string, Record<Language, string>>;

export type TextKey = keyof typeof texts;

const values: Record<string, Record<Language, string>> = {
  FEDERATION_OF_BIH: { bs: 'Federacija BiH', en: 'Federation of BiH' },
  REPUBLIKA_SRPSKA: { bs: 'Republika Srpska', en: 'Republika Srpska' },
  BRCKO_DISTRICT: { bs: 'Brčko distrikt', en: 'Brčko District' },
  INVESTMENT: { bs: 'Investicije', en: 'Investment' },
  KNOWLEDGE_TRANSFER: { bs: 'Prenos znanja', en: 'Know-how transfer' },
  MENTORING: { bs: 'Mentorstvo', en: 'Mentoring' },
  PHILANTHROPY: { bs: 'Filantropija', en: 'Philanthropy' },
  CULTURE: { bs: 'Kultura', en: 'Culture' },
  TOURISM: { bs: 'Turizam', en: 'Tourism' },
  EDUCATION: { bs: 'Obrazovanje', en: 'Education' },
  CIVIL_SOCIETY: { bs: 'Civilno društvo', en: 'Civil society' },
  WORKSHOP: { bs: 'Radionica', en: 'Workshop' },
  TRAINING: { bs: 'Obuka', en: 'Training' },
  BUSINESS_COFFEE: { bs: 'Biznis kafa', en: 'Business coffee' },
  DIASPORA_DAYS: { bs: 'Dani dijaspore', en: 'Diaspora Days' },
  NETWORK_MEETING: { bs: 'Sastanak mreže', en: 'Network meeting' },
  SIGNING_CEREMONY: { bs: 'Potpisivanje', en: 'Signing ceremony' },
  CONFERENCE: { bs: 'Konferencija', en: 'Conference' },
  DRAFT: { bs: 'Nacrt', en: 'Draft' },
  SUBMITTED: { bs: 'Podnesena', en: 'Submitted' },
  UNDER_ASSESSMENT: { bs: 'U ocjenjivanju', en: 'Under assessment' },
  SHORTLISTED: { bs: 'U užem izboru', en: 'Shortlisted' },
  NOT_SHORTLISTED: { bs: 'Nije u užem izboru', en: 'Not shortlisted' },
  PROPOSAL_IN_PREPARATION: { bs: 'Prijedlog u pripremi', en: 'Proposal in preparation' },
  PROPOSAL_READY: { bs: 'Prijedlog spreman', en: 'Proposal ready' },
  APPLIED: { bs: 'Aplicirano', en: 'Applied' },
  FUNDED: { bs: 'Finansirana', en: 'Funded' },
  NOT_FUNDED: { bs: 'Nije finansirana', en: 'Not funded' },
  WITHDRAWN: { bs: 'Povučena', en: 'Withdrawn' },
  MUNICIPAL_AUTHORITY: { bs: 'Općinske vlasti', en: 'Municipal authorities' },
  LOCAL_BUSINESS: { bs: 'Lokalni poduzetnici', en: 'Local businesses' },
  BIH_INSTITUTION: { bs: 'BH institucije', en: 'BiH institutions' },
  INTERNATIONAL_AGENCY: { bs: 'Međunarodne agencije', en: 'International agencies' },
  DOMESTIC_NGO: { bs: 'Domaće NVO', en: 'Domestic NGOs' },
  DIASPORA: { bs: 'Dijaspora', en: 'Diaspora' },
  MEDIA: { bs: 'Mediji', en: 'Media' },
  OTHER: { bs: 'Ostali', en: 'Other' },
};

export function text(key: TextKey, language: Language): string {
  return texts[key][language];
}

/** An API enum value's name; the value itself when it has none. */
export function valueName(value: string, language: Language): string {
  return values[value]?.[language] ?? value;
}

/** Locales for Intl, best first: browsers without Bosnian data have Croatian's, which reads alike. */
export function locales(language: Language): string[] {
  return language === 'bs' ? ['bs', 'hr'] : ['en'];
}

/** A country's name from its ISO code, in the page's language. */
export function countryName(code: string, language: Language): string {
  try {
    return new Intl.DisplayNames(locales(language), { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}
