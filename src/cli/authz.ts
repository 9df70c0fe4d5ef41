import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import {
  explanationText,
  OsoService,
  PolicyEvaluationError,
  PolicyLoadError,
} from '../authorization';
import {
  type PermissionMatrix,
  PermissionMatrixService,
  UnknownSubjectError,
} from '../policy-explorer/permission-matrix.service';

const USAGE = [
  'Usage: npm run authz -- can <user> <action> <resource>',
  '       npm run authz -- actions <user> <resource>',
  '       npm run authz -- why <user> <action> <resource>',
  '       npm run authz -- matrix [Type]',
  '  on the database DATABASE_URL names, under the policy in POLICY_DIR;',
  '  <resource> is a repository name, or Type:key for any class the policy names (Issue:3);',
  '  exits 0 allowed, 1 denied, 2 for a mistake in what was asked, 3 when the policy fails',
].join('\n');

/** A mistake in what was asked: exit code 2, with what went wrong. */
class AuthzUsageError extends Error {}

/** 0 allowed, 1 denied, 2 a mistake in what was asked, 3 the policy failed. */
const EXIT_CODES = { allowed: 0, denied: 1, error: 3 } as const;

/**
 * `npm run authz -- can <user> <action> <resource>` prints `allowed` (exit
 * 0) or `denied` (exit 1); `why` the same word and the rules that led to
 * it; `actions <user> <resource>` prints the actions
 * the policy permits, one a line; `matrix [Type]` a table of them for every
 * user and every repository (or instance of Type). The app's own modules, without HTTP: the
 * answer is the one a request would get.
 */
async function main([command, ...args]: string[]): Promise<void> {
  const arity = { can: [3], why: [3], actions: [2], matrix: [0, 1] }[
    command ?? ''
  ];
  if (arity === undefined || !arity.includes(args.length)) {
    throw new AuthzUsageError(
      command === undefined
        ? USAGE
        : `Cannot read "${[command, ...args].join(' ')}"\n${USAGE}`,
    );
  }
  // A one-shot question: no file watching, nothing kept.
  process.env.POLICY_WATCH = 'off';
  process.env.AUTHZ_CACHE = 'off';
  const app = await NestFactory.createApplicationContext(
    AppModule.withPolicyExplorer(),
    { logger: ['error'], abortOnError: false },
  );
  try {
    await answer(app, command, args);
  } catch (error) {
    if (error instanceof UnknownSubjectError) {
      throw new AuthzUsageError(error.message);
    }
    throw error;
  } finally {
    await app.close();
  }
}

async function answer(
  app: INestApplicationContext,
  command: string,
  args: string[],
): Promise<void> {
  const matrices = app.get(PermissionMatrixService);
  if (command === 'matrix') {
    console.log(matrixText(await matrices.matrix(args[0] ?? 'Repository')));
    return;
  }
  const user = await matrices.findUser(args[0]);
  const oso = app.get(OsoService);
  if (command === 'actions') {
    const resource = await matrices.findResource(args[1]);
    for (const action of await oso.authorizedActions(user, resource)) {
      console.log(action);
    }
    return;
  }
  const resource = await matrices.findResource(args[2]);
  if (command === 'why') {
    const explanation = await oso.explain(user, args[1], resource);
    console.log(explanationText(explanation));
    process.exitCode = EXIT_CODES[explanation.decision];
    return;
  }
  const allowed = await oso.isAllowed(user, args[1], resource);
  console.log(allowed ? 'allowed' : 'denied');
  process.exitCode = allowed ? EXIT_CODES.allowed : EXIT_CODES.denied;
}

/** The matrix as aligned columns, `-` where nothing is permitted. */
function matrixText(matrix: PermissionMatrix): string {
  const rows = [
    ['', ...matrix.resources.map(({ label }) => label)],
    ...matrix.users.map((user, row) => [
      user,
      ...matrix.cells[row].map((actions) =>
        actions.length ? actions.join(',') : '-',
      ),
    ]),
  ];
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map((row) => row[column].length)),
  );
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof AuthzUsageError) {
    console.error(error.message);
    process.exitCode = 2;
    return;
  }
  if (error instanceof PolicyEvaluationError) {
    console.error(`error: ${error.message}`);
    process.exitCode = EXIT_CODES.error;
    return;
  }
  console.error(error instanceof PolicyLoadError ? error.message : error);
  process.exitCode = 1;
});
