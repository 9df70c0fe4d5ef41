/**
 * Issue 9's targets, each measured on the built app (`npm run build`, then
 * `node dist/main` as a child process, NODE_ENV=production, every request
 * naming its caller in X-User) with its own sqlite file from `npm run
 * db:seed` in a temp folder, deleted at the end. The load generator
 * (autocannon, or one request at a time) runs in this process. The machine
 * is shared and noisy: read ratios and medians, and run it again before
 * trusting a figure near its target.
 *
 * 1. Throughput: `GET /repo/:name` under one rotating mix of callers and
 *    repositories (allowed, hidden, missing) on three servers side by side:
 *    the app, a bare Express + TypeORM route with no policy, and the shape
 *    of Oso's Node quickstart (Express + oso on objects in memory). Rounds
 *    of BENCH_SECONDS per server, order rotating, medians of the ratios.
 * 2. Role scale: a check for a caller with 10,000 roles against one with a
 *    single role, AUTHZ_CACHE=off, alternating one at a time.
 * 3. Lists at scale: `GET /repos` over 100,000 repositories and a
 *    repository's issue list of 100,000, a page of 50 each, 4 connections,
 *    callers taking turns, the tutorial's public-read rule on: median, p99.
 * 4. Startup to the first 200 (BENCH_STARTUPS starts), and the app's
 *    resident memory after each load, the peak.
 * 5. Existence: a hidden repository's 404 against a missing one's, on every
 *    route that names one, with caches on and with AUTHZ_CACHE=off.
 *
 * Exits 1 when a server answered a status its request should not get, or a
 * phase failed; never on a figure: targets not met are reported.
 *
 *   npm run bench                                 about 4 minutes
 *   BENCH_SECONDS=10 BENCH_ROUNDS=5 BENCH_EXISTENCE_REQUESTS=3000 npm run bench
 *   npm run -s bench -- --json                    one JSON object on stdout
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from './build-app';
import type { ChildServer } from './child-server';
import { runExistence } from './existence';
import { addIssues } from './issues-fixture';
import {
  ISSUES,
  ISSUES_REPO,
  LISTS_DATA,
  runLists,
  syntheticUsers,
} from './lists';
import { readMemory } from './memory';
import { parseOptions } from './options';
import {
  existenceTable,
  listsTable,
  roleScaleTable,
  startupMemoryTable,
  targetsTable,
  throughputTable,
} from './report';
import { MIX_DATA, requestMix } from './request-mix';
import { ROLE_SCALE_DATA, runRoleScale } from './role-scale';
import { routesNamingRepository } from './route-discovery';
import { seedDatabase } from './seed';
import {
  LIVE_POLICIES,
  startApp,
  startBareRoute,
  startQuickstartShape,
} from './servers';
import { runStartup } from './startup';
import { type BenchResults, evaluateTargets } from './targets';
import { runThroughput } from './throughput';
import { tutorialPolicies } from './tutorial-policy';

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const started = performance.now();
  // Progress goes to stderr, so that stdout holds only the result.
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const results: BenchResults = { memory: [], existence: {}, errors: [] };
  /** A failed phase is reported with the others' figures, and fails the run. */
  const phase = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.errors.push({ phase: name, message });
      progress(`${name}: FAILED: ${message}`);
    }
  };

  progress('build: npm run build');
  await buildApp();
  const dir = mkdtempSync(join(tmpdir(), 'oso-bench-'));
  try {
    const db = {
      mix: join(dir, 'mix.sqlite'),
      roles: join(dir, 'roles.sqlite'),
      lists: join(dir, 'lists.sqlite'),
    };
    progress(`data: npm run db:seed, three databases in ${dir}`);
    await seedDatabase(db.mix, MIX_DATA);
    await seedDatabase(db.roles, ROLE_SCALE_DATA);
    await seedDatabase(db.lists, LISTS_DATA);
    progress(`data: ${ISSUES} issues on ${ISSUES_REPO}`);
    const issueReaders = await addIssues(db.lists, ISSUES_REPO, ISSUES);
    const listPolicies = tutorialPolicies(dir);
    const appOnMix = (cache: 'on' | 'off') =>
      startApp({ database: db.mix, policyDir: LIVE_POLICIES, cache });

    await phase('startup', async () => {
      progress(`startup: ${options.startups} starts of the app`);
      results.startup = await runStartup(
        () => appOnMix('on'),
        options.startups,
      );
    });

    await phase('throughput', async () => {
      const mix = await requestMix(db.mix);
      progress('throughput: starting the three servers');
      await withServers(
        [
          () => appOnMix('on'),
          () => startBareRoute(db.mix),
          () => startQuickstartShape(db.mix),
        ],
        async ([app, bare, quickstart]) => {
          results.throughput = await runThroughput(
            { app, bare, quickstart },
            mix,
            options,
            progress,
          );
          results.memory.push(
            readMemory(app, 'target 1 (mix, 16 connections)'),
          );
        },
      );
    });

    for (const cache of ['on', 'off'] as const) {
      await phase(`existence (AUTHZ_CACHE=${cache})`, () =>
        withServers([() => appOnMix(cache)], async ([app]) => {
          results.existence[cache] = await runExistence(
            app.base,
            db.mix,
            cache,
            await routesNamingRepository(app),
            options.existenceRequests,
            progress,
          );
          results.memory.push(readMemory(app, 'target 5 (existence)'));
        }),
      );
    }

    await phase('role scale', () =>
      withServers(
        [
          () =>
            startApp({
              database: db.roles,
              policyDir: LIVE_POLICIES,
              cache: 'off',
            }),
        ],
        async ([app]) => {
          progress(`role scale: ${options.roleRequests} requests a side`);
          results.roleScale = await runRoleScale(
            app.base,
            options.roleRequests,
          );
          results.memory.push(readMemory(app, 'target 2 (10,000 roles)'));
        },
      ),
    );

    await phase('lists', () =>
      withServers(
        [
          () =>
            startApp({
              database: db.lists,
              policyDir: listPolicies,
              cache: 'on',
            }),
        ],
        async ([app]) => {
          results.lists = await runLists(
            app.base,
            { repos: await syntheticUsers(db.lists), issues: issueReaders },
            options.seconds,
            progress,
          );
          results.memory.push(readMemory(app, 'target 3 (lists at scale)'));
        },
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const targets = evaluateTargets(results);
  const elapsedSeconds = (performance.now() - started) / 1000;
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ targets, ...results, options, elapsedSeconds }, null, 2)}\n`,
    );
  } else {
    const sections = [
      targetsTable(targets),
      results.throughput && throughputTable(results.throughput),
      results.roleScale && roleScaleTable(results.roleScale),
      results.lists && listsTable(results.lists),
      startupMemoryTable(results.startup, results.memory),
      results.existence.on && existenceTable(results.existence.on),
      results.existence.off && existenceTable(results.existence.off),
      results.errors.length > 0 && [
        'FAILED (the run exits 1):',
        ...results.errors.map(({ phase, message }) => `${phase}: ${message}`),
      ],
      [`whole run: ${elapsedSeconds.toFixed(0)} s`],
    ];
    console.log(
      ['', ...sections.flatMap((lines) => (lines ? [...lines, ''] : []))].join(
        '\n',
      ),
    );
  }
  return results.errors.length > 0 ? 1 : 0;
}

/**
 * Starts the servers one after the other, runs `use` on them, and stops
 * them all, whatever happened.
 */
async function withServers(
  starts: (() => Promise<ChildServer>)[],
  use: (servers: ChildServer[]) => Promise<void>,
): Promise<void> {
  const servers: ChildServer[] = [];
  try {
    for (const start of starts) servers.push(await start());
    await use(servers);
  } finally {
    for (const server of servers) await server.stop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
