import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Type } from '@nestjs/common';
import type { PolicyClass } from '../authorization';
import { Facts } from './facts';
import { type Decision, parsePolicyTestFile } from './policy-test-file';
import { PolicyTestError } from './policy-test.error';

interface CaseBase {
  /** `larry read react`, as written. */
  text: string;
  /** The whole case: `larry read react: deny`. */
  title: string;
  line: number;
  actor: object;
  action: string;
}

/** A single check: `larry read react: deny`. */
export interface DecisionCase extends CaseBase {
  resource: object;
  expected: Decision;
}

/** A filtered list: `larry read Issue: [gmail-login]`, the keys in the facts' order. */
export interface ListCase extends CaseBase {
  resourceType: Type<object>;
  expected: string[];
}

export type PolicyTestCase = DecisionCase | ListCase;

/** A policy test file, read and checked: its facts, and its cases on them. */
export interface PolicyTest {
  path: string;
  facts: Facts;
  cases: PolicyTestCase[];
}

/** `allow`, or the keys a list holds: `[gmail, react]`. */
export function showDecision(decision: string | string[]): string {
  return Array.isArray(decision) ? `[${decision.join(', ')}]` : decision;
}

/** The policy tests beside the policy: every `*.test.yaml` in `dir`, sorted. */
export function policyTestPaths(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new PolicyTestError(dir, undefined, (error as Error).message);
  }
  const paths = names
    .filter((name) => name.endsWith('.test.yaml'))
    .sort()
    .map((name) => join(dir, name));
  if (paths.length === 0) {
    throw new PolicyTestError(dir, undefined, 'no *.test.yaml files here');
  }
  return paths;
}

/**
 * Reads the policy test at `path`, for the policy's `classes`: its facts
 * become rows, its cases name them. Any mistake is a {@link PolicyTestError}
 * naming the line.
 */
export function loadPolicyTest(
  path: string,
  classes: PolicyClass[],
): PolicyTest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PolicyTestError(path, undefined, (error as Error).message);
  }
  const file = parsePolicyTestFile(path, text);
  const facts = Facts.build(path, file.facts, classes);
  const cases = file.cases.map((line): PolicyTestCase => {
    const fail: (message: string) => never = (message) => {
      throw new PolicyTestError(path, line.line, `${line.text}: ${message}`);
    };
    const actor = facts.find(line.actor);
    if (!actor) fail(`unknown actor ${line.actor}: no row has that key`);
    const base = {
      text: line.text,
      title: `${line.text}: ${showDecision(line.expected)}`,
      line: line.line,
      actor: actor.row,
      action: line.action,
    };
    const resource = facts.find(line.resource);
    if (resource) {
      if (typeof line.expected !== 'string') {
        fail(`${line.resource} is a row: expect allow or deny`);
      }
      return { ...base, resource: resource.row, expected: line.expected };
    }
    const cls = classes.find((c) => (c.name ?? c.type.name) === line.resource);
    if (!cls) {
      fail(
        `unknown resource ${line.resource}: neither a row's key nor a class`,
      );
    }
    if (!Array.isArray(line.expected)) {
      fail(
        `${line.resource} is a class: expect the list of keys of its rows, like [a, b]`,
      );
    }
    const keys = (facts.rows.get(line.resource) ?? []).map((row) =>
      facts.keyOf(row),
    );
    if (keys.includes(undefined)) {
      fail(`${line.resource}'s rows are a list: give them keys to list them`);
    }
    const expected = new Set<string>();
    for (const key of line.expected) {
      if (!keys.includes(key))
        fail(`${key} is not one of the ${line.resource} rows`);
      if (expected.has(key)) fail(`${key} is listed twice`);
      expected.add(key);
    }
    return {
      ...base,
      resourceType: cls.type,
      expected: keys.filter((key): key is string => expected.has(key!)),
    };
  });
  return { path, facts, cases };
}
