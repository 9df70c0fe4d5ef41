import { loadPolicyTest, type PolicyTest } from './policy-test';
import { PolicyTestError } from './policy-test.error';
import { type PolicyTestOptions, PolicyTestRunner } from './policy-test-runner';

export interface PolicyTestCount {
  passed: number;
  failed: number;
}

/**
 * Runs the policy tests at `paths` one file after another, reporting each
 * failure in one line as it comes. A file that cannot run counts as one
 * failure; anything but a {@link PolicyTestError} is a bug, and is thrown.
 */
export async function runPolicyTests(
  paths: string[],
  options: PolicyTestOptions,
  report: (line: string) => void,
): Promise<PolicyTestCount> {
  const count: PolicyTestCount = { passed: 0, failed: 0 };
  const failed = (error: unknown) => {
    if (!(error instanceof PolicyTestError)) throw error;
    report(error.message);
    count.failed += 1;
  };
  for (const path of paths) {
    let runner: PolicyTestRunner;
    let test: PolicyTest;
    try {
      test = loadPolicyTest(path, options.classes);
      runner = await PolicyTestRunner.start(test, options);
    } catch (error) {
      failed(error);
      continue;
    }
    try {
      for (const testCase of test.cases) {
        await runner.check(testCase).then(() => {
          count.passed += 1;
        }, failed);
      }
    } finally {
      await runner.close();
    }
  }
  return count;
}
