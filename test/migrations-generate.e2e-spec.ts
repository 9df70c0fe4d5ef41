import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { databaseOptions, ENTITIES } from '../src/database/database-options';
import { migrationTimestamps } from './helpers/migrations';
import { copyProject } from './helpers/project-copy';
import {
  createTestDatabase,
  tablesOf,
  TEST_DATABASE_URL,
  type TestDatabase,
} from './helpers/test-database';

// Each case runs TypeORM's CLI in a child process, type-checking the files
// it loads: seconds each, more on a busy machine.
jest.setTimeout(180_000);

const MIGRATIONS = join('src', 'database', 'migrations');

/** What `npm run -s <script> [-- args]` in `dir` did, on the database `url` names. */
function npmRun(
  dir: string,
  url: string,
  script: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
  delete env.NODE_ENV;
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '-s', script, ...(args.length ? ['--', ...args] : [])],
      { cwd: dir, env },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The project's own entities and committed migrations on the database at
 * `url`, on a connection of its own, for `work`.
 */
async function withProjectSchema<T>(
  url: string,
  work: (dataSource: DataSource) => Promise<T>,
): Promise<T> {
  const dataSource = new DataSource({
    ...databaseOptions(url),
    subscribers: [],
    entities: [ENTITIES],
  });
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** What the schema builder would still change for the project's entities: none when they describe it. */
const pendingChanges = (url: string) =>
  withProjectSchema(url, async (dataSource) =>
    (await dataSource.driver.createSchemaBuilder().log()).upQueries.map(
      ({ query }) => query,
    ),
  );

/** The entity changes of the example: two columns and an index on Issue, and a new entity with a foreign key. */
function changeEntities(dir: string): void {
  const issue = join(dir, 'src', 'issues', 'issue.entity.ts');
  writeFileSync(
    issue,
    readFileSync(issue, 'utf8').replace(
      /\n}\n$/,
      `

  @Index('IDX_issues_labels')
  @Column({ type: 'varchar', nullable: true })
  labels: string | null;

  @Column({ type: Date, nullable: true })
  dueAt: Date | null;
}
`,
    ),
  );
  writeFileSync(
    join(dir, 'src', 'issues', 'comment.entity.ts'),
    `import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Issue } from './issue.entity';

@Entity('comments')
export class Comment {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: 500 })
  body: string;

  @Column({ default: false })
  hidden: boolean;

  @CreateDateColumn()
  createdAt: Date;

  @Index('IDX_comments_issue')
  @Column()
  issueId: number;

  @ManyToOne(() => Issue, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'issueId', foreignKeyConstraintName: 'FK_comments_issue' })
  issue: Issue;
}
`,
  );
}

/** The example's migration from `async up` on, whichever database it was generated on. */
const EXPECTED = `  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'comments',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'body', type: 'varchar', length: '500' },
          {
            name: 'hidden',
            type: 'boolean',
            default: queryRunner.connection.driver.normalizeDefault({
              default: false,
            } as ColumnMetadata),
          },
          {
            name: 'createdAt',
            type: queryRunner.connection.driver.normalizeType({ type: Date }),
            default:
              queryRunner.connection.driver.mappedDataTypes.createDateDefault,
          },
          { name: 'issueId', type: 'integer' },
        ],
        indices: [
          new TableIndex({
            name: 'IDX_comments_issue',
            columnNames: ['issueId'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            name: 'FK_comments_issue',
            columnNames: ['issueId'],
            referencedTableName: 'issues',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
    await queryRunner.addColumns('issues', [
      new TableColumn({ name: 'labels', type: 'varchar', isNullable: true }),
      new TableColumn({
        name: 'dueAt',
        type: queryRunner.connection.driver.normalizeType({ type: Date }),
        isNullable: true,
      }),
    ]);
    await queryRunner.createIndex(
      'issues',
      new TableIndex({ name: 'IDX_issues_labels', columnNames: ['labels'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('issues', 'IDX_issues_labels');
    await queryRunner.dropColumns('issues', ['labels', 'dueAt']);
    await queryRunner.dropTable('comments');
  }
}
`;

/**
 * The README's way to change the schema, in a copy of the project: its
 * entities change, `npm run migration:generate` compares them with the
 * run's database (a sqlite file, or a PostgreSQL database), and what it
 * writes runs on sqlite and on PostgreSQL alike.
 */
