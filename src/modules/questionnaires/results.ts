// Results of a campaign, per question, from its SUBMITTED returns: counts, sums, averages,
// distributions, overall and per recipient. A GROUP's sub-questions count over all its rows.
import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import type { PrismaClient } from '../../db/database.js';
import { isoDate, todayInBosnia } from '../../dates.js';
import { allQuestions, type Question, type Section } from './definition.js';

countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/bs.json'));
countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json'));

export interface Share {
  value: string;
  labelBs: string;
  labelEn: string;
  count: number;
}

export interface RecipientFigure {
  recipient: string;
  municipalityId: string | null;
  organizationId: string | null;
  /**
   * The answer as text (choices by their labels, rows counted); null for free text (TEXT,
   * LONG_TEXT), which is read in the return itself, not in results.
   */
  value: string | null;
  /** NUMBER: the value (a group's sub-question: the sum over the rows); GROUP: its rows. */
  number: number | null;
}

export interface QuestionResult {
  key: string;
  type: Question['type'];
  labelBs: string;
  labelEn: string | null;
  unit: string | null;
  /** Returns answering (a sub-question: rows answering). */
  answered: number;
  sum: number | null;
  average: number | null;
  min: number | null;
  max: number | null;
  /** GROUP: rows over all returns. */
  rows: number | null;
  distribution: Share[];
  byRecipient: RecipientFigure[];
  subQuestions: QuestionResult[];
}

interface Entry {
  recipient: string;
  municipalityId: string | null;
  organizationId: string | null;
  /** This recipient's answers to the question: one, or one per row of a group. */
  values: unknown[];
}

const empty = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

function shareLabels(question: Question, value: string): [string, string] {
  if (question.type === 'YES_NO') return value === 'true' ? ['Da', 'Yes'] : ['Ne', 'No'];
  if (question.type === 'COUNTRY') {
    return [countries.getName(value, 'bs') ?? value, countries.getName(value, 'en') ?? value];
  }
  const option = question.options?.find((candidate) => candidate.value === value);
  return [option?.labelBs ?? value, option?.labelEn ?? option?.labelBs ?? value];
}

/** The values a distribution counts: each chosen option, yes/no, each country. */
function categories(question: Question, value: unknown): string[] {
  switch (question.type) {
    case 'YES_NO':
    case 'SINGLE_CHOICE':
    case 'COUNTRY':
      return [String(value)];
    case 'MULTI_CHOICE':
      return (value as string[]).map(String);
    default:
      return [];
  }
}

function display(question: Question, value: unknown): string {
  if (question.type === 'GROUP') return String((value as unknown[]).length);
  const shown = categories(question, value);
  if (shown.length) return shown.map((v) => shareLabels(question, v)[0]).join(', ');
  return String(value);
}

const freeText = new Set(['TEXT', 'LONG_TEXT']);

export function summarize(question: Question, entries: Entry[]): QuestionResult {
  const answers = entries.flatMap((entry) => entry.values.filter((value) => !empty(value)));
  const numbers = question.type === 'NUMBER' ? (answers as number[]) : [];
  const sum = numbers.reduce((total, n) => total + n, 0);
  const counts = new Map<string, number>();
  for (const answer of answers) {
    for (const category of categories(question, answer)) {
      counts.set(category, (counts.get(category) ?? 0) + 1);
    }
  }
  const order = question.options?.map((option) => option.value) ?? ['true', 'false'];
  const distribution = [...counts]
    .map(([value, count]) => {
      const [labelBs, labelEn] = shareLabels(question, value);
      return { value, labelBs, labelEn, count };
    })
    .sort(
      (a, b) =>
        b.count - a.count ||
        order.indexOf(a.value) - order.indexOf(b.value) ||
        a.value.localeCompare(b.value),
    );
  const group = question.type === 'GROUP';
  const rowsOf = (entry: Entry) =>
    entry.values.flatMap((value) => (Array.isArray(value) ? value : [])) as Record<
      string,
      unknown
    >[];
  const byRecipient = entries.flatMap((entry) => {
    const given = entry.values.filter((value) => !empty(value));
    if (!given.length) return [];
    const own = given as number[];
    return [
      {
        recipient: entry.recipient,
        municipalityId: entry.municipalityId,
        organizationId: entry.organizationId,
        value: freeText.has(question.type)
          ? null
          : given.map((value) => display(question, value)).join('; '),
        number: group
          ? rowsOf(entry).length
          : question.type === 'NUMBER'
            ? own.reduce((total, n) => total + n, 0)
            : null,
      },
    ];
  });
  return {
    key: question.key,
    type: question.type,
    labelBs: question.labelBs,
    labelEn: question.labelEn ?? null,
    unit: question.unit ?? null,
    answered: answers.length,
    sum: question.type === 'NUMBER' ? sum : null,
    average: numbers.length ? sum / numbers.length : null,
    min: numbers.length ? Math.min(...numbers) : null,
    max: numbers.length ? Math.max(...numbers) : null,
    rows: group ? entries.reduce((total, entry) => total + rowsOf(entry).length, 0) : null,
    distribution,
    byRecipient,
    subQuestions: group
      ? (question.subQuestions ?? []).map((sub) =>
          summarize(
            sub,
            entries.map((entry) => ({
              ...entry,
              values: rowsOf(entry).map((row) => row[sub.key]),
            })),
          ),
        )
      : [],
  };
}

