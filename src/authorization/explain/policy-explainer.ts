import type { Oso } from 'oso';
import { characterColumn, shownPath } from '../errors/policy-source';
import { firstQuietly, polarLogOf } from '../services/polar-messages';
import { applicableRules, type PolicyRule } from './applicable-rules';
import type { GoalExplanation, RuleAttempt } from './explanation';
import {
  callParts,
  pathsIn,
  ruleAt,
  type RuleParts,
  ruleParts,
  variablesIn,
} from './polar-text';
import type { ValueText } from './value-text';

/** Past these, an explanation says it stops rather than grow without end. */
const MAX_DEPTH = 24;
const MAX_QUESTIONS = 200;
/** Enough results to see a question hold, and its rules tried. */
const MAX_RESULTS = 100;

/**
 * Re-derives a decision rule by rule, with Polar answering every step.
 * For a question, Polar's log names the rules that apply and their places;
 * each rule's head and conditions then run as a query on the question's
 * arguments. A rule that holds shows its own variables (the role row it
 * matched) and the questions its conditions asked, explained in turn; a
 * rule that fails shows the first condition it fails at.
 */
export class PolicyExplainer {
  private questions = 0;

  constructor(
    private readonly oso: Oso<object, string, object>,
    /** The policy files' text as the engine loaded them, by path. */
    private readonly sources: ReadonlyMap<string, string>,
    private readonly wrap: <V>(value: V) => V,
    private readonly text: ValueText,
    /** A failure inside the policy in a few words, without its place. */
    private readonly describe: (error: unknown) => string,
    /** Whether `field` of `value` holds only the caller's rows (a CallerRelation). */
    private readonly callersOnly: (value: unknown, field: string) => boolean,
  ) {}

  async explain(
    name: string,
    args: unknown[],
    asked: string[] = [],
  ): Promise<GoalExplanation> {
    const goal = `${name}(${args.map((arg) => this.text.brief(arg)).join(', ')})`;
    if (asked.includes(goal)) {
      const holds = await this.holds(name, args);
      return { goal, holds, attempts: [], note: 'asked above' };
    }
    if (asked.length >= MAX_DEPTH || ++this.questions > MAX_QUESTIONS) {
      const holds = await this.holds(name, args);
      return {
        goal,
        holds,
        attempts: [],
        note: 'not explained: the explanation is already this long',
      };
    }
    const [call, bindings] = this.question(name, args);
    const log = await polarLogOf(
      () => this.oso.query(call, { bindings }),
      MAX_RESULTS,
    );
    const holds = log.results > 0;
    const rules = applicableRules(log.lines).filter(({ file }) =>
      this.sources.has(file),
    );
    const attempts: RuleAttempt[] = [];
    for (const rule of rules) {
      const attempt = await this.attempt(rule, args, [...asked, goal]);
      if (attempt.holds && holds) return { goal, holds, attempts: [attempt] };
      attempts.push(attempt);
    }
    let note: string | undefined;
    if (log.error !== undefined) note = `error: ${this.describe(log.error)}`;
    else if (rules.length === 0) note = 'no rule applies';
    else if (holds) note = 'holds, yet no rule alone re-derives it';
    return { goal, holds, attempts, note };
  }

  /**
   * `name(args)` as a query on variables bound to the arguments: Polar's
   * log prints a string a query names as it is, and a caller's string is
   * to be no line of the log.
   */
  private question(
    name: string,
    args: unknown[],
  ): [string, Map<string, unknown>] {
    const bindings = new Map(
      args.map((arg, index) => [`whyArg${index}`, this.wrap(arg)]),
    );
    return [`${name}(${[...bindings.keys()].join(', ')})`, bindings];
  }

  /** Whether `name(args)` holds, for a question not explained further. */
  private async holds(name: string, args: unknown[]): Promise<boolean> {
    const [call, bindings] = this.question(name, args);
    return (
      (await firstQuietly(() => this.oso.query(call, { bindings })).catch(
        () => undefined,
      )) !== undefined
    );
  }

