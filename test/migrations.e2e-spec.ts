import { execFile } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import {
  MIGRATIONS_DIR,
  migrationTimestamps,
  recordedMigrations,
} from './helpers/migrations';
import { databaseTarget } from '../src/database/database-url';
import { ROOT } from './helpers/server-process';
import { createTestApp, makeTempDir, type TestApp } from './helpers/test-app';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

describe('migrations, taken from their folder', () => {
  let testApp: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    testApp = await createTestApp();
    dataSource = testApp.app.get(DataSource);
  });
  afterAll(() => testApp.close());

  it('are all run by the app on a fresh database, each recorded once', async () => {
    expect(migrationTimestamps().length).toBeGreaterThan(0);
    expect(await recordedMigrations((sql) => dataSource.query(sql))).toEqual(
      migrationTimestamps(),
    );
  });
});

describe("the TypeORM CLI's data source", () => {
  let dir: string;
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    dir = makeTempDir();
    database = await createTestDatabase(dir, 'cli.sqlite');
    const saved = { ...process.env };
    process.env.DATABASE_URL = database.url;
    try {
      dataSource = await (await import('../src/database/data-source')).default;
    } finally {
      process.env = saved;
    }
    await dataSource.initialize();
    await dataSource.runMigrations();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('opens the database DATABASE_URL names, with every migration of the folder', () => {
    const target = databaseTarget(database.url);
    expect(dataSource.options).toMatchObject(
      target.type === 'sqlite'
        ? { type: 'sqlite', database: target.path }
        : { type: 'postgres', url: target.url },
    );
    expect(
      dataSource.migrations
        .map((migration) =>
          Number(/\d{13}$/.exec(migration.constructor.name)?.[0]),
        )
        .sort((a, b) => a - b),
    ).toEqual(migrationTimestamps());
  });

  it('knows every entity, those no module registers yet included', () => {
    const files = readdirSync(join(ROOT, 'src'), { recursive: true })
      .map(String)
      .filter((file) => file.endsWith('.entity.ts'));
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(dataSource.entityMetadatas).toHaveLength(files.length);
  });

  // Fails when an entity changes without a migration, or disagrees with the
  // migrations over a name, a type or a default: `npm run migration:generate`
  // would then write a migration for it.
  it('finds the migrated schema exactly as the entities describe it', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});

describe('npm run migration:generate', () => {
  it('without a name, says how to call it and writes nothing', async () => {
    const before = readdirSync(MIGRATIONS_DIR);
    const run = promisify(execFile)(
      'npm',
      ['run', '-s', 'migration:generate'],
      {
        cwd: ROOT,
      },
    );
    await expect(run).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'Usage: npm run migration:generate -- <Name>',
      ) as unknown,
    });
    expect(readdirSync(MIGRATIONS_DIR)).toEqual(before);
  });
});
