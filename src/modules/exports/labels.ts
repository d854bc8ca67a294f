// How the files name things: in Bosnian, the language of the records they hold.
const sarajevoDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Sarajevo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * "25.03.2015." from a GraphQL `Date` ("2015-03-25") or `DateTime` (the day in Sarajevo).
 */
export function bosnianDate(value: string): string {
  const day = value.length === 10 ? value : sarajevoDay.format(new Date(value));
  const [year, month, date] = day.split('-');
  return `${date}.${month}.${year}.`;
}

export const stakeholderGroupNames: Record<string, string> = {
  MUNICIPAL_AUTHORITY: 'Lokalne vlasti (JLS)',
  LOCAL_BUSINESS: 'Lokalni privrednici',
  BIH_INSTITUTION: 'Institucije BiH',
  INTERNATIONAL_AGENCY: 'Međunarodne razvojne agencije',
  DOMESTIC_NGO: 'Domaće nevladine organizacije',
  DIASPORA: 'Dijaspora',
  MEDIA: 'Mediji',
  OTHER: 'Ostali',
};

export const eventKindNames: Record<string, string> = {
  WORKSHOP: 'Radionica',
  TRAINING: 'Trening',
  BUSINESS_COFFEE: 'Biznis kafa',
  DIASPORA_DAYS: 'Dani dijaspore',
  NETWORK_MEETING: 'Sastanak mreže',
  SIGNING_CEREMONY: 'Potpisivanje',
  CONFERENCE: 'Konferencija',
};
