import { Test, TestingModule } from '@nestjs/testing';
import { getRepositoryToken, TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataSource,
  Repository as TypeOrmRepository,
  type SelectQueryBuilder,
} from 'typeorm';
import { OsoModule, OsoService } from '../authorization';
import { ENTITIES, MIGRATIONS } from '../database/database-options';
import { osoTypeOrmAdapter } from '../database/oso-typeorm-adapter';
import { SeedService } from '../database/seed.service';
import { POLICY_CLASSES } from '../policy-classes';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import { RepositoriesService } from './repositories.service';
import { Repository } from './repository.entity';
import {
  PUBLIC_READ_RULE,
  readPolicies,
  SEED_POLICIES,
} from '../../test/helpers/policies';

// The pinned seed's Repository rules, not the live policies/; main.polar
// only, as the other files may name classes this module does not register.
const POLICY = readPolicies(SEED_POLICIES)['main.polar'];

/** The policy, the TypeORM adapter and RepositoriesService on an in-memory seeded database. */
async function start(policy: string) {
  const policyDir = mkdtempSync(join(tmpdir(), 'data-filtering-'));
  writeFileSync(join(policyDir, 'main.polar'), policy);
  const moduleRef: TestingModule = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'sqlite',
        database: ':memory:',
        // Every entity file, as the migrations and the seed cover them all:
        // with or without the Issue example of docs/extending.md.
        entities: [ENTITIES],
        migrations: [MIGRATIONS],
        migrationsRun: true,
      }),
      TypeOrmModule.forFeature([User, Role, Repository]),
      OsoModule.forRootAsync({
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => ({
          policyDir,
          classes: POLICY_CLASSES.filter(({ name }) => name !== 'Issue'),
          dataFilteringAdapter: osoTypeOrmAdapter(dataSource),
        }),
      }),
    ],
    providers: [RepositoriesService, SeedService],
  }).compile();
  await moduleRef.init();
  const users = moduleRef.get<TypeOrmRepository<User>>(
    getRepositoryToken(User),
  );
  return {
    oso: moduleRef.get(OsoService),
    repositories: moduleRef.get(RepositoriesService),
    roles: moduleRef.get<TypeOrmRepository<Role>>(getRepositoryToken(Role)),
    // As the app loads the caller: alone, the policy fetches its roles.
    user: (name: string) => users.findOneByOrFail({ name }),
    close: async () => {
      await moduleRef.close();
      rmSync(policyDir, { recursive: true, force: true });
    },
  };
}

type Started = Awaited<ReturnType<typeof start>>;

async function names(
  started: Started,
  user: string,
  action: string,
): Promise<string[]> {
  const query = await started.oso.authorizedQuery<
    SelectQueryBuilder<Repository>
  >(await started.user(user), action, Repository);
  const rows = await query.getMany();
  return rows.map((row) => row.name).sort();
}

describe('data filtering with the TypeORM adapter', () => {
  describe('on the seed policy', () => {
    let started: Started;
    beforeAll(async () => {
      started = await start(POLICY);
    });
    afterAll(() => started.close());

    it.each([
      ['larry', 'read', ['gmail']],
      ['larry', 'delete', ['gmail']],
      ['anne', 'read', ['react']],
      ['anne', 'push', ['react']],
      ['anne', 'delete', []],
      ['graham', 'read', ['oso']],
      ['graham', 'push', []],
    ])('%s may %s exactly %j', async (user, action, expected) => {
      expect(await names(started, user, action)).toEqual(expected);
    });

    it('follows a role saved in the database, on the very next query', async () => {
      const graham = await started.user('graham');
      const gmail = await started.repositories.findByName('gmail');
      const role = await started.roles.save({
        name: 'maintainer',
        userId: graham.id,
        repositoryId: gmail!.id,
      });
      try {
        expect(await names(started, 'graham', 'push')).toEqual(['gmail']);
      } finally {
        await started.roles.delete(role.id);
      }
      expect(await names(started, 'graham', 'push')).toEqual([]);
    });
  });

  describe('with the tutorial rule', () => {
    let started: Started;
    beforeAll(async () => {
      started = await start(`${POLICY}\n${PUBLIC_READ_RULE}`);
    });
    afterAll(() => started.close());

    it.each([
      ['larry', ['gmail', 'react']],
      ['anne', ['react']],
      ['graham', ['oso', 'react']],
    ])('%s may read %j', async (user, expected) => {
      expect(await names(started, user, 'read')).toEqual(expected);
    });

    it('pages the filtered query in order, counting all of it', async () => {
      // graham reads oso (his role) and react (public), not gmail.
      const graham = await started.user('graham');
      const first = await started.repositories.page(
        await started.oso.authorizedQuery(graham, 'read', Repository),
        { limit: 1, offset: 0 },
      );
      const second = await started.repositories.page(
        await started.oso.authorizedQuery(graham, 'read', Repository),
        { limit: 1, offset: 1 },
      );
      expect(first.items.map((r) => r.name)).toEqual(['oso']);
      expect(second.items.map((r) => r.name)).toEqual(['react']);
      expect([first.total, second.total]).toEqual([2, 2]);
    });
  });
});
