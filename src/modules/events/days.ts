// An event's days: planned when it is created, moved with its dates, each with its agenda.
import { BadUserInputError, ConflictError } from '../../errors.js';
import type { Prisma } from '../../generated/prisma/client.js';
import { isoDate } from '../../dates.js';

type Tx = Prisma.TransactionClient;

export interface DayInput {
  date: Date;
  title?: string | null;
  agenda?: AgendaInput[] | null;
}

export interface AgendaInput {
  startTime?: string | null;
  topic: string;
  presenter?: string | null;
}

const MAX_EVENT_DAYS = 31;
const DAY_MS = 86_400_000;

/**
 * The days an event is created with: as given (each within the event's dates, no date twice),
 * or one per date from start to end. Numbered 1, 2, … in date order.
 */
export function planDays(startsOn: Date, endsOn: Date, days: DayInput[] | null | undefined) {
  const span = spanOf(startsOn, endsOn);
  const planned: DayInput[] = days?.length
    ? [...days].sort((a, b) => a.date.getTime() - b.date.getTime())
    : Array.from({ length: span }, (_, i) => ({
        date: new Date(startsOn.getTime() + i * DAY_MS),
      }));
  planned.forEach((day, index) => {
    if (day.date < startsOn || day.date > endsOn) {
      throw new BadUserInputError(`Day ${isoDate(day.date)} is outside the event's dates`);
    }
    if (index > 0 && planned[index - 1]!.date.getTime() === day.date.getTime()) {
      throw new BadUserInputError(`Day ${isoDate(day.date)} is given twice`);
    }
  });
  return planned.map((day, index) => ({
    number: index + 1,
    date: day.date,
    title: day.title ?? null,
    agenda: { create: agendaRows(day.agenda) },
  }));
}

/** How many dates an event spans; refuses an end before the start or more than 31 days. */
function spanOf(startsOn: Date, endsOn: Date) {
  if (startsOn > endsOn) throw new BadUserInputError('endsOn must not be before startsOn');
  const span = Math.round((endsOn.getTime() - startsOn.getTime()) / DAY_MS) + 1;
  if (span > MAX_EVENT_DAYS) {
    throw new BadUserInputError(`An event lasts at most ${MAX_EVENT_DAYS} days`);
  }
  return span;
}

/**
 * Moves an event's days to new dates: each keeps its number and its distance from the first
 * date, with its agenda, attendance and presentations. An event laid out one day per date
 * gets days for added dates; a day after the new end goes if it holds nothing, or the move
 * is refused (CONFLICT) so that nothing recorded is lost.
 */
export async function moveDays(
  tx: Tx,
  event: { id: string; startsOn: Date; endsOn: Date },
  startsOn: Date,
  endsOn: Date,
) {
  const span = spanOf(startsOn, endsOn);
  const days = await tx.eventDay.findMany({
    where: { eventId: event.id },
    orderBy: { number: 'asc' },
    include: { _count: { select: { agenda: true, attendance: true, presentations: true } } },
  });
  const everyDate = days.length === spanOf(event.startsOn, event.endsOn);
  const shift = startsOn.getTime() - event.startsOn.getTime();
  const moved = days.map((day) => ({ ...day, date: new Date(day.date.getTime() + shift) }));
  const after = moved.filter((day) => day.date > endsOn);
  const kept = moved.filter((day) => day.date <= endsOn);
  const busy = after.find((day) => Object.values(day._count).some((count) => count > 0));
  if (busy) {
    throw new ConflictError(
      `Day ${busy.number} has an agenda, attendance or presentations and would fall after ` +
        `${isoDate(endsOn)}; move or clear them first`,
    );
  }
  await tx.eventDay.deleteMany({ where: { id: { in: after.map((day) => day.id) } } });
  // (eventId, date) is unique and checked row by row: the day furthest along moves first.
  if (shift !== 0) {
    for (const day of shift > 0 ? [...kept].reverse() : kept) {
      await tx.eventDay.update({ where: { id: day.id }, data: { date: day.date } });
    }
  }
  if (everyDate && span > kept.length) {
    await tx.eventDay.createMany({
      data: Array.from({ length: span - kept.length }, (_, index) => {
        const number = kept.length + index + 1;
        return {
          eventId: event.id,
          number,
          date: new Date(startsOn.getTime() + (number - 1) * DAY_MS),
        };
      }),
    });
  }
}

export function agendaRows(agenda: AgendaInput[] | null | undefined) {
  return (agenda ?? []).map((item, position) => ({
    position,
    startTime: item.startTime ?? null,
    topic: item.topic,
    presenter: item.presenter ?? null,
  }));
}
