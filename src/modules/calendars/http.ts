// GET /calendars/event.ics?eventId=… (as the caller, like GraphQL) and
// GET /calendars/programme.ics?programmeId=… (a public feed for calendar apps).
import { NotFoundError } from '../../errors.js';
import { fileRoute, required } from '../exports/http.js';
import { eventCalendar, programmeCalendar } from './ics.js';

export const CALENDARS_PATH = '/calendars/';

const contentType = 'text/calendar; charset=utf-8';

/** GET /calendars/<name>.ics?…; false for any other path. */
export const serveCalendar = fileRoute(CALENDARS_PATH, async (caller, name, parameters) => {
  if (name === 'event.ics') {
    const body = await eventCalendar(caller, required(parameters, 'eventId'));
    return { contentType, body, fileName: name };
  }
  // A feed is shown, not downloaded: calendar apps read it in place.
  if (name === 'programme.ics') {
    return {
      contentType,
      body: await programmeCalendar(caller, required(parameters, 'programmeId')),
    };
  }
  throw new NotFoundError(`No calendar "${name}"; there are event.ics and programme.ics`);
});
