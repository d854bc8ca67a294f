// Limits on what one GraphQL request may ask of the server, on HTTP and WebSocket alike.
//
// graphql-armor's rules look at the document only, and Yoga caches their verdict per document;
// the checks that depend on the variables (their nesting, their text, the lengths of their
// lists, and the cost those lengths multiply) run here, before execution, on the variables as
// the client sent them — the same values later plugins (the read cache) see.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getOperationAST,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
  type ValueNode,
  visit,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { QueryLimits } from './config.js';
import { BadUserInputError } from './errors.js';

/** graphql-armor's document limits plus the variable-aware checks below. */
export function limitPlugins(limits: QueryLimits): Plugin[] {
  return [
    maxTokensPlugin({ n: limits.maxTokens }),
    maxDepthPlugin({ n: limits.maxDepth, flattenFragments: true }),
    // `__typename` aliases cost a resolver call each like any other: no allow-list.
    maxAliasesPlugin({ n: limits.maxAliases, allowList: [] }),
    maxDirectivesPlugin({ n: limits.maxDirectives }),
    useRequestLimits(limits),
  ] as Plugin[];
}

type Variables = Record<string, unknown> | null | undefined;

/** Refuses, before execution, a request whose variables or literals break a limit. */
function useRequestLimits(limits: QueryLimits): Plugin {
  const refusal = (document: DocumentNode, operationName: unknown, variables: unknown) => {
    try {
      checkVariables(variables as Variables, limits);
      checkDocument(document, limits);
      const operation = getOperationAST(document, operationName as string | undefined);
      if (operation) checkCost(document, operation, variables as Variables, limits.maxCost);
      return undefined;
    } catch (error) {
      if (error instanceof BadUserInputError) return { errors: [error] };
      throw error;
    }
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = refusal(args.document, args.operationName, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = refusal(args.document, args.operationName, args.variableValues);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}

/**
 * PostgreSQL cannot store NUL, and UTF-8 cannot encode half of a surrogate pair: such text is
 * refused up front rather than failing (or being silently altered) in the database.
 */
const unstorableText = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function checkText(text: string, where: string) {
  if (unstorableText.test(text)) {
    throw new BadUserInputError(
      `${where}: text may not contain NUL characters or unpaired surrogates`,
    );
  }
}

function checkListLength(length: number, where: string, limits: QueryLimits) {
  if (length > limits.maxListLength) {
    throw new BadUserInputError(
      `${where}: a list may hold at most ${limits.maxListLength} items, this one has ${length}`,
    );
  }
}

/** Walks the variables without recursion (a hostile nesting must not overflow the stack). */
function checkVariables(variables: Variables, limits: QueryLimits) {
  if (!variables) return;
  const stack: [value: unknown, depth: number, where: string][] = Object.entries(variables).map(
    ([name, value]) => [value, 1, `$${name}`],
  );
  for (const [name] of Object.entries(variables)) checkText(name, 'A variable name');
  while (stack.length) {
    const [value, depth, where] = stack.pop()!;
    if (typeof value === 'string') checkText(value, where);
    if (typeof value !== 'object' || value === null) continue;
    if (depth > limits.maxInputDepth) {
      throw new BadUserInputError(
        `${where}: values may be nested at most ${limits.maxInputDepth} levels deep`,
      );
    }
    if (Array.isArray(value)) {
      checkListLength(value.length, where, limits);
      for (const item of value) stack.push([item, depth + 1, where]);
    } else {
      for (const [key, item] of Object.entries(value)) {
        checkText(key, where);
        stack.push([item, depth + 1, where]);
      }
    }
  }
}

/** String and list literals written in the document obey the same rules as variables. */
function checkDocument(document: DocumentNode, limits: QueryLimits) {
  visit(document, {
    StringValue: (node) => checkText(node.value, 'A string in the query'),
    ListValue: (node) => checkListLength(node.values.length, 'A list in the query', limits),
  });
}

// graphql-armor's cost formula (objects 2, scalars 1, × 1.5 per level, × `first`/`last`),
// kept so that its documented figures still hold, but with the variables' values: `first: $n`
// multiplies like `first: 100`, and a field given lists (`nodes(ids:)`) costs its subtree once
// per item of the longest.
const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_FACTOR = 1.5;

function checkCost(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  maxCost: number,
) {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  }
  const fragmentCosts = new Map<string, number>();

  const selectionsCost = (selections: readonly SelectionNode[]): number =>
    selections.reduce((sum, child) => sum + DEPTH_FACTOR * selectionCost(child), 0);

  const selectionCost = (node: SelectionNode): number => {
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      const name = node.name.value;
      if (!fragmentCosts.has(name)) {
        fragmentCosts.set(name, 0); // a cycle (refused by validation) costs nothing more
        const fragment = fragments.get(name);
        const cost = fragment ? OBJECT_COST + selectionsCost(fragment.selectionSet.selections) : 0;
        fragmentCosts.set(name, cost);
      }
      return SCALAR_COST + DEPTH_FACTOR * fragmentCosts.get(name)!;
    }
    if (node.kind === Kind.FIELD && node.name.value === '__schema') return 0; // introspection
    if (node.kind === Kind.INLINE_FRAGMENT) {
      return OBJECT_COST + selectionsCost(node.selectionSet.selections);
    }
    const own = node.selectionSet
      ? OBJECT_COST + selectionsCost(node.selectionSet.selections)
      : SCALAR_COST;
    return own * multiplier(node, variables);
  };

  const cost = operation.selectionSet.selections.reduce(
    (sum, child) => sum + selectionCost(child),
    0,
  );
  if (cost > maxCost) {
    throw new BadUserInputError(`Query cost limit of ${maxCost} exceeded, found ${cost}`);
  }
}

/** How many times a field's result counts: its `first`/`last`, or its longest list argument. */
function multiplier(field: FieldNode, variables: Variables): number {
  let times = 1;
  for (const argument of field.arguments ?? []) {
    const name = argument.name.value;
    if (name === 'first' || name === 'last') {
      const count = Number(valueOf(argument.value, variables));
      if (Number.isInteger(count)) times = Math.max(times, count);
    } else {
      times = Math.max(times, longestList(valueOf(argument.value, variables)));
    }
  }
  return times;
}

/** An argument's value as a plain value, variables substituted (lists and objects as AST). */
function valueOf(node: ValueNode, variables: Variables): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables?.[node.name.value];
    case Kind.INT:
      return Number(node.value);
    case Kind.LIST:
      return node.values.map((value) => valueOf(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(
        node.fields.map((field) => [field.name.value, valueOf(field.value, variables)]),
      );
    default:
      return undefined;
  }
}

/** The longest list within a value; variables were checked for depth before this runs. */
function longestList(value: unknown): number {
  if (Array.isArray(value)) return Math.max(value.length, ...value.map(longestList));
  if (typeof value === 'object' && value !== null) {
    return Math.max(0, ...Object.values(value).map(longestList));
  }
  return 0;
}
