import { ConfigModule } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { resolve } from 'node:path';
import { OsoModule, PolicyLoadError } from '../authorization';
import { parseAppConfig } from '../config/app.config';
import { POLICY_CLASSES } from '../policy-classes';
import { policyTestPaths } from './policy-test';
import { PolicyTestError } from './policy-test.error';
import { runPolicyTests } from './run-policy-tests';

/**
 * `npm run policy:test [files...]`: the policy tests beside the live policy
 * (POLICY_DIR, .env included, as the app reads it), or the files named.
 * One line per failing case, then a count; exit code 1 on any failure.
 *
 * `npm run policy:check` (`--check`) first loads the policy with the app's
 * classes, without a server or a database, and stops with its error, place
 * first (`policies/main.polar:25:8: …`), when it does not load.
 */
async function main(args: string[]): Promise<void> {
  await ConfigModule.forRoot();
  const { policyDir } = parseAppConfig(process.env);
  const check = args.includes('--check');
  const files = args.filter((arg) => arg !== '--check');
  if (check) {
    const context = await NestFactory.createApplicationContext(
      OsoModule.forRoot({ policyDir, classes: POLICY_CLASSES }),
      { logger: false, abortOnError: false },
    );
    await context.close();
    console.log(`policy: ${policyDir} loads`);
  }
  const paths =
    files.length > 0
      ? files.map((file) => resolve(file))
      : policyTestPaths(policyDir);
  const { passed, failed } = await runPolicyTests(
    paths,
    { policyDir, classes: POLICY_CLASSES },
    (line) => console.log(line),
  );
  console.log(`policy tests: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(
    error instanceof PolicyTestError || error instanceof PolicyLoadError
      ? error.message
      : error,
  );
  process.exitCode = 1;
});
