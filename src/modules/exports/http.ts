// Files over HTTP beside GraphQL: GET /exports/<name>.<format>?<parameters>, with the caller's
// `Authorization: Bearer <token>` (none: the public). Each file holds what the same GraphQL
// query would give the caller; a refusal answers with the GraphQL error and its HTTP status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerContext } from '../../context.js';
import { AppError, BadUserInputError, NotFoundError } from '../../errors.js';
import { todayInBosnia, isoDate } from '../../dates.js';
import { resultsTable, returnsTable } from '../questionnaires/exports.js';
import { conclusionsDocx } from './docx.js';
import { listExports, loadList } from './lists.js';
import { conclusionsPdf } from './pdf.js';
import { loadConclusionsRecord } from './record.js';
import type { Caller } from './run.js';
import { type Table, toCsv, toXlsx } from './tables.js';

export const EXPORTS_PATH = '/exports/';

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
} as const;

export type FileFormat = keyof typeof contentTypes;

const statusOfCode: Record<string, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
};

export interface FileAnswer {
  body: Buffer | string;
  contentType: string;
  /** Offered as a download under this name; absent: shown inline (calendar feeds). */
  fileName?: string;
}

/**
 * Serves one kind of file: resolves the caller from the Authorization header, runs `make`, and
 * answers with the file or with the refusal as JSON (401, 403, 404, 400, 409). Unexpected
 * failures are logged and answered 500 without detail.
 */
async function serveFile(
  server: ServerContext,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  make: (caller: Caller, parameters: URLSearchParams) => Promise<FileAnswer>,
) {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const viewer = await server.viewers.fromAuthorization(req.headers.authorization);
    const caller: Caller = {
      server,
      viewer,
      requestId,
      address: req.socket.remoteAddress ?? null,
      signal: abort.signal,
    };
    const file = await make(caller, new URL(req.url ?? '/', 'http://veza').searchParams);
    res.writeHead(200, {
      'content-type': file.contentType,
      ...(file.fileName
        ? {
            'content-disposition': `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
          }
        : {}),
      // Files of signed-in callers hold what only they may read.
      'cache-control': viewer ? 'private, no-store' : 'public, max-age=300',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    const known = error instanceof AppError;
    if (!known) server.logger.error({ err: error, requestId }, 'file export failed');
    const code = known ? String(error.extensions.code) : 'INTERNAL_SERVER_ERROR';
    const message = known ? error.message : 'Unexpected error.';
    res
      .writeHead(statusOfCode[code] ?? 500, { 'content-type': 'application/json' })
      .end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
  }
}

/**
 * A handler for the files under `prefix`: `make` gets the caller, the path's rest (the file's
 * name) and the URL's parameters. The handler returns false for any other path.
 */
export function fileRoute(
  prefix: string,
  make: (caller: Caller, name: string, parameters: URLSearchParams) => Promise<FileAnswer>,
) {
  return (server: ServerContext, req: IncomingMessage, res: ServerResponse, requestId: string) => {
    const { pathname } = new URL(req.url ?? '/', 'http://veza');
    if (!pathname.startsWith(prefix)) return false;
    const name = pathname.slice(prefix.length);
    void serveFile(server, req, res, requestId, (caller, parameters) =>
      make(caller, name, parameters),
    );
    return true;
  };
}

/** GET /exports/<name>.<format>?…; false for any other path. */
export const serveExport = fileRoute(EXPORTS_PATH, (caller, file, parameters) => {
  const [name = '', format = ''] = file.split('.');
  return exportFile(caller, name, format, parameters);
});

async function exportFile(
  caller: Caller,
  name: string,
  format: string,
  parameters: URLSearchParams,
): Promise<FileAnswer> {
  if (name === 'conclusions') {
    if (format !== 'docx' && format !== 'pdf') throw unknownFile(name, format);
    const record = await loadConclusionsRecord(caller, required(parameters, 'eventId'));
    const body = format === 'docx' ? await conclusionsDocx(record) : await conclusionsPdf(record);
    return {
      body,
      contentType: contentTypes[format],
      fileName: `zakljucci-${record.startsOn}.${format}`,
    };
  }
  const questionnaire = questionnaireExports[name];
  if (questionnaire) {
    if (format !== 'csv' && format !== 'xlsx') throw unknownFile(name, format);
    const table = await questionnaire(caller, required(parameters, 'campaignId'));
    return {
      body: format === 'csv' ? toCsv(table) : await toXlsx(table),
      contentType: contentTypes[format],
      fileName: `${name}-${isoDate(todayInBosnia())}.${format}`,
    };
  }
  const list = listExports.find((candidate) => candidate.name === name);
  if (!list || (format !== 'csv' && format !== 'xlsx')) throw unknownFile(name, format);
  const variables: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(list.parameters)) {
    const value = list.required.includes(key) ? required(parameters, key) : parameters.get(key);
    if (value === null || value === undefined) continue;
    if (kind === 'text') variables[key] = value;
    else if (value === 'true' || value === 'false') variables[key] = value === 'true';
    else throw new BadUserInputError(`${key}: must be true or false`);
  }
  const table = await loadList(caller, list, variables);
  const body = format === 'csv' ? toCsv(table) : await toXlsx(table);
  return {
    body,
    contentType: contentTypes[format],
    fileName: `${name}-${isoDate(todayInBosnia())}.${format}`,
  };
}

/** A parameter that must be given (BAD_USER_INPUT otherwise). */
export function required(parameters: URLSearchParams, key: string): string {
  const value = parameters.get(key);
  if (!value) throw new BadUserInputError(`${key} is required`);
  return value;
}

/** A questionnaire campaign's returns and results (`campaignId`), as CSV or XLSX. */
const questionnaireExports: Record<
  string,
  (caller: Caller, campaignId: string) => Promise<Table<any>>
> = { 'questionnaire-returns': returnsTable, 'questionnaire-results': resultsTable };

function unknownFile(name: string, format: string) {
  const lists = listExports.map((list) => `${list.name}.csv|xlsx`).join(', ');
  return new NotFoundError(
    `No export "${name}.${format}"; there are conclusions.docx|pdf, ${lists}, ` +
      'questionnaire-returns.csv|xlsx, questionnaire-results.csv|xlsx',
  );
}
