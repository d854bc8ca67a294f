import { type ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Prisma } from './generated/prisma/client.js';
import type { Logger } from './logger.js';

/** The only codes a client sees for expected failures (docs/api.md, "Errors"). */
export type ErrorCode =
  'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';

/** Expected failures: shown to clients as they are, with `extensions.code`. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export class BadUserInputError extends AppError {
  constructor(message: string, extensions?: Record<string, unknown>) {
    super('BAD_USER_INPUT', message, extensions);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = 'Sign in to do this') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do this', extensions?: Record<string, unknown>) {
    super('FORBIDDEN', message, extensions);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, extensions?: Record<string, unknown>) {
    super('CONFLICT', message, extensions);
  }
}

/**
 * Maps the database errors a user can cause to AppErrors; anything else is returned unchanged
 * (and masked by Yoga). The one place that knows Prisma's and PostgreSQL's error codes: Prisma
 * reports P2002/P2003/P2025, while the PGlite adapter passes PostgreSQL's SQLSTATE through.
 */
export function fromDatabaseError(error: unknown): unknown {
  const code =
    error instanceof Prisma.PrismaClientKnownRequestError ? error.code : sqlStateOf(error);
  switch (code) {
    case 'P2002':
    case '23505':
      return new ConflictError('A record with the same unique value already exists');
    case 'P2003':
    case '23503':
      return new BadUserInputError('A referenced record does not exist');
    case 'P2025':
      return new NotFoundError('The record does not exist');
    case '23514':
      return new BadUserInputError('A value is outside what is allowed');
    case '22021': // character_not_in_repertoire (a NUL byte in text)
    case '22P05': // untranslatable_character (\u0000 in JSON)
      return new BadUserInputError('Text may not contain NUL characters or unpaired surrogates');
    default:
      return error;
  }
}

function sqlStateOf(error: unknown): string | undefined {
  const cause = (error as { cause?: { kind?: string; code?: string } } | null)?.cause;
  return cause?.kind === 'postgres' ? cause.code : undefined;
}

const clientCodes = new Set<string>([
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INTERNAL_SERVER_ERROR',
]);

/**
 * GraphQL's and Yoga's own request errors (unparsable JSON or query, unknown fields, wrong
 * variable types) carry codes of their own; clients are promised one vocabulary, so they become
 * BAD_USER_INPUT, keeping their HTTP status.
 */
export function withClientCode(error: GraphQLError): GraphQLError {
  const code = error.extensions.code;
  if (typeof code === 'string' && clientCodes.has(code)) return error;
  const { originalError: _detail, ...extensions } = error.extensions;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: { ...extensions, code: 'BAD_USER_INPUT' },
  });
}

export function useClientErrorCodes(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result || !result.errors?.length) return;
      setResult({
        ...result,
        errors: result.errors.map((error) =>
          isGraphQLError(error) ? withClientCode(error) : error,
        ),
      });
    },
  };
}

/**
 * By name, not instanceof: graphql ships CommonJS and ESM builds, and libraries loading the
 * other one create GraphQLErrors of another class (the dual-package hazard).
 */
export function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/**
 * The form in which a client sees an error that is not unexpected, or undefined for an
 * unexpected one: GraphQL's own errors and AppErrors as they are, and errors the client caused
 * deeper down (a mangled global ID, a record that vanished, text the database refuses) with
 * their code.
 */
function expectedForm(error: unknown): GraphQLError | undefined {
  if (!isGraphQLError(error)) return undefined;
  const original = error.originalError;
  if (!original || isGraphQLError(original)) return error;
  const refusal =
    // Pothos refuses a global ID of the wrong type for an argument (`for:`): the caller's input.
    original.name === 'PothosValidationError'
      ? new BadUserInputError(capped(original.message, MAX_MESSAGE_CHARS))
      : fromDatabaseError(original);
  if (!(refusal instanceof AppError)) return undefined;
  return new GraphQLError(refusal.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: refusal.extensions,
  });
}

/** Longest message of an error a client caused that is echoed back or logged. */
const MAX_MESSAGE_CHARS = 300;
/** Longest message of an unexpected error in the log (Prisma's can quote the whole query). */
const MAX_LOGGED_CHARS = 2_000;

function capped(text: string, max: number) {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

/** An error as it is logged: message capped, stack without the message, no input values. */
function loggable(error: unknown) {
  const cause = isGraphQLError(error) && error.originalError ? error.originalError : error;
  if (!(cause instanceof Error)) return { message: capped(String(cause), MAX_LOGGED_CHARS) };
  return {
    type: cause.name,
    message: capped(cause.message, MAX_LOGGED_CHARS),
    code: (cause as { code?: unknown }).code,
    path: isGraphQLError(error) ? error.path?.join('.') : undefined,
    stack: cause.stack?.split('\n').slice(1, 12).join('\n'),
  };
}

const maskedMessage = 'Unexpected error.';

/** An unexpected error: logged once (on the request's logger) and replaced for the client. */
function masked(error: unknown, logger: Logger, message = maskedMessage): GraphQLError {
  logger.error({ err: loggable(error) }, 'unexpected error');
  return new GraphQLError(message, {
    path: isGraphQLError(error) ? error.path : undefined,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}

/**
 * Replaces each unexpected error of a result while the request's context (its logger, which
 * carries the request id) is at hand; Yoga's masking then finds nothing left to log.
 */
export function useErrorMasking(): Plugin<{ logger: Logger }> {
  const maskAll = (
    result: { errors?: readonly GraphQLError[] },
    logger: Logger,
    setResult: (result: never) => void,
  ) => {
    if (!result.errors?.length) return;
    const errors = result.errors.map((error) => expectedForm(error) ?? masked(error, logger));
    setResult({ ...result, errors } as never);
  };
  // The hooks are shared, not made per operation: a subscription holds its hooks while it is
  // open, and each takes the logger from the operation's context when a result comes.
  const maskingStream = {
    onNext: ({
      args,
      result,
      setResult,
    }: {
      args: { contextValue: { logger: Logger } };
      result: ExecutionResult;
      setResult: (r: never) => void;
    }) => maskAll(result, args.contextValue.logger, setResult),
  };
  const subscribing = { onSubscribeResult: () => maskingStream };
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) => {
        if (Symbol.asyncIterator in payload.result) return maskingStream;
        maskAll(payload.result, args.contextValue.logger, payload.setResult as never);
        return undefined;
      },
    }),
    onSubscribe: () => subscribing,
  };
}

/** Yoga's fallback for errors outside execution: the same rules, logged without a request. */
export function maskUnexpectedError(error: unknown, message: string, logger: Logger): Error {
  return expectedForm(error) ?? masked(error, logger, message);
}

/**
 * Yoga's own log lines, through pino. Yoga logs every error its masking replaced, whole; those
 * were logged (once, capped) by the masking above, so they go to debug, capped too.
 */
export function yogaLogger(logger: Logger) {
  const summary = (args: unknown[]) =>
    args.map((arg) =>
      arg instanceof Error ? loggable(arg) : capped(String(arg), MAX_MESSAGE_CHARS),
    );
  return {
    debug: (...args: unknown[]) => logger.debug({ yoga: summary(args) }, 'yoga'),
    info: (...args: unknown[]) => logger.info({ yoga: summary(args) }, 'yoga'),
    warn: (...args: unknown[]) => logger.warn({ yoga: summary(args) }, 'yoga'),
    error: (...args: unknown[]) => logger.debug({ yoga: summary(args) }, 'yoga: masked error'),
  };
}
