import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { DataChangesSubscriber } from './data-changes';
import { databaseTarget } from './database-url';
import { DATABASE_DEFAULTS, type DatabaseSettings } from './database-settings';

/**
 * Every migration in migrations/, found by the folder rather than listed by
 * hand: .ts files under ts-node and Jest, .js once built to dist/ (TypeORM
 * skips .d.ts and .map files). Each file exports its migration class alone:
 * TypeORM takes every exported function as a migration.
 */
export const MIGRATIONS = join(__dirname, 'migrations', '*.{ts,js}');

/**
 * Every entity file of the app, whether or not a module registers it yet:
 * for the CLI, so that a migration is generated, and the schema checked, for
 * all of them. The app itself registers its own (`autoLoadEntities`).
 */
export const ENTITIES = join(__dirname, '..', '**', '*.entity.{ts,js}');

/**
 * What the app and the TypeORM CLI open alike: the database DATABASE_URL
 * names, with every migration; on PostgreSQL, a pool as `settings` says.
 */
export function databaseOptions(
  databaseUrl: string,
  settings: DatabaseSettings = DATABASE_DEFAULTS,
): DataSourceOptions {
  const target = databaseTarget(databaseUrl);
  const common = {
    migrations: [MIGRATIONS],
    // Caches of the data forget it on every write (see DataChanges).
    subscribers: [DataChangesSubscriber],
  };
  if (target.type === 'sqlite') {
    return {
      type: 'sqlite',
      database: target.path,
      // Wait for another connection's lock (a CLI, a second instance)
      // rather than failing the request at once.
      busyTimeout: 5000,
      ...common,
    };
  }
  return {
    type: 'postgres',
    url: target.url,
    applicationName: 'oso-nestjs-quickstart',
    poolSize: settings.poolSize,
    connectTimeoutMS: settings.connectTimeoutMs,
    // pg's pool options: the server cancels a statement that runs too long.
    extra: { statement_timeout: settings.queryTimeoutMs },
    ...common,
  };
}
