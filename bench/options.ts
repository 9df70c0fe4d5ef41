/** What a bench run was asked for, from argv and the environment. */
export interface BenchOptions {
  /** BENCH_SECONDS: how long each load run lasts (target 1 per server and round, target 3 per list). */
  seconds: number;
  /** BENCH_ROUNDS: rounds of target 1, each running all three servers. */
  rounds: number;
  /** BENCH_EXISTENCE_REQUESTS: measured requests per side per route, target 5. */
  existenceRequests: number;
  /** BENCH_ROLE_REQUESTS: measured requests per side, one role against many, target 2. */
  roleRequests: number;
  /** BENCH_STARTUPS: how many times the app is started to time its startup, target 4. */
  startups: number;
  /** --json: one JSON object on stdout instead of the tables. */
  json: boolean;
}

const USAGE = 'usage: npm run bench [-- --json]';

export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): BenchOptions {
  const unknown = argv.filter((arg) => arg !== '--json');
  if (unknown.length) {
    throw new Error(`Unknown argument ${unknown.join(' ')}; ${USAGE}`);
  }
  return {
    seconds: positive('BENCH_SECONDS', env.BENCH_SECONDS, 5),
    rounds: positive('BENCH_ROUNDS', env.BENCH_ROUNDS, 3, true),
    existenceRequests: positive(
      'BENCH_EXISTENCE_REQUESTS',
      env.BENCH_EXISTENCE_REQUESTS,
      1000,
      true,
    ),
    roleRequests: positive(
      'BENCH_ROLE_REQUESTS',
      env.BENCH_ROLE_REQUESTS,
      20,
      true,
    ),
    startups: positive('BENCH_STARTUPS', env.BENCH_STARTUPS, 3, true),
    json: argv.includes('--json'),
  };
}

function positive(
  name: string,
  value: string | undefined,
  fallback: number,
  integer = false,
): number {
  if (value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!(number > 0) || (integer && !Number.isInteger(number))) {
    throw new Error(
      `${name}=${value}: expected a positive ${integer ? 'integer' : 'number'}`,
    );
  }
  return number;
}
