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
  MATRIX_LIMIT,
  type PermissionMatrix,
  PermissionMatrixService,
  UnknownSubjectError,
} from '../policy-explorer/permission-matrix.service';

const USAGE = [
  'Usage: npm run authz -- can <user> <action> <resource>',
  '       npm run authz -- actions <user> <resource>',
  '       npm run authz -- why <user> <action> <resource>',
  '       npm run authz -- matrix [Type] [--limit N | --all]',
  '  on the database DATABASE_URL names, under the policy in POLICY_DIR;',
  '  <resource> is a repository name, or Type:key for any class the policy names (Issue:3);',
  '  a matrix shows the first 25 users and resources unless told otherwise;',
  '  exits 0 allowed, 1 denied, 2 for a mistake in what was asked, 3 when the policy does not load or fails',
].join('\n');

/** A mistake in what was asked: exit code 2, with what went wrong. */
class AuthzUsageError extends Error {}

/** 0 allowed, 1 denied, 2 a mistake in what was asked, 3 the policy did not load or failed. */
const EXIT_CODES = { allowed: 0, denied: 1, error: 3 } as const;

/**
 * `npm run authz -- can <user> <action> <resource>` prints `allowed` (exit
 * 0) or `denied` (exit 1); `why` the same word and the rules that led to
 * it; `actions <user> <resource>` prints the actions
 * the policy permits, one a line; `matrix [Type]` a table of them for every
 * user and every repository (or instance of Type). The app's own modules, without HTTP: the
 * answer is the one a request would get.
 */
async function main([command, ...words]: string[]): Promise<void> {
  const { args, limit } = matrixFlags(command, words);
  const arity = { can: [3], why: [3], actions: [2], matrix: [0, 1] }[
    command ?? ''
  ];
  if (arity === undefined || !arity.includes(args.length)) {
    throw new AuthzUsageError(
      command === undefined
        ? USAGE
        : `Cannot read "${[command, ...words].join(' ')}"\n${USAGE}`,
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
    await answer(app, command, args, limit);
  } catch (error) {
    if (error instanceof UnknownSubjectError) {
      throw new AuthzUsageError(error.message);
    }
    throw error;
  } finally {
    await app.close();
  }
}

/** A matrix's `--limit N` or `--all`, taken out of its arguments. */
function matrixFlags(
  command: string | undefined,
  words: string[],
): { args: string[]; limit: number | undefined } {
  if (command !== 'matrix') return { args: words, limit: MATRIX_LIMIT };
  const args = [...words];
  let limit: number | undefined = MATRIX_LIMIT;
  const all = args.indexOf('--all');
  if (all >= 0) {
    args.splice(all, 1);
    limit = undefined;
  }
  const flag = args.indexOf('--limit');
  if (flag >= 0) {
    const [, value] = args.splice(flag, 2);
    if (!/^[1-9]\d{0,8}$/.test(value ?? '') || all >= 0) {
      throw new AuthzUsageError(
        `--limit takes a positive whole number, without --all\n${USAGE}`,
      );
    }
    limit = Number(value);
  }
  return { args, limit };
}

async function answer(
  app: INestApplicationContext,
  command: string,
  args: string[],
  limit: number | undefined,
): Promise<void> {
  const matrices = app.get(PermissionMatrixService);
  if (command === 'matrix') {
    const matrix = await matrices.matrix(args[0] ?? 'Repository', { limit });
    console.log(matrixText(matrix));
    const { users, totalUsers, resources, totalResources } = matrix;
    if (users.length < totalUsers || resources.length < totalResources) {
      console.log(
        `(${users.length} of ${totalUsers} users, ${resources.length} of ${totalResources} resources: --limit N or --all for more)`,
      );
    }
    if (matrix.error) {
      console.error(`error: ${matrix.error}`);
      process.exitCode = EXIT_CODES.error;
    }
    return;
  }
  const user = await matrices.findUser(args[0]);
  const oso = app.get(OsoService);
  if (command === 'actions') {
    const resource = await matrices.findResource(args[1]);
    for (const action of await oso.authorizedActions(user, resource)) {
      console.log(printable(action));
    }
    return;
  }
  const resource = await matrices.findResource(args[2]);
  if (command === 'why') {
    const explanation = await oso.explain(user, args[1], resource);
    console.log(printable(explanationText(explanation)));
    process.exitCode = EXIT_CODES[explanation.decision];
    return;
  }
  const allowed = await oso.isAllowed(user, args[1], resource);
  console.log(allowed ? 'allowed' : 'denied');
  process.exitCode = allowed ? EXIT_CODES.allowed : EXIT_CODES.denied;
}

/**
 * `text` safe to print to a terminal: control and invisible format
 * characters from the database (an escape sequence, a right-to-left
 * override) shown as `\u{…}`; its own line breaks kept.
 */
function printable(text: string): string {
  return text.replace(
    /(?!\n)[\p{Cc}\p{Cf}]/gu,
    (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`,
  );
}

/** The matrix as aligned columns, `-` where nothing is permitted. */
function matrixText(matrix: PermissionMatrix): string {
  const rows = [
    ['', ...matrix.resources.map(({ label }) => printable(label))],
    ...matrix.users.map((user, row) => [
      printable(user),
      ...matrix.cells[row].map((actions) => {
        if (!actions) return 'error';
        return actions.length ? actions.join(',') : '-';
      }),
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
  if (error instanceof PolicyLoadError) {
    console.error(error.message);
    process.exitCode = EXIT_CODES.error;
    return;
  }
  console.error(error);
  process.exitCode = 1;
});
