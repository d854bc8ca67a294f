// Field validators the directory's inputs share (used as field-level `validate:`).
import { z } from 'zod';
import { BadUserInputError } from '../../errors.js';

export const requiredText = (max: number) => z.string().trim().min(1, 'must not be blank').max(max);
export const optionalText = (max: number) => z.string().trim().max(max);

export const email = z.email('must be an e-mail address').max(320);

/** International or local notation: "+387 33 291 261", "033/291-261". */
export const phone = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()/-]{4,28}[0-9]$/, 'must be a phone number such as "+387 33 291 261"');

export const website = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(500);

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
// Codes Intl names that are not countries in ISO 3166-1.
const notCountries = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ']);

/** ISO 3166-1 alpha-2, upper-cased: "ch" → "CH"; "Switzerland" or "XX" are refused. */
export const countryCode = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine(
    (code) => /^[A-Z]{2}$/.test(code) && !notCountries.has(code) && !!regionNames.of(code),
    'must be an ISO 3166-1 alpha-2 country code such as "CH"',
  );

/** ISO 639-1 language code, lower-cased: "bs", "de". */
export const languageCode = z
  .string()
  .trim()
  .transform((code) => code.toLowerCase())
  .refine((code) => /^[a-z]{2}$/.test(code), 'must be an ISO 639-1 language code such as "de"');

export const search = z.string().max(200);

/** Cross-field date order, checked in resolvers (input-level validation cannot see globalIDs). */
export function checkDateOrder(
  from: Date | null | undefined,
  to: Date | null | undefined,
  names: [string, string],
) {
  if (from && to && from > to) {
    throw new BadUserInputError(`${names[1]} must not be before ${names[0]}`);
  }
}

/** Refuses an explicit null for a field that cannot be cleared. */
export function notNull<T>(value: T | null | undefined, name: string): T | undefined {
  if (value === null) throw new BadUserInputError(`${name} cannot be null`);
  return value;
}

/** An optional reference in an update: absent keeps it, null clears it. */
export const idOrClear = (value: { id: string } | null | undefined) =>
  value === undefined ? undefined : (value?.id ?? null);
