import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Filter } from 'oso';
import { OsoModule, OsoService, type PolicyClass } from '../authorization';
import { placeholderOf } from '../database/entity-placeholder';
import { isNullKeyLookup } from '../database/oso-typeorm-adapter';
import { InMemoryAdapter } from './in-memory-adapter';
import {
  type PolicyTest,
  type PolicyTestCase,
  showDecision,
} from './policy-test';
import { PolicyTestError } from './policy-test.error';

export interface PolicyTestOptions {
  /** The folder whose `.polar` files are the policy, as the app reads it. */
  policyDir: string;
  /** The classes the policy names, as the app registers them. */
  classes: PolicyClass[];
}

/**
 * Runs one policy test's cases on the real policy, through the app's
 * OsoModule in a Nest application context of its own, with the facts as the
 * data-filtering adapter's rows: no HTTP, no database.
 */
export class PolicyTestRunner {
  /** The errors this file's cases have shown in full. */
  private readonly errorsShown = new Set<string>();

  private constructor(
    private readonly test: PolicyTest,
    private readonly context: INestApplicationContext,
    private readonly adapter: InMemoryAdapter,
  ) {}

  /** Loads the policy; a policy that does not load is a {@link PolicyTestError}. */
  static async start(
    test: PolicyTest,
    { policyDir, classes }: PolicyTestOptions,
  ): Promise<PolicyTestRunner> {
    const adapter = new InMemoryAdapter(test.facts.rows);
    const { entities } = test.facts;
    try {
      const context = await NestFactory.createApplicationContext(
        OsoModule.forRoot({
          policyDir,
          classes,
          // What oso fetches for a Relation field comes from SQL in the app:
          // columns only, its relations not loaded. The facts are handed on
          // the same way, or a policy reading them would pass here and fail
          // there.
          dataFilteringAdapter: {
            buildQuery: (filter: Filter) => adapter.buildQuery(filter),
            executeQuery: async (filter: Filter) => {
              // A null key names no row: a placeholder, as in the app.
              const entity = entities.get(filter.model);
              if (entity && isNullKeyLookup(filter)) {
                return [placeholderOf(entity)];
              }
              return (await adapter.executeQuery(filter)).map(asFetched);
            },
          },
        }),
        { logger: false, abortOnError: false },
      );
      return new PolicyTestRunner(test, context, adapter);
    } catch (error) {
      throw new PolicyTestError(test.path, undefined, (error as Error).message);
    }
  }

  /**
   * Resolves when the policy decides as `testCase` expects; otherwise
   * rejects with a {@link PolicyTestError} that says
   * `larry read react: expected deny, got allow`.
   */
  async check(testCase: PolicyTestCase): Promise<void> {
    const expected = showDecision(testCase.expected);
    const decided = await this.decide(testCase).then(
      (decision) => ({ decision }),
      (error: Error) => ({ error }),
    );
    const actual =
      'error' in decided
        ? this.errorText(decided.error.message)
        : showDecision(decided.decision);
    // Compared as values, not as text: a key may hold ", ".
    const same =
      'decision' in decided &&
      JSON.stringify(decided.decision) === JSON.stringify(testCase.expected);
    if (!same) {
      throw new PolicyTestError(
        this.test.path,
        testCase.line,
        `${testCase.text}: expected ${expected}, got ${actual}`,
      );
    }
  }

  close(): Promise<void> {
    return this.context.close();
  }

  /**
   * An error in full the first time a file's cases meet it: a rule that
   * fails fails every case that reaches it, and one line says what.
   */
  private errorText(message: string): string {
    if (this.errorsShown.has(message)) return 'the same error as above';
    this.errorsShown.add(message);
    return `an error: ${message}`;
  }

  private async decide(testCase: PolicyTestCase): Promise<string | string[]> {
    const oso = this.context.get(OsoService);
    const { actor, action } = testCase;
    if ('resource' in testCase) {
      const allowed = await oso.isAllowed(actor, action, testCase.resource);
      return allowed ? 'allow' : 'deny';
    }
    const query = await oso.authorizedQuery<Filter>(
      actor,
      action,
      testCase.resourceType,
    );
    const rows = await this.adapter.executeQuery(query);
    // Listed classes have keyed rows: the test was refused otherwise.
    return rows.map((row) => this.test.facts.keyOf(row)!);
  }
}

/** A copy of `row` as a query returns it: its columns, no relation loaded. */
function asFetched(row: object): object {
  const copy = Object.create(Object.getPrototypeOf(row) as object) as Record<
    string,
    unknown
  >;
  for (const [key, value] of Object.entries(row)) {
    const isRelation =
      Array.isArray(value) ||
      (typeof value === 'object' && value !== null && !(value instanceof Date));
    copy[key] = isRelation ? undefined : value;
  }
  return copy;
}
