// Calendar dates as the network lives them: in Bosnia and Herzegovina's time zone.
const bosnianDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Sarajevo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's date in Sarajevo, as a `Date` column holds it (midnight UTC). */
export function todayInBosnia(now = new Date()): Date {
  return new Date(`${bosnianDate.format(now)}T00:00:00Z`);
}

/** YYYY-MM-DD of a `Date` column's value. */
export const isoDate = (date: Date) => date.toISOString().slice(0, 10);
