// GET /bulletins/<id>: an issue as a web page. Sent issues are public (the archive); a draft's
// preview needs its programme's administrator (Authorization header, as for exports).
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors.js';
import { administers } from '../accounts/grants.js';
import { fileRoute } from '../exports/http.js';
import { BULLETINS_PATH, bulletinForRender, bulletinPage, renderBulletin } from './render.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const serveBulletinPage = fileRoute(BULLETINS_PATH, async (caller, id) => {
  const bulletin = uuid.test(id)
    ? await caller.server.prisma.bulletin.findUnique({ where: { id }, include: bulletinForRender })
    : null;
  if (!bulletin) throw new NotFoundError('No such bulletin');
  const draft = bulletin.status !== 'SENT';
  if (draft && !administers(caller.viewer, bulletin.programmeId)) {
    throw caller.viewer ? new ForbiddenError() : new UnauthenticatedError();
  }
  const rendered = renderBulletin(bulletin, caller.server.config.mail.publicUrl);
  return { contentType: 'text/html; charset=utf-8', body: bulletinPage(rendered, draft) };
});
