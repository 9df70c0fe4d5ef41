import { NestFactory } from '@nestjs/core';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppModule } from '../app.module';
import { apiDocument } from '../http/openapi';

/**
 * `npm run openapi:lint`: the description /docs-json serves, linted with
 * Redocly's recommended rules. Prints each problem with where it is, and
 * exits 1 on any: an error or a warning. The app is built on a scratch
 * database, without listening.
 */
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  process.env.DATABASE_URL = `sqlite:${join(dir, 'lint.sqlite')}`;
  process.env.POLICY_WATCH = 'off';
  const app = await NestFactory.create(AppModule.forEnvironment(), {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    const problems = await lintFromString({
      source: JSON.stringify(apiDocument(app)),
      absoluteRef: '/docs-json',
      config: await createConfig({ extends: ['recommended'] }),
    });
    for (const { severity, ruleId, message, location } of problems) {
      console.log(
        `${severity} ${ruleId}: ${message} (at ${location[0]?.pointer ?? '#'})`,
      );
    }
    console.log(`openapi lint: ${problems.length} problems`);
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