  /** `rule` tried on `args`: whether it holds, and how far it got. */
  private async attempt(
    rule: PolicyRule,
    args: unknown[],
    asked: string[],
  ): Promise<RuleAttempt> {
    const written = this.writtenRule(rule);
    const attempt: RuleAttempt = {
      place: `${shownPath(rule.file)}:${rule.line}:${characterColumn(this.sources.get(rule.file)!, rule.line, rule.column)}`,
      rule: written ?? rule.text ?? '',
      holds: false,
      reached: rule.text !== undefined,
      values: [],
      subgoals: [],
    };
    if (rule.text === undefined) return attempt;
    // A rule the file holds whole runs as written; a resource block's
    // shorthand rule as Polar expands it, which asks nothing but roles,
    // permissions and relations.
    const parts =
      (written !== undefined ? ruleParts(written) : undefined) ??
      expandedShorthand(rule.text);
    if (!parts || parts.params.length !== args.length) {
      attempt.error = 'cannot take this rule apart to explain it';
      return attempt;
    }
    const query = new RuleQuery(parts, args.map(this.wrap));
    const everyCall = [...query.calls()].map(([index]) => index);
    const proof = await this.first(
      query.text(parts.conditions.length, everyCall),
    ).catch(() => undefined);
    if (!proof) {
      await this.failure(query, args, attempt, asked);
      return attempt;
    }
    attempt.holds = true;
    attempt.values = query
      .ownVariables(proof)
      .map((name) => `${name} = ${this.text.row(proof.get(name))}`);
    // A rule with no variables of its own holds on what it read, if anything.
    if (!attempt.values.length) {
      for (const [index, condition] of parts.conditions.entries()) {
        if (everyCall.includes(index)) continue;
        attempt.values.push(
          ...(await this.pathsRead(
            query,
            condition,
            parts.conditions.length,
            args,
            proof,
          )),
        );
      }
    }
    for (const [index, call] of query.calls()) {
      attempt.subgoals.push(
        await this.explain(call.name, query.argsOf(index, proof), asked),
      );
    }
    return attempt;
  }

  /**
   * Finds the first condition `query`'s rule fails at, or raises an error
   * at, and explains it.
   */
  private async failure(
    query: RuleQuery,
    args: unknown[],
    attempt: RuleAttempt,
    asked: string[],
  ): Promise<void> {
    const { conditions } = query.parts;
    // What the conditions before the failed one left bound.
    let before: Map<string, unknown> | undefined;
    for (let index = -1; index < conditions.length; index += 1) {
      try {
        const held = await this.first(query.text(index + 1));
        if (held) {
          before = held;
          continue;
        }
      } catch (error) {
        attempt.error = this.describe(error);
      }
      if (!before) {
        attempt.failedAt = 'its head: the arguments do not match';
        return;
      }
      const condition = conditions[index];
      attempt.failedAt = condition;
      const call = [...query.calls()].find(([at]) => at === index)?.[1];
      if (!call) {
        attempt.values = await this.valuesRead(query, index, args, before);
        return;
      }
      // A question shows its arguments itself, with the rules it tried.
      const asking = await this.first(query.text(index, [index])).catch(
        () => undefined,
      );
      if (!asking) {
        attempt.error ??= 'the data changed while explaining: ask again';
        return;
      }
      attempt.subgoals.push(
        await this.explain(call.name, query.argsOf(index, asking), asked),
      );
      return;
    }
    attempt.error ??= 'fails as a whole, though each condition holds';
  }

  /**
   * What the failed condition at `index` reads, as the conditions before it
   * left it: its variables (not those it reads attributes of) and each
   * attribute path, such as `repository.roles = []`.
   */
  private async valuesRead(
    query: RuleQuery,
    index: number,
    args: unknown[],
    before: Map<string, unknown>,
  ): Promise<string[]> {
    const condition = query.parts.conditions[index];
    const paths = pathsIn(condition);
    const values: string[] = [];
    for (const name of variablesIn(condition)) {
      if (paths.some((path) => path.startsWith(`${name}.`))) continue;
      const position = query.paramNames.indexOf(name);
      if (position >= 0) {
        values.push(`${name} = ${this.text.brief(args[position])}`);
      } else if (before.has(name)) {
        values.push(`${name} = ${this.text.row(before.get(name))}`);
      }
    }
    values.push(
      ...(await this.pathsRead(query, condition, index, args, before)),
    );
    return values;
  }

  /**
   * The attribute paths `condition` reads, each valued after the head and
   * the first `count` conditions: `repository.isPublic = false`.
   */
  private async pathsRead(
    query: RuleQuery,
    condition: string,
    count: number,
    args: unknown[],
    bound: Map<string, unknown>,
  ): Promise<string[]> {
    const values: string[] = [];
    for (const path of pathsIn(condition)) {
      let read: Map<string, unknown> | undefined;
      try {
        read = await this.first(query.text(count, [], path));
      } catch {
        // A path that cannot be read here (its variable is bound by the
        // failed condition itself) is left out.
      }
      if (!read?.has('whyPath')) continue;
      const [base, field, ...deeper] = path.split('.');
      const position = query.paramNames.indexOf(base);
      const owner = position >= 0 ? args[position] : bound.get(base);
      const whose =
        !deeper.length && this.callersOnly(owner, field)
          ? " (the caller's rows only)"
          : '';
      values.push(`${path} = ${this.text.row(read.get('whyPath'))}${whose}`);
    }
    return values;
  }

  private first([text, bindings]: [string, Map<string, unknown>]): Promise<
    Map<string, unknown> | undefined
  > {
    return firstQuietly(() => this.oso.query(text, { bindings }));
  }

