import { spawn } from 'node:child_process';
import { PostgresCluster } from './helpers/postgres-cluster';

/**
 * `npm run test:pg [-- <jest options>]`: the whole suite on PostgreSQL. It
 * starts a throwaway server from the PostgreSQL installed here (Debian:
 * `apt-get install postgresql`; elsewhere PG_BIN names its bin folder), runs
 * Jest with TEST_DATABASE_URL on it, and removes it. With a server of your
 * own, run `TEST_DATABASE_URL=postgres://... npm test` instead.
 */
async function main(): Promise<number> {
  const cluster = await PostgresCluster.create();
  try {
    console.log(`PostgreSQL for the suite: ${cluster.url()}`);
    const jest = spawn(
      process.execPath,
      [require.resolve('jest/bin/jest'), ...process.argv.slice(2)],
      {
        stdio: 'inherit',
        env: { ...process.env, TEST_DATABASE_URL: cluster.url() },
      },
    );
    return await new Promise<number>((resolve) =>
      jest.on('exit', (code) => resolve(code ?? 1)),
    );
  } finally {
    await cluster.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(String(error));
    process.exit(1);
  },
);
