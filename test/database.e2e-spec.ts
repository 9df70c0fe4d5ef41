import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Repository } from '../src/repositories/repository.entity';
import { Role } from '../src/users/role.entity';
import { User } from '../src/users/user.entity';
import { createApp, makeTempDir } from './helpers/test-app';
import { SEED_POLICIES } from './helpers/policies';
import { createTestDatabase, type TestDatabase } from './helpers/test-database';

describe("the app's database", () => {
  let dir: string;
  let database: TestDatabase;
  let env: Record<string, string>;

  beforeEach(async () => {
    dir = makeTempDir();
    database = await createTestDatabase(dir, 'app.sqlite');
    env = { DATABASE_URL: database.url, POLICY_DIR: SEED_POLICIES };
  });
  afterEach(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function contents(dataSource: DataSource) {
    const roles = await dataSource.getRepository(Role).find({
      relations: { user: true, repository: true },
      order: { id: 'ASC' },
    });
    return {
      repositories: await dataSource
        .getRepository(Repository)
        .find({ order: { name: 'ASC' } }),
      users: await dataSource.getRepository(User).count(),
      roles: roles.map((r) => `${r.user.name} ${r.name} ${r.repository.name}`),
    };
  }

  it('is migrated and seeded with the quickstart data on first start', async () => {
    const app = await createApp(env);
    try {
      const seeded = await contents(app.get(DataSource));
      expect(seeded.repositories.map((r) => [r.name, r.isPublic])).toEqual([
        ['gmail', false],
        ['oso', false],
        ['react', true],
      ]);
      expect(seeded.users).toBe(3);
      expect(seeded.roles).toEqual([
        'larry admin gmail',
        'anne maintainer react',
        'graham contributor oso',
      ]);
    } finally {
      await app.close();
    }
  });

  it('keeps its data across restarts, without seeding twice', async () => {
    const first = await createApp(env);
    const added = await first
      .get(DataSource)
      .getRepository(Repository)
      .save({ name: 'linux', isPublic: false });
    await first
      .get(DataSource)
      .getRepository(Role)
      .save({
        name: 'contributor',
        user: { id: 1 },
        repository: added,
      });
    const before = await contents(first.get(DataSource));
    await first.close();

    const second = await createApp(env);
    try {
      expect(await contents(second.get(DataSource))).toEqual(before);
      const res = await request(second.getHttpServer())
        .get('/repo/linux')
        .set('X-User', 'larry');
      expect(res.status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('is not re-seeded once someone has emptied a table', async () => {
    const first = await createApp(env);
    await first
      .get(DataSource)
      .createQueryBuilder()
      .delete()
      .from(Repository)
      .execute();
    await first.close();

    const second = await createApp(env);
    try {
      const after = await contents(second.get(DataSource));
      expect(after.repositories).toEqual([]);
      expect(after.users).toBe(3);
    } finally {
      await second.close();
    }
  });
});

// A test of the sqlite path itself, in either run: DATABASE_URL names a
// file in folders that do not exist yet.
describe('a sqlite DATABASE_URL', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates its file, folders and all, on first start', async () => {
    const file = join(dir, 'nested', 'folder', 'app.sqlite');
    const app = await createApp({
      DATABASE_URL: `sqlite:${file}`,
      POLICY_DIR: SEED_POLICIES,
    });
    try {
      expect(existsSync(file)).toBe(true);
      const res = await request(app.getHttpServer())
        .get('/repo/gmail')
        .set('X-User', 'larry');
      expect(res.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