describe('npm run migration:generate, in a copy of the project', () => {
  let dir: string;
  let database: TestDatabase;
  const files = () => readdirSync(join(dir, MIGRATIONS));

  beforeAll(async () => {
    dir = copyProject();
    database = await createTestDatabase(dir, 'generate.sqlite');
    await withProjectSchema(database.url, (db) => db.runMigrations());
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a database that lacks migrations, and writes nothing', async () => {
    const empty = await createTestDatabase(dir, 'empty.sqlite');
    const before = files();
    const run = await npmRun(dir, empty.url, 'migration:generate', 'Early');
    await empty.drop();
    expect(run).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `The database lacks ${migrationTimestamps().length} migration(s) (InitialSchema1764288000000, `,
      ) as unknown,
    });
    expect(run.stderr).toContain('run npm run migration:run first');
    expect(files()).toEqual(before);
  });

  it('finds nothing to write where the schema is the entities, and writes nothing', async () => {
    const before = files();
    const run = await npmRun(dir, database.url, 'migration:generate', 'Same');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('No changes in database schema were found');
    expect(files()).toEqual(before);
  });

  describe('once the entities change', () => {
    let name: string;
    let source: string;

    beforeAll(async () => {
      changeEntities(dir);
      const before = files();
      const run = await npmRun(
        dir,
        database.url,
        'migration:generate',
        'AddLabels',
      );
      expect(run).toMatchObject({ code: 0, stderr: '' });
      const written = files().filter((file) => !before.includes(file));
      expect(written).toEqual([
        expect.stringMatching(/^\d{13}-AddLabels\.ts$/),
      ]);
      name = written[0];
      expect(run.stdout).toContain(
        `Migration ${join(MIGRATIONS, name)} has been generated successfully.`,
      );
      source = readFileSync(join(dir, MIGRATIONS, name), 'utf8');
    });

    it("writes the changes in TypeORM's schema API, no driver's SQL or type names, formatted", async () => {
      const timestamp = name.slice(0, 13);
      expect(source).toContain(
        `export class AddLabels${timestamp} implements MigrationInterface {\n` +
          `  name = 'AddLabels${timestamp}';\n`,
      );
      expect(source.slice(source.indexOf('  async up('))).toBe(EXPECTED);
      expect(source).not.toMatch(
        /queryRunner\.query|datetime|timestamp|character varying|public\./,
      );
      // Prettier's check, with the project's settings: exits 1 on a change.
      await promisify(execFile)(
        process.execPath,
        [
          require.resolve('prettier/bin/prettier.cjs'),
          '--check',
          join(MIGRATIONS, name),
        ],
        { cwd: dir },
      );
    });

    const targets = ['sqlite', ...(TEST_DATABASE_URL ? ['PostgreSQL'] : [])];

    it.each(targets)(
      'runs on %s, where the schema is then the entities, and migration:revert undoes it',
      async (target) => {
        const fresh: TestDatabase =
          target === 'sqlite'
            ? {
                url: `sqlite:${join(dir, 'target.sqlite')}`,
                drop: async () => {},
              }
            : await createTestDatabase(dir);
        try {
          const migrated = await npmRun(dir, fresh.url, 'migration:run');
          expect(migrated.code).toBe(0);
          expect(migrated.stdout).toMatch(
            new RegExp(
              `^Ran \\d+ migration\\(s\\): .*, AddLabels${name.slice(0, 13)}$`,
              'm',
            ),
          );
          expect(await tablesOf(fresh.url)).toContain('comments');

          const before = files();
          const again = await npmRun(
            dir,
            fresh.url,
            'migration:generate',
            'Again',
          );
          expect(again.code).toBe(1);
          expect(again.stdout).toContain(
            'No changes in database schema were found',
          );
          expect(files()).toEqual(before);

          const reverted = await npmRun(dir, fresh.url, 'migration:revert');
          expect(reverted.code).toBe(0);
          expect(await tablesOf(fresh.url)).not.toContain('comments');
          // The project's entities are the copy's before the change.
          expect(await pendingChanges(fresh.url)).toEqual([]);
        } finally {
          await fresh.drop();
        }
      },
    );
  });
});
