// A template's shape and the check of an idea's fields against the version it was started on.
import { z } from 'zod';
import { BadUserInputError } from '../../errors.js';

export const templateFieldTypes = ['TEXT', 'NUMBER', 'MONEY', 'DATE', 'CHOICE', 'LIST'] as const;
export type TemplateFieldType = (typeof templateFieldTypes)[number];

export interface TemplateField {
  key: string;
  label: string;
  type: TemplateFieldType;
  required: boolean;
  /** TEXT, and each LIST entry: at most this many characters. */
  maxLength?: number | null;
  /** NUMBER and MONEY: bounds, inclusive. */
  min?: number | null;
  max?: number | null;
  /** CHOICE: the allowed values. */
  choices?: string[] | null;
  /** LIST: at most this many entries. */
  maxItems?: number | null;
}

export interface TemplateSection {
  key: string;
  title: string;
  fields: TemplateField[];
}

export const fieldKey = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,59}$/, 'must be a letter followed by letters, digits or _');

/** Refuses a template that could not be filled in: duplicate keys, choices without choices. */
export function checkTemplate(sections: TemplateSection[]): void {
  if (sections.length === 0) throw new BadUserInputError('a template needs at least one section');
  const keys = new Set<string>();
  for (const section of sections) {
    if (section.fields.length === 0) {
      throw new BadUserInputError(`section "${section.key}" has no fields`);
    }
    for (const field of section.fields) {
      if (keys.has(field.key)) throw new BadUserInputError(`field key "${field.key}" repeats`);
      keys.add(field.key);
      if (field.type === 'CHOICE' && !field.choices?.length) {
        throw new BadUserInputError(`field "${field.key}" is a CHOICE without choices`);
      }
      if (field.min != null && field.max != null && field.min > field.max) {
        throw new BadUserInputError(`field "${field.key}": min is above max`);
      }
    }
  }
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const decimal = /^\d{1,14}(\.\d{1,2})?$/;

function checkValue(field: TemplateField, value: unknown): string | null {
  const tooLong = (text: string) =>
    field.maxLength != null && text.length > field.maxLength
      ? `at most ${field.maxLength} characters`
      : null;
  const outOfRange = (n: number) =>
    (field.min != null && n < field.min) || (field.max != null && n > field.max)
      ? `between ${field.min ?? '-∞'} and ${field.max ?? '∞'}`
      : null;
  switch (field.type) {
    case 'TEXT':
      return typeof value === 'string' ? tooLong(value) : 'a text';
    case 'NUMBER':
      return typeof value === 'number' && Number.isFinite(value) ? outOfRange(value) : 'a number';
    case 'MONEY':
      return typeof value === 'string' && decimal.test(value)
        ? outOfRange(Number(value))
        : 'an amount such as "25000.00"';
    case 'DATE':
      return typeof value === 'string' &&
        isoDate.test(value) &&
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
        new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
        ? null
        : 'a date YYYY-MM-DD';
    case 'CHOICE':
      return typeof value === 'string' && field.choices?.includes(value)
        ? null
        : `one of ${field.choices?.map((c) => `"${c}"`).join(', ')}`;
    case 'LIST':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
        return 'a list of texts';
      }
      if (field.maxItems != null && value.length > field.maxItems) {
        return `at most ${field.maxItems} entries`;
      }
      return value.map((item: string) => tooLong(item)).find(Boolean) ?? null;
  }
}

const isBlank = (value: unknown) =>
  value === null ||
  value === undefined ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

/**
 * Checks an idea's field values against its template. A draft may leave fields out;
 * `complete` (on submission) also requires every required field.
 */
export function checkIdeaFields(
  sections: TemplateSection[],
  values: Record<string, unknown>,
  complete: boolean,
): void {
  const fields = new Map(sections.flatMap((section) => section.fields.map((f) => [f.key, f])));
  const problems: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const field = fields.get(key);
    if (!field) problems.push(`${key}: the template has no such field`);
    else if (!isBlank(value)) {
      const expected = checkValue(field, value);
      if (expected) problems.push(`${key}: must be ${expected}`);
    }
  }
  if (complete) {
    for (const field of fields.values()) {
      if (field.required && isBlank(values[field.key])) problems.push(`${field.key}: required`);
    }
  }
  if (problems.length) throw new BadUserInputError(problems.join('; '));
}

/** The JSON scalar's value as field values: an object, or refused. */
export function asFieldValues(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadUserInputError('fields must be an object { <field key>: value }');
  }
  return value as Record<string, unknown>;
}