  /** The rule as its file has it, when the place holds a whole rule. */
  private writtenRule(rule: PolicyRule): string | undefined {
    const source = this.sources.get(rule.file);
    return source === undefined
      ? undefined
      : ruleAt(source, rule.line, rule.column);
  }
}

/** Polar's own predicates, which no rule of the policy defines. */
const BUILT_INS = new Set(['print', 'forall', 'cut', 'debug']);

/**
 * A rule's head and first conditions as one query on given arguments:
 * `actor = whyArg0 and actor matches User and (role in repository.roles)`,
 * the arguments bound to `whyArg0…`. Each question a condition asks is
 * followed by its arguments' values, as `whyCall2_0 = (actor)`, so that
 * they can be asked in turn.
 */
class RuleQuery {
  /** Each parameter's variable, or undefined for a value such as `"push"`. */
  readonly paramNames: (string | undefined)[];
  private readonly head: string[];
  private readonly bindings: Map<string, unknown>;

  constructor(
    readonly parts: RuleParts,
    args: unknown[],
  ) {
    this.bindings = new Map(args.map((arg, index) => [`whyArg${index}`, arg]));
    this.head = parts.params.map((param, index) =>
      matchParam(param, `whyArg${index}`),
    );
    this.paramNames = parts.params.map(
      (param) => /^([A-Za-z_]\w*)(\s*:|$)/.exec(param)?.[1],
    );
  }

  /**
   * The query of the head and the first `count` conditions, then the
   * arguments of the questions asked at `valuesOf` (condition indexes) and
   * the value of `path` as `whyPath`.
   */
  text(
    count: number,
    valuesOf: number[] = [],
    path?: string,
  ): [string, Map<string, unknown>] {
    const conditions = this.parts.conditions
      .slice(0, count)
      .map((condition) => `(${condition})`);
    const values = [...this.calls()]
      .filter(([index]) => valuesOf.includes(index))
      .flatMap(([index, call]) =>
        call.args.map(
          (arg, position) => `whyCall${index}_${position} = (${arg})`,
        ),
      );
    if (path !== undefined) values.push(`whyPath = (${path})`);
    return [
      [...this.head, ...conditions, ...values].join(' and ') || 'true',
      this.bindings,
    ];
  }

  /** The conditions that ask a rule, by index. */
  *calls(): Generator<[number, { name: string; args: string[] }]> {
    for (const [index, condition] of this.parts.conditions.entries()) {
      const call = callParts(condition);
      if (call && !BUILT_INS.has(call.name)) yield [index, call];
    }
  }

  /** The arguments of the question asked at condition `index`. */
  argsOf(index: number, result: Map<string, unknown>): unknown[] {
    const call = callParts(this.parts.conditions[index])!;
    return call.args.map((_, position) =>
      result.get(`whyCall${index}_${position}`),
    );
  }

  /** Variables of the rule's body that its head does not name. */
  ownVariables(result: Map<string, unknown>): string[] {
    return [...result.keys()].filter(
      (name) =>
        !this.paramNames.includes(name) && !/^why(Arg|Call|Path)/.test(name),
    );
  }
}

/**
 * A shorthand rule as Polar expands it, taken apart only when it has that
 * shape: each parameter a variable with a class or a string, each condition
 * a question about roles, permissions or relations on variables and
 * strings. The text comes from Polar's log, so nothing else is run.
 */
function expandedShorthand(text: string): RuleParts | undefined {
  const parts = ruleParts(text);
  const string = '"[^"\\\\]*"';
  const param = new RegExp(`^(\\w+: \\w+\\{\\}|${string})$`);
  const arg = new RegExp(`^(\\w+|${string})$`);
  const shaped =
    parts?.params.every((each) => param.test(each)) &&
    parts.conditions.every((condition) => {
      const call = callParts(condition);
      return (
        call !== undefined &&
        SHORTHAND_QUESTIONS.has(call.name) &&
        call.args.every((each) => arg.test(each))
      );
    });
  return shaped ? parts : undefined;
}

const SHORTHAND_QUESTIONS = new Set([
  'has_permission',
  'has_role',
  'has_relation',
]);

/** The conditions that bind a rule's parameter to an argument. */
function matchParam(param: string, argument: string): string {
  const typed = /^([A-Za-z_]\w*)\s*:\s*(.+)$/.exec(param);
  if (typed) {
    // A specializer is a pattern: a class, a dict's fields, or a value.
    const [, name, specializer] = typed;
    return `${name} = ${argument} and ${argument} matches ${specializer}`;
  }
  if (/^[A-Za-z_]\w*$/.test(param)) return `${param} = ${argument}`;
  if (/^[A-Za-z_][\w:]*\s*\{/.test(param)) {
    return `${argument} matches ${param}`;
  }
  return `${argument} = ${param}`;
}
