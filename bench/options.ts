/** What a bench run was asked for, from argv and the environment. */
export interface BenchOptions {
  /** BENCH_SECONDS: how long each throughput scenario runs. */
  seconds: number;
  /** BENCH_EXISTENCE_REQUESTS: measured requests per side per route. */
  existenceRequests: number;
  /** BENCH_ROLE_REQUESTS: measured requests per side, one role against many. */
  roleRequests: number;
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
    existenceRequests: positive(
      'BENCH_EXISTENCE_REQUESTS',
      env.BENCH_EXISTENCE_REQUESTS,
      2000,
      true,
    ),
    roleRequests: positive(
      'BENCH_ROLE_REQUESTS',
      env.BENCH_ROLE_REQUESTS,
      20,
      true,
    ),
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
