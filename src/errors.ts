import { GraphQLError } from 'graphql';
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
    default:
      return error;
  }
}

/** For `.catch(rethrowDatabaseError)` on a Prisma call: throws it mapped by fromDatabaseError. */
export function rethrowDatabaseError(error: unknown): never {
  throw fromDatabaseError(error);
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

/** Expected failures pass as they are; anything else is logged in full and replaced. */
export function maskUnexpectedError(error: unknown, message: string, logger: Logger): Error {
  if (isGraphQLError(error)) {
    const original = error.originalError;
    if (!original || isGraphQLError(original)) return error;
    // Pothos refuses a global ID of the wrong type for an argument (`for:`): the caller's input.
    if (original.name === 'PothosValidationError') {
      return new GraphQLError(original.message, {
        nodes: error.nodes,
        source: error.source,
        positions: error.positions,
        path: error.path,
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
  }
  logger.error({ err: error }, 'unexpected error');
  return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}
