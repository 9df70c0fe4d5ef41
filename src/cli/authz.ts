import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import {
  explanationText,
  OsoService,
  PolicyEvaluationError,
  PolicyLoadError,
} from '../authorization';
import { POLICY_CLASSES } from '../policy-classes';
import { RepositoriesService } from '../repositories/repositories.service';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';

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
  const app = await NestFactory.createApplicationContext(AppModule, {
    logger: ['error'],
    abortOnError: false,
  });
  try {
    if (command === 'matrix') {
      console.log(await matrix(app, args[0] ?? 'Repository'));
      return;
    }
    const user = await app.get(UsersService).findByName(args[0]);
    if (!user) throw new AuthzUsageError(`No user named ${args[0]}`);
    const oso = app.get(OsoService);
    if (command === 'why') {
      const explanation = await oso.explain(
        user,
        args[1],
        await findResource(app, args[2]),
      );
      console.log(explanationText(explanation));
      process.exitCode = EXIT_CODES[explanation.decision];
      return;
    }
    if (command === 'can') {
      const allowed = await oso.isAllowed(
        user,
        args[1],
        await findResource(app, args[2]),
      );
      console.log(allowed ? 'allowed' : 'denied');
      process.exitCode = allowed ? 0 : 1;
      return;
    }
    const actions = await oso.authorizedActions(
      user,
      await findResource(app, args[1]),
    );
    for (const action of actions) console.log(action);
  } finally {
    await app.close();
  }
}

/**
 * Every user down, every instance of `className` across, and in each cell
 * the actions the policy permits (`-` for none): who can do what at a glance.
 */
async function matrix(
  app: INestApplicationContext,
  className: string,
): Promise<string> {
  const policyClass = classNamed(className);
  const dataSource = app.get(DataSource);
  const key = policyClass.primaryKey ?? 'id';
  const resources = await dataSource
    .getRepository(policyClass.type)
    .find({ order: { [key]: 'ASC' } });
  const users = await dataSource
    .getRepository(User)
    .find({ order: { name: 'ASC' } });
  const label = (resource: object) => {
    const fields = resource as Record<string, unknown>;
    return typeof fields.name === 'string'
      ? fields.name
      : `${className}:${String(fields[key])}`;
  };
  const oso = app.get(OsoService);
  const rows = [['', ...resources.map(label)]];
  for (const user of users) {
    const cells = [user.name];
    for (const resource of resources) {
      const actions = await oso.authorizedActions(user, resource);
      cells.push(actions.length ? actions.join(',') : '-');
    }
    rows.push(cells);
  }
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

function classNamed(className: string) {
  const policyClass = POLICY_CLASSES.find((cls) => cls.name === className);
  if (!policyClass) {
    throw new AuthzUsageError(
      `No class ${className} in the policy; one of ${POLICY_CLASSES.map((cls) => cls.name).join(', ')}`,
    );
  }
  return policyClass;
}

/** A repository by name, or `Type:key` of any registered class. */
async function findResource(
  app: INestApplicationContext,
  name: string,
): Promise<object> {
  const typed = /^([A-Za-z_]\w*):(.+)$/.exec(name);
  if (!typed) {
    const repository = await app.get(RepositoriesService).findByName(name);
    if (!repository) throw new AuthzUsageError(`No repository named ${name}`);
    return repository;
  }
  const [, className, key] = typed;
  const policyClass = classNamed(className);
  const repository = app.get(DataSource).getRepository(policyClass.type);
  const primaryKey = policyClass.primaryKey ?? 'id';
  const column = repository.metadata.findColumnWithPropertyName(primaryKey);
  const value =
    column?.type === Number || column?.type === 'integer' ? Number(key) : key;
  const found = await repository.findOneBy({ [primaryKey]: value });
  if (!found)
    throw new AuthzUsageError(`No ${className} with ${primaryKey} ${key}`);
  return found;
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
