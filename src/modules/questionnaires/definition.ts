// A questionnaire version's content: sections of questions, stored as JSON and checked here
// when written. A question's `key` is what answers, results and year-over-year comparisons
// are keyed by, so it stays the same across versions and years.
import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { BadUserInputError } from '../../errors.js';

export const questionTypes = [
  'TEXT',
  'LONG_TEXT',
  'NUMBER',
  'DATE',
  'YES_NO',
  'SINGLE_CHOICE',
  'MULTI_CHOICE',
  'COUNTRY',
  'GROUP',
] as const;
export type QuestionType = (typeof questionTypes)[number];

export interface ChoiceOption {
  value: string;
  labelBs: string;
  labelEn?: string | null;
}

/** Show the question only when the question `questionKey` (same level) has this answer. */
export interface QuestionCondition {
  questionKey: string;
  equals: string | number | boolean;
}

export interface Question {
  key: string;
  type: QuestionType;
  labelBs: string;
  labelEn?: string | null;
  helpBs?: string | null;
  helpEn?: string | null;
  required: boolean;
  /** NUMBER: its unit ("persons", "KM") and bounds, both included. */
  unit?: string | null;
  min?: number | null;
  max?: number | null;
  /** SINGLE_CHOICE and MULTI_CHOICE. */
  options?: ChoiceOption[] | null;
  showWhen?: QuestionCondition | null;
  /** GROUP: the questions of each row (no groups within groups), and how many rows at most. */
  subQuestions?: Question[] | null;
  maxRows?: number | null;
}

export interface Section {
  titleBs: string;
  titleEn?: string | null;
  questions: Question[];
}

const MAX_QUESTIONS = 200;
const keyPattern = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,59}$/, 'a key is lower-case letters, digits and _ (at most 60)');
const label = z.string().trim().min(1, 'must not be blank').max(500);
const optionalLabel = z.string().trim().max(500).nullish();
const help = z.string().trim().max(2000).nullish();

const option = z.object({
  value: z.string().trim().min(1).max(100),
  labelBs: label,
  labelEn: optionalLabel,
});

const baseQuestion = {
  key: keyPattern,
  type: z.enum(questionTypes),
  labelBs: label,
  labelEn: optionalLabel,
  helpBs: help,
  helpEn: help,
  required: z.boolean().default(false),
  unit: z.string().trim().max(40).nullish(),
  min: z.number().finite().nullish(),
  max: z.number().finite().nullish(),
  options: z.array(option).max(100).nullish(),
  showWhen: z
    .object({
      questionKey: keyPattern,
      equals: z.union([z.string().max(100), z.number(), z.boolean()]),
    })
    .nullish(),
  maxRows: z.number().int().min(1).max(100).nullish(),
};
const subQuestion = z.object(baseQuestion);
const question = z.object({
  ...baseQuestion,
  subQuestions: z.array(subQuestion).max(50).nullish(),
});
const sections = z
  .array(
    z.object({ titleBs: label, titleEn: optionalLabel, questions: z.array(question).max(100) }),
  )
  .min(1, 'give at least one section')
  .max(30);

/** Checks a version's sections (shape and the rules between questions); BAD_USER_INPUT names the question. */
export function parseSections(input: unknown): Section[] {
  const parsed = sections.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BadUserInputError(`sections.${issue.path.join('.')}: ${issue.message}`);
  }
  const result = parsed.data as Section[];
  const all = result.flatMap((section) => section.questions);
  if (all.length > MAX_QUESTIONS) {
    throw new BadUserInputError(`sections: at most ${MAX_QUESTIONS} questions`);
  }
  checkLevel(all, '');
  for (const q of all) {
    if (q.type === 'GROUP') {
      if (!q.subQuestions?.length) fail(q.key, 'a GROUP needs subQuestions');
      if (q.subQuestions!.some((sub) => sub.type === 'GROUP')) {
        fail(q.key, 'a GROUP cannot hold another GROUP');
      }
      checkLevel(q.subQuestions!, `${q.key}.`);
    } else if (q.subQuestions?.length) {
      fail(q.key, 'only a GROUP has subQuestions');
    }
  }
  return result;
}

function fail(key: string, message: string): never {
  throw new BadUserInputError(`sections: question "${key}": ${message}`, { questionKey: key });
}

/** Unique keys, options where needed, bounds in order, conditions on an earlier question. */
function checkLevel(questions: Question[], prefix: string) {
  const seen = new Map<string, Question>();
  for (const q of questions) {
    const key = prefix + q.key;
    if (seen.has(q.key)) fail(key, 'the key is used twice');
    const choice = q.type === 'SINGLE_CHOICE' || q.type === 'MULTI_CHOICE';
    if (choice && !q.options?.length) fail(key, `a ${q.type} needs options`);
    if (choice && new Set(q.options!.map((o) => o.value)).size !== q.options!.length) {
      fail(key, 'option values must differ');
    }
    if (!choice && q.options?.length) fail(key, 'only choices have options');
    if (q.type !== 'NUMBER' && (q.min != null || q.max != null || q.unit)) {
      fail(key, 'only a NUMBER has a unit and bounds');
    }
    if (q.min != null && q.max != null && q.min > q.max) fail(key, 'min must not be above max');
    if (q.showWhen) {
      const on = seen.get(q.showWhen.questionKey);
      if (!on) fail(key, `showWhen must name an earlier question of the same level`);
      if (on.type === 'GROUP' || on.type === 'MULTI_CHOICE') {
        fail(key, 'showWhen must name a question with a single answer');
      }
    }
    seen.set(q.key, q);
  }
}

