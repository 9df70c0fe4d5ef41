import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
} from 'yaml';
import { PolicyTestError } from './policy-test.error';

export type Decision = 'allow' | 'deny';

/** One value a fact row gives, `repository: gmail`. */
export interface FactValue {
  name: string;
  value: unknown;
  line: number;
}

/** A row of a class; `key` is what cases and references call it. */
export interface FactRow {
  key?: string;
  line: number;
  values: FactValue[];
}

/** The rows of one class, by its Polar name: keyed (a mapping) or not (a list). */
export interface FactTable {
  className: string;
  line: number;
  rows: FactRow[];
}

/**
 * `anne push react: allow` (a decision on a row) or `anne read Issue:
 * [react-hooks]` (the keys of the rows a filtered list holds).
 */
export interface CaseLine {
  text: string;
  line: number;
  actor: string;
  action: string;
  resource: string;
  expected: Decision | string[];
}

export interface PolicyTestFile {
  path: string;
  facts: FactTable[];
  cases: CaseLine[];
}

const CASE_FORM = '<actor> <action> <resource>: allow, deny or [keys]';

/**
 * Reads a policy test's YAML: `facts:` (rows by class name) and `expect:`
 * (one case a line). Only the shape is checked here; what the names mean is
 * up to the facts and the cases. Every mistake is a {@link PolicyTestError}
 * naming the line.
 */
export function parsePolicyTestFile(
  path: string,
  text: string,
): PolicyTestFile {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
  });
  const lineOf = (offset: number) => lines.linePos(offset).line;
  const fail = (offset: number, message: string): never => {
    throw new PolicyTestError(path, lineOf(offset), message);
  };
  const [error] = document.errors;
  if (error) fail(error.pos[0], error.message);

  /** `node`, which must be a mapping; `where` is the offset of its key. */
  const mapping = (node: unknown, where: number, message: string) =>
    isMap<Node, Node | null>(node) ? node : fail(at(node, where), message);
  /** A key or a list item: a word, a number or a boolean. */
  const name = (node: Node): string => {
    const value: unknown = isScalar(node) ? node.value : null;
    return typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
      ? String(value)
      : fail(at(node, 0), 'a name must be a plain word');
  };

  const result: PolicyTestFile = { path, facts: [], cases: [] };
  let tested = false;
  const root = mapping(document.contents, 0, 'expected facts: and expect:');
  for (const { key, value } of root.items) {
    const section = name(key);
    const where = at(key, 0);
    if (section === 'facts') {
      const tables = mapping(
        value,
        where,
        'facts: must map class names to rows',
      );
      result.facts = tables.items.map((table) =>
        factTable(name(table.key), table.value, at(table.key, where)),
      );
    } else if (section === 'expect') {
      tested = true;
      result.cases = cases(value, where);
    } else {
      fail(
        where,
        `unknown section ${section}: a policy test has facts: and expect:`,
      );
    }
  }
  if (!tested) fail(0, 'no expect: section, so nothing is tested');
  return result;

  function factTable(
    className: string,
    node: Node | null,
    where: number,
  ): FactTable {
    const rows = isSeq<Node>(node)
      ? node.items.map((row) => factRow(row, at(row, where)))
      : mapping(
          node,
          where,
          `${className}: rows by key ({ larry: {} }) or a list`,
        ).items.map(({ key, value }) =>
          factRow(value, at(key, where), name(key)),
        );
    return { className, line: lineOf(where), rows };
  }

  function factRow(node: Node | null, where: number, key?: string): FactRow {
    const row = mapping(
      node,
      where,
      `a row is a mapping of values, like { name: admin } or {}`,
    );
    const values = row.items.map(({ key: field, value }) => ({
      name: name(field),
      value: (value?.toJSON() ?? null) as unknown,
      line: lineOf(at(field, where)),
    }));
    return { key, line: lineOf(where), values };
  }

  function cases(node: Node | null, where: number): CaseLine[] {
    if (!isSeq<Node>(node)) {
      return fail(
        at(node, where),
        `expect: is a list of cases, - ${CASE_FORM}`,
      );
    }
    const seen = new Map<string, number>();
    return node.items.map((item) => {
      const pairs = mapping(
        item,
        at(item, where),
        `a case is - ${CASE_FORM}`,
      ).items;
      if (pairs.length !== 1)
        fail(at(item, where), `a case is one line: - ${CASE_FORM}`);
      const [{ key, value }] = pairs;
      const text = name(key).trim().replace(/\s+/g, ' ');
      const line = lineOf(at(key, where));
      const words = text.split(' ');
      if (words.length !== 3) {
        fail(at(key, where), `malformed case "${text}": write - ${CASE_FORM}`);
      }
      const earlier = seen.get(text);
      if (earlier !== undefined) {
        fail(at(key, where), `${text}: already tested on line ${earlier}`);
      }
      seen.set(text, line);
      const [actor, action, resource] = words;
      return {
        text,
        line,
        actor,
        action,
        resource,
        expected: expected(text, value, line),
      };
    });
  }

  function expected(
    text: string,
    node: Node | null,
    line: number,
  ): Decision | string[] {
    if (isSeq<Node>(node)) return node.items.map(name);
    const decision = isScalar(node) ? node.value : undefined;
    if (decision === 'allow' || decision === 'deny') return decision;
    throw new PolicyTestError(
      path,
      line,
      `${text}: a decision is allow or deny (or, for a class, a list of keys), not ${JSON.stringify(node?.toJSON() ?? null)}`,
    );
  }
}

/** Where `node` starts, or `fallback` for a node that is absent (`expect:` with nothing). */
function at(node: unknown, fallback: number): number {
  return (node as Node | null)?.range?.[0] ?? fallback;
}
