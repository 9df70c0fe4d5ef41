import { relative } from 'node:path';
import { parseAppConfig } from '../src/config/app.config';
import { POLICY_CLASSES } from '../src/policy-classes';
import {
  loadPolicyTest,
  type PolicyTest,
  policyTestPaths,
} from '../src/policy-testing/policy-test';
import { PolicyTestRunner } from '../src/policy-testing/policy-test-runner';

/**
 * The live policy, tested as data: every case of every `*.test.yaml` beside
 * the policy (POLICY_DIR, as the app reads it) is a test of its own, named by
 * the case, run on the real policy and classes without a database.
 */
const { policyDir } = parseAppConfig(process.env);
const options = { policyDir, classes: POLICY_CLASSES };

const files = policyTestPaths(policyDir).map(
  (path) => [relative(process.cwd(), path), path] as const,
);

describe.each(files)('%s', (file, path) => {
  let test: PolicyTest;
  try {
    test = loadPolicyTest(path, POLICY_CLASSES);
  } catch (error) {
    it('loads', () => {
      throw error;
    });
    return;
  }
  let runner: PolicyTestRunner;
  beforeAll(async () => {
    runner = await PolicyTestRunner.start(test, options);
  });
  afterAll(() => runner?.close());

  it.each(test.cases.map((testCase) => [testCase.title, testCase] as const))(
    '%s',
    (_title, testCase) => runner.check(testCase),
  );
});