export const allQuestions = (version: Section[]) => version.flatMap((s) => s.questions);

// --- Answers ---------------------------------------------------------------------------------

export type AnswerValue = string | number | boolean | string[] | Record<string, unknown>[] | null;
export type Answers = Record<string, AnswerValue>;

export interface AnswerError {
  questionKey: string;
  message: string;
}

const TEXT_MAX = { TEXT: 1000, LONG_TEXT: 20_000 } as const;
const isoDay = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO 3166-1 alpha-2 code (upper case) that names a country. */
export const isCountry = (code: string) => /^[A-Z]{2}$/.test(code) && countries.isValid(code);

/**
 * Checks answers against the questions. `full` (submitting): also required answers, bounds,
 * options, dates and countries. Always: no unknown keys and each value of its type's shape (a
 * draft may be unfinished, not malformed). Returns the answers to store: nulls dropped and
 * answers to hidden questions removed on submission.
 */
export function checkAnswers(
  questions: Question[],
  answers: unknown,
  full: boolean,
  prefix = '',
): { answers: Answers; errors: AnswerError[] } {
  const errors: AnswerError[] = [];
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) {
    return {
      answers: {},
      errors: [{ questionKey: prefix || '(answers)', message: 'must be an object' }],
    };
  }
  const given = answers as Record<string, unknown>;
  const known = new Map(questions.map((q) => [q.key, q]));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) errors.push({ questionKey: prefix + key, message: 'no such question' });
  }
  const kept: Answers = {};
  for (const q of questions) {
    const key = prefix + q.key;
    const value = given[q.key];
    const visible = !q.showWhen || given[q.showWhen.questionKey] === q.showWhen.equals;
    const empty =
      value === undefined ||
      value === null ||
      value === '' ||
      (Array.isArray(value) && !value.length);
    if (empty) {
      if (full && visible && q.required) errors.push({ questionKey: key, message: 'is required' });
      continue;
    }
    if (full && !visible) continue;
    const problem = checkValue(q, value, full, key, errors);
    if (problem) errors.push({ questionKey: key, message: problem });
    else if (q.type === 'GROUP') {
      // Rows as stored: each row's nulls dropped (and, on submission, its hidden answers).
      kept[q.key] = (value as unknown[]).map(
        (row) => checkAnswers(q.subQuestions!, row, full).answers,
      );
    } else kept[q.key] = value as AnswerValue;
  }
  return { answers: kept, errors };
}

function checkValue(
  q: Question,
  value: unknown,
  full: boolean,
  key: string,
  errors: AnswerError[],
) {
  switch (q.type) {
    case 'TEXT':
    case 'LONG_TEXT':
      if (typeof value !== 'string') return 'must be text';
      if (value.length > TEXT_MAX[q.type]) return `at most ${TEXT_MAX[q.type]} characters`;
      return null;
    case 'NUMBER':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number';
      if (full && q.min != null && value < q.min) return `must be at least ${q.min}`;
      if (full && q.max != null && value > q.max) return `must be at most ${q.max}`;
      return null;
    case 'DATE':
      if (typeof value !== 'string' || value.length > 10) return 'must be a date YYYY-MM-DD';
      if (full && (!isoDay.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)))) {
        return 'must be a date YYYY-MM-DD';
      }
      return null;
    case 'YES_NO':
      return typeof value === 'boolean' ? null : 'must be true (yes) or false (no)';
    case 'COUNTRY':
      if (typeof value !== 'string' || value.length > 2)
        return 'must be an ISO 3166-1 alpha-2 code';
      return full && !isCountry(value) ? 'must be an ISO 3166-1 alpha-2 code such as "CH"' : null;
    case 'SINGLE_CHOICE':
      if (typeof value !== 'string' || value.length > 100) return 'must be one option’s value';
      return full && !q.options!.some((o) => o.value === value)
        ? `"${value}" is not an option`
        : null;
    case 'MULTI_CHOICE': {
      if (!Array.isArray(value) || value.length > 100 || value.some((v) => typeof v !== 'string')) {
        return 'must be a list of option values';
      }
      const wrong = value.find((v) => !q.options!.some((o) => o.value === v));
      if (full && wrong !== undefined) return `"${String(wrong)}" is not an option`;
      return new Set(value).size === value.length ? null : 'an option is chosen twice';
    }
    case 'GROUP': {
      const maxRows = q.maxRows ?? 100;
      if (!Array.isArray(value)) return 'must be a list of rows';
      if (value.length > maxRows) return `at most ${maxRows} rows`;
      value.forEach((row, index) =>
        errors.push(...checkAnswers(q.subQuestions!, row, full, `${key}[${index}].`).errors),
      );
      return null;
    }
  }
}

/** Refuses answers with problems: the first question is named in the message, all in `errors`. */
export function refuseAnswers(errors: AnswerError[]) {
  if (!errors.length) return;
  const [first] = errors;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new BadUserInputError(`answers.${first!.questionKey}: ${first!.message}${more}`, {
    questionKey: first!.questionKey,
    errors,
  });
}