/** A campaign's results, question by question in the version's order (`key`: that one only). */
export async function campaignResults(
  prisma: PrismaClient,
  campaignId: string,
  key?: string | null,
): Promise<QuestionResult[]> {
  const campaign = await prisma.questionnaireCampaign.findUniqueOrThrow({
    where: { id: campaignId },
    select: {
      version: { select: { sections: true } },
      returns: {
        where: { status: 'SUBMITTED' },
        select: {
          answers: true,
          municipalityId: true,
          organizationId: true,
          municipality: { select: { name: true } },
          organization: { select: { name: true } },
        },
      },
    },
  });
  const recipients = campaign.returns
    .map((found) => ({
      recipient: found.municipality?.name ?? found.organization?.name ?? '',
      municipalityId: found.municipalityId,
      organizationId: found.organizationId,
      answers: found.answers as Record<string, unknown>,
    }))
    .sort((a, b) => a.recipient.localeCompare(b.recipient, 'bs'));
  return allQuestions(campaign.version.sections as unknown as Section[])
    .filter((question) => !key || question.key === key)
    .map((question) =>
      summarize(
        question,
        recipients.map(({ answers, ...recipient }) => ({
          ...recipient,
          values: [answers[question.key]],
        })),
      ),
    );
}

export interface OverviewRow {
  recipient: string;
  municipalityId: string | null;
  organizationId: string | null;
  status: 'NOT_STARTED' | 'DRAFT' | 'SUBMITTED' | 'REOPENED';
  overdue: boolean;
  /** Submitted after the deadline. */
  late: boolean;
  savedAt: Date | null;
  submittedAt: Date | null;
}

export interface Overview {
  total: number;
  submitted: number;
  draft: number;
  notStarted: number;
  overdue: number;
  recipients: OverviewRow[];
}

/** Who has submitted, who is in draft, who has not started, who is overdue. */
export async function campaignOverview(
  prisma: PrismaClient,
  campaignId: string,
): Promise<Overview> {
  const campaign = await prisma.questionnaireCampaign.findUniqueOrThrow({
    where: { id: campaignId },
    select: {
      closesOn: true,
      returns: {
        select: {
          status: true,
          savedAt: true,
          submittedAt: true,
          municipalityId: true,
          organizationId: true,
          municipality: { select: { name: true } },
          organization: { select: { name: true } },
        },
      },
    },
  });
  const today = todayInBosnia();
  const deadline = isoDate(campaign.closesOn);
  const recipients = campaign.returns
    .map((found) => ({
      recipient: found.municipality?.name ?? found.organization?.name ?? '',
      municipalityId: found.municipalityId,
      organizationId: found.organizationId,
      status: found.status,
      overdue: found.status !== 'SUBMITTED' && today > campaign.closesOn,
      late: found.submittedAt !== null && isoDate(todayInBosnia(found.submittedAt)) > deadline,
      savedAt: found.savedAt,
      submittedAt: found.submittedAt,
    }))
    .sort((a, b) => a.recipient.localeCompare(b.recipient, 'bs'));
  const count = (test: (row: OverviewRow) => boolean) => recipients.filter(test).length;
  return {
    total: recipients.length,
    submitted: count((row) => row.status === 'SUBMITTED'),
    draft: count((row) => row.status === 'DRAFT' || row.status === 'REOPENED'),
    notStarted: count((row) => row.status === 'NOT_STARTED'),
    overdue: count((row) => row.overdue),
    recipients,
  };
}
