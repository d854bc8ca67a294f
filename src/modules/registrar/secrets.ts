// The requester's secrets: the e-mailed verification token and the tracking code. Each is
// `<request id>.<256 random bits>`: the id finds the row, the secret is checked against its
// stored SHA-256 in constant time, so neither the database nor the timing gives it away.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const shape =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export interface Secret {
  /** What the requester holds. */
  value: string;
  /** What the request row keeps. */
  hash: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function newSecret(requestId: string): Secret {
  const secret = randomBytes(32).toString('base64url');
  return { value: `${requestId}.${secret}`, hash: sha256(secret) };
}

/** The request id a secret names, or null when it is not one of ours in shape. */
export function requestIdOf(value: string): string | null {
  return shape.exec(value)?.[1] ?? null;
}

/** Whether `value` is the secret whose hash is `storedHash` (constant time). */
export function secretMatches(value: string, storedHash: string | null): boolean {
  const secret = shape.exec(value)?.[2];
  // Compared even without a stored hash, against a dummy, so that timing says nothing.
  const expected = Buffer.from(storedHash ?? '0'.repeat(64), 'hex');
  const actual = Buffer.from(sha256(secret ?? ''), 'hex');
  return timingSafeEqual(actual, expected) && secret !== undefined && storedHash !== null;
}
