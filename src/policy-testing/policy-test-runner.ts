import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Filter } from 'oso';
import { OsoModule, OsoService, type PolicyClass } from '../authorization';
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
    try {
      const context = await NestFactory.createApplicationContext(
        OsoModule.forRoot({
          policyDir,
          classes,
          dataFilteringAdapter: adapter,
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
    const actual = await this.decide(testCase).then(
      showDecision,
      (error: Error) => `an error: ${error.message}`,
    );
    if (actual !== expected) {
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
