// The GraphQL examples of the Markdown docs, as data: GraphiQL opens with the cookbook's as tabs,
// and test/server/docs-examples.test.ts runs every one against a real server, so the docs cannot drift
// from the schema unnoticed. Conventions (docs/api.md, "How to read the examples"): a fenced
// `graphql` block, optional first comment lines `# as <e-mail>` and `# expect <CODE>`, then
// optionally a `json` block of variables and a `json answer` block the result must contain.
import { readFile } from 'node:fs/promises';
import { getOperationAST, type OperationTypeNode, parse } from 'graphql';

export interface DocExample {
  /** The operation's name; later examples refer to its answer as `{{Name.path}}`. */
  name: string;
  kind: OperationTypeNode;
  /** The block as printed, comments included. */
  query: string;
  /** The variables block as printed (placeholders unresolved), if any. */
  variablesText?: string;
  /** The demo account to run it as (`# as …`); anonymous when absent. */
  as?: string;
  /** The error code it is meant to fail with (`# expect …`). */
  expect?: string;
  /** What the answer must contain (`json answer` block). */
  answer?: unknown;
  /** Where it is, for messages: `docs/api.md:42`. */
  where: string;
}

const fence = /^```([\w-]*)[ \t]*([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;

/** The examples of one Markdown text, in order; throws on a block that does not parse. */
export function parseDocExamples(markdown: string, file: string): DocExample[] {
  const examples: DocExample[] = [];
  for (const match of markdown.matchAll(fence)) {
    const [, language, label, body = ''] = match;
    const where = `${file}:${markdown.slice(0, match.index).split('\n').length}`;
    const previous = examples.at(-1);
    if (language === 'graphql') {
      examples.push(graphqlExample(body, where));
    } else if (language === 'json' && previous) {
      if (label === 'answer') previous.answer = JSON.parse(body);
      else if (!previous.variablesText && label === '') previous.variablesText = body.trim();
    }
  }
  return examples;
}

function graphqlExample(query: string, where: string): DocExample {
  const operation = getOperationAST(parse(query));
  if (!operation?.name) throw new Error(`${where}: an example must be one named operation`);
  const directive = (word: string) =>
    new RegExp(`^#\\s*${word}\\s+(\\S+)\\s*$`, 'm').exec(query)?.[1];
  return {
    name: operation.name.value,
    kind: operation.operation,
    query: query.trim(),
    as: directive('as'),
    expect: directive('expect'),
    where,
  };
}

/** The examples of a Markdown file of this repository (path relative to its root). */
export async function readDocExamples(file: string): Promise<DocExample[]> {
  const text = await readFile(new URL(`../../${file}`, import.meta.url), 'utf8');
  return parseDocExamples(text, file);
}

/**
 * Replaces each `"{{Name.path.to.value}}"` in a variables text with that value of an earlier
 * answer (`answers.get(Name)`); throws naming the first that cannot be resolved.
 */
export function resolvePlaceholders(text: string, answers: Map<string, unknown>): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'string') return value;
    const reference = /^\{\{(\w+)\.([\w.]+)\}\}$/.exec(value);
    if (!reference) return value;
    const [, name = '', path = ''] = reference;
    let found: unknown = answers.get(name);
    for (const step of path.split('.')) found = (found as Record<string, unknown> | null)?.[step];
    if (found === undefined) throw new Error(`${value}: no such value in an earlier answer`);
    return found;
  });
}
