/** How the app uses its database, beyond where it is (DATABASE_URL). */
export interface DatabaseSettings {
  /** DB_MIGRATE: run pending migrations at startup (`true`, the default, or `false`). */
  migrate: boolean;
  /** DB_POOL_SIZE: PostgreSQL connections each instance opens at most. */
  poolSize: number;
  /** DB_CONNECT_TIMEOUT_MS: how long opening a connection may take. */
  connectTimeoutMs: number;
  /** DB_QUERY_TIMEOUT_MS: how long one statement may run before PostgreSQL cancels it. */
  queryTimeoutMs: number;
}

export const DATABASE_DEFAULTS: DatabaseSettings = {
  migrate: true,
  poolSize: 10,
  connectTimeoutMs: 5000,
  queryTimeoutMs: 10_000,
};
