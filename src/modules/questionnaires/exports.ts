// A campaign's returns and results as spreadsheets (CSV, XLSX), served by the exports route:
// GET /exports/questionnaire-returns.csv?campaignId=… and questionnaire-results.xlsx?…
// Both read through the GraphQL schema as the caller (see exports/run.ts), so a coordinator's
// file holds their own return only and a partner gets results but no returns.
import { NotFoundError } from '../../errors.js';
import { allNodes, type Caller, gql, query } from '../exports/run.js';
import type { Column, Table } from '../exports/tables.js';

const pageInfo = 'pageInfo { hasNextPage endCursor }';
const questionFields = 'key type labelBs options { value labelBs }';

interface QuestionRow {
  key: string;
  type: string;
  labelBs: string;
  options: { value: string; labelBs: string }[];
  subQuestions?: QuestionRow[];
}

interface ReturnRow {
  status: string;
  overdue: boolean;
  /** A Date: exports run the schema in process, unserialised. */
  submittedAt: Date | null;
  answers: Record<string, unknown>;
  municipality: { name: string } | null;
  organization: { name: string } | null;
}

interface CampaignData {
  node: {
    title: string;
    version: { sections: { questions: QuestionRow[] }[] };
    returns: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: ReturnRow }[];
    };
  } | null;
}

const returnsQuery = gql(`
  query QuestionnaireReturns($campaignId: ID!, $after: String) {
    node(id: $campaignId) {
      ... on QuestionnaireCampaign {
        title
        version { sections { questions { ${questionFields} subQuestions { ${questionFields} } } } }
        returns(first: 100, after: $after) {
          ${pageInfo}
          edges { node {
            status overdue submittedAt answers municipality { name } organization { name }
          } }
        }
      }
    }
  }
`);

const statusNames: Record<string, string> = {
  NOT_STARTED: 'Nije započet',
  DRAFT: 'Nacrt',
  SUBMITTED: 'Dostavljen',
  REOPENED: 'Ponovo otvoren',
};

/** One answer as a cell: numbers stay numbers, choices show their labels. */
function cell(question: QuestionRow, value: unknown): string | number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'Da' : 'Ne';
  const label = (v: unknown) => question.options.find((o) => o.value === v)?.labelBs ?? String(v);
  if (Array.isArray(value)) return value.map(label).join('; ');
  return label(value);
}

/** Every return the caller may read, one row each; a group's sub-answers joined with "; ". */
export async function returnsTable(caller: Caller, campaignId: string): Promise<Table<ReturnRow>> {
  const { first, nodes } = await allNodes<CampaignData, ReturnRow>(
    caller,
    returnsQuery,
    { campaignId },
    (data) => data.node?.returns ?? null,
  );
  if (!first.node?.version) throw new NotFoundError('No questionnaire campaign has this ID');
  const questions = first.node.version.sections.flatMap((section) => section.questions);
  const columns: Column<ReturnRow>[] = [
    {
      header: 'Primalac',
      width: 24,
      value: (r) => r.municipality?.name ?? r.organization?.name,
    },
    { header: 'Status', width: 14, value: (r) => statusNames[r.status] ?? r.status },
    { header: 'Kasni', width: 8, value: (r) => (r.overdue ? 'Da' : 'Ne') },
    { header: 'Dostavljen', width: 20, value: (r) => r.submittedAt?.toISOString().slice(0, 10) },
  ];
  for (const question of questions) {
    if (question.type !== 'GROUP') {
      columns.push({ header: question.key, value: (r) => cell(question, r.answers[question.key]) });
      continue;
    }
    for (const sub of question.subQuestions ?? []) {
      columns.push({
        header: `${question.key}.${sub.key}`,
        value: (r) => {
          const rows = (r.answers[question.key] ?? []) as Record<string, unknown>[];
          return rows.length ? rows.map((row) => cell(sub, row[sub.key]) ?? '').join('; ') : null;
        },
      });
    }
  }
  return { title: first.node.title, columns, rows: nodes };
}

interface ResultRow {
  key: string;
  labelBs: string;
  answered: number;
  sum: number | null;
  average: number | null;
  min: number | null;
  max: number | null;
  rows: number | null;
  distribution: { labelBs: string; count: number }[];
  byRecipient: { recipient: string; value: string | null; number: number | null }[];
  subQuestions?: ResultRow[];
}

const resultFields =
  'key labelBs answered sum average min max rows distribution { labelBs count } ' +
  'byRecipient { recipient value number }';
const resultsQuery = gql(`
  query QuestionnaireResults($campaignId: ID!) {
    node(id: $campaignId) {
      ... on QuestionnaireCampaign {
        title
        results { ${resultFields} subQuestions { ${resultFields} } }
      }
    }
  }
`);

interface FigureRow {
  key: string;
  labelBs: string;
  scope: string;
  answered: number | null;
  sum: number | null;
  average: number | null;
  min: number | null;
  max: number | null;
  rows: number | null;
  distribution: string | null;
  value: string | null;
}

/** Per question: an overall row ("Ukupno"), then one row per recipient. */
export async function resultsTable(caller: Caller, campaignId: string): Promise<Table<FigureRow>> {
  const data = await query<{ node: { title: string; results: ResultRow[] } | null }>(
    caller,
    resultsQuery,
    { campaignId },
  );
  if (!data.node?.results) throw new NotFoundError('No questionnaire campaign has this ID');
  const rows: FigureRow[] = [];
  const add = (result: ResultRow, key: string) => {
    rows.push({
      key,
      labelBs: result.labelBs,
      scope: 'Ukupno',
      answered: result.answered,
      sum: result.sum,
      average: result.average === null ? null : Math.round(result.average * 100) / 100,
      min: result.min,
      max: result.max,
      rows: result.rows,
      distribution: result.distribution.map((s) => `${s.labelBs}: ${s.count}`).join('; ') || null,
      value: null,
    });
    for (const figure of result.byRecipient) {
      rows.push({
        key,
        labelBs: result.labelBs,
        scope: figure.recipient,
        answered: null,
        sum: figure.number,
        average: null,
        min: null,
        max: null,
        rows: null,
        distribution: null,
        value: figure.value,
      });
    }
    for (const sub of result.subQuestions ?? []) add(sub, `${key}.${sub.key}`);
  };
  for (const result of data.node.results) add(result, result.key);
  const columns: Column<FigureRow>[] = [
    { header: 'Pitanje', width: 24, value: (r) => r.key },
    { header: 'Tekst pitanja', width: 36, value: (r) => r.labelBs },
    { header: 'Obuhvat', width: 24, value: (r) => r.scope },
    { header: 'Odgovora', width: 10, value: (r) => r.answered },
    { header: 'Zbir', width: 12, value: (r) => r.sum },
    { header: 'Prosjek', width: 12, value: (r) => r.average },
    { header: 'Min', width: 10, value: (r) => r.min },
    { header: 'Max', width: 10, value: (r) => r.max },
    { header: 'Redova', width: 10, value: (r) => r.rows },
    { header: 'Raspodjela', width: 40, value: (r) => r.distribution },
    { header: 'Odgovor', width: 40, value: (r) => r.value },
  ];
  return { title: `${data.node.title} – rezultati`, columns, rows };
}
