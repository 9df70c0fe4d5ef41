import { Controller, Get, Injectable, Module, type Type } from '@nestjs/common';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import type { Request } from 'express';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { Repository as TypeOrmRepository } from 'typeorm';
import {
  Authorize,
  AuthorizedResource,
  type ResourceResolver,
} from '../src/authorization';
import { entityPlaceholder } from '../src/database/entity-placeholder';
import { isStorableInteger } from '../src/database/storable';
import { Repository } from '../src/repositories/repository.entity';
import { DataSource } from 'typeorm';
import { RECONNECT_INTERVAL_MS } from '../src/database/database-reconnector';
import { CaptureLogger } from './helpers/capture-logger';
import { eventually, sleep } from './helpers/eventually';
import { expectNothingLeaked } from './helpers/invariants';
import { repoPage } from './helpers/pages';
import { lockDatabase } from './helpers/database-lock';
import { takeDatabaseAway } from './helpers/database-outage';
import {
  createApp,
  createTestApp,
  makeTempDir,
  type TestApp,
} from './helpers/test-app';
import { readPolicies, SEED_POLICIES } from './helpers/policies';

// Reconnects come a second apart and a lock is waited for 5 s: on a loaded
// machine these specs take several seconds by design.
jest.setTimeout(60_000);

describe('when the database fails under the running app', () => {
  let testApp: TestApp;
  let logger: CaptureLogger;
  beforeEach(async () => {
    logger = new CaptureLogger();
    testApp = await createTestApp({
      policies: SEED_POLICIES,
      logger,
      // PostgreSQL cancels a statement that waits for a lock this long.
      env: { DB_QUERY_TIMEOUT_MS: '1000' },
    });
  });
  afterEach(() => testApp.close());

  const get = (path: string, accept = '*/*') =>
    request(testApp.app.getHttpServer())
      .get(path)
      .set('X-User', 'larry')
      .set('Accept', accept);

  it('answers 503 while it is down, never 200 or 404, and recovers by itself once it is back', async () => {
    const bringBack = await takeDatabaseAway(testApp);
    try {
      await sleep(RECONNECT_INTERVAL_MS * 2);
      for (const path of ['/repo/gmail', '/repo/oso', '/repo/nope', '/repos']) {
        const html = await get(path);
        expect(html.status).toBe(503);
        expect(html.text).toBe(
          '<h1>Whoops!</h1><p>The database is unavailable; try again shortly</p>',
        );
        expectNothingLeaked(html);
        const json = await get(path, 'application/json');
        expect(json.status).toBe(503);
        expect(json.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'The database is unavailable; try again shortly',
        });
      }
      const write = await request(testApp.app.getHttpServer())
        .put('/repo/gmail/roles/anne')
        .set('X-User', 'larry')
        .send({ role: 'admin' });
      expect(write.status).toBe(503);
    } finally {
      await bringBack();
    }
    await eventually(async () => {
      const res = await get('/repo/gmail');
      expect(res.status).toBe(200);
      expect(res.text).toBe(repoPage('gmail'));
    });
    expect((await get('/repo/oso')).status).toBe(404);
    // The same data, not a fresh empty database, and the refused write left nothing.
    const roles = await get('/repo/gmail/roles', 'application/json');
    expect(roles.body).toEqual({ roles: [{ user: 'larry', role: 'admin' }] });
  });

  it('reopens a connection closed under it, with no restart, and says so', async () => {
    await testApp.app.get(DataSource).destroy();
    await eventually(async () => {
      expect((await get('/repo/gmail')).status).toBe(200);
    });
    expect(logger.find('log', 'Reconnected to the database')).toHaveLength(1);
  });

  // sqlite waits 5 s for a lock (its busy timeout); PostgreSQL cancels a
  // statement at DB_QUERY_TIMEOUT_MS, a second here: the 503 takes that long.
  it('answers 503 once its statement has waited past the timeout, and 200 once the lock is gone', async () => {
    const lock = await lockDatabase(testApp.databaseUrl);
    try {
      const res = await get('/repo/gmail', 'application/json');
      expect(res.status).toBe(503);
      expect(res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The database is unavailable; try again shortly',
      });
    } finally {
      await lock.release();
    }
    const res = await get('/repo/gmail', 'application/json');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'gmail' });
  });
});

// A test of the sqlite path itself, in either run, on a sqlite file of its
// own: the reconnector must not open a missing file, which would create it
// empty and serve that.
describe('when the sqlite file goes missing under the running app', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('waits for the file, never creating it afresh, and serves its data once it is back', async () => {
    const file = join(dir, 'app.sqlite');
    const app = await createApp({
      DATABASE_URL: `sqlite:${file}`,
      POLICY_DIR: SEED_POLICIES,
    });
    const get = () =>
      request(app.getHttpServer()).get('/repo/gmail').set('X-User', 'larry');
    try {
      renameSync(file, `${file}.away`);
      await app.get(DataSource).destroy();
      await sleep(RECONNECT_INTERVAL_MS * 2);
      expect((await get()).status).toBe(503);
      expect(existsSync(file)).toBe(false);
      renameSync(`${file}.away`, file);
      await eventually(async () => {
        const res = await get();
        expect(res.status).toBe(200);
        expect(res.text).toBe(repoPage('gmail'));
      });
    } finally {
      await app.close();
    }
  });
});

describe('when the policy fails while deciding', () => {
  // The tutorial's rule with the Python spelling: Repository has no is_public.
  const TYPO = `
has_permission(_actor: User, "read", repository: Repository) if
  repository.is_public;
`;
  let testApp: TestApp;
  const logger = new CaptureLogger();
  beforeAll(async () => {
    const seed = readPolicies(SEED_POLICIES);
    testApp = await createTestApp({
      policies: { ...seed, 'main.polar': seed['main.polar'] + TYPO },
      env: { NODE_ENV: 'production', DEFAULT_USER: 'larry' },
      logger,
    });
  });
  afterAll(() => testApp.close());
  // Each spec reads the log of its own requests only.
  beforeEach(() => logger.clear());

  const get = (path: string, user = 'larry') =>
    request(testApp.app.getHttpServer())
      .get(path)
      .set('X-User', user)
      .set('Accept', 'application/json');

  it.each([
    ['larry', 'oso'],
    ['anne', 'oso'],
    ['graham', 'oso'],
    ['larry', 'nope'],
  ])(
    'answers 500 to %s for %s, whatever their roles or the repo exists, and shows no detail',
    async (user, repo) => {
      const res = await get(`/repo/${repo}`, user);
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'Internal Server Error',
      });
    },
  );

  it('answers 500 on the filtered list too, where the typo is a column the entity lacks', async () => {
    const res = await get('/repos');
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ message: 'Internal Server Error' });
    expect(logger.find('error', 'GET /repos failed')[0]?.message).toMatch(
      /Policy evaluation failed: is_public not found on Repository.* \(did you mean isPublic\?\)/,
    );
  });

  it('says when it failed on a placeholder, for a repository that does not exist', async () => {
    expect((await get('/repo/nope')).status).toBe(500);
    expect(
      logger.find(
        'error',
        'The policy failed on RepositoryByNameResolver.placeholder()',
        'is_public not found on Repository',
      ),
    ).toHaveLength(1);
  });

  it('logs which rule, attribute and class failed, and the attribute meant', async () => {
    expect((await get('/repo/oso')).status).toBe(500);
    const logged = logger.find('error', 'GET /repo/oso failed');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0].message).toMatch(
      /Policy evaluation failed at \S*main\.polar:\d+:\d+, in rule has_permission: is_public not found on Repository \(did you mean isPublic\?\)/,
    );
  });
});

/** Repositories by numeric id, resolved as the README's guide does it. */
@Injectable()
class RepositoryByIdResolver implements ResourceResolver<Repository> {
  constructor(
    @InjectRepository(Repository)
    readonly repositories: TypeOrmRepository<Repository>,
    private readonly dataSource: DataSource,
  ) {}

  resolve(request: Request) {
    const id = Number(request.params.id);
    if (!isStorableInteger(id) || id < 1) return Promise.resolve(null);
    return this.repositories.findOneBy({ id });
  }

  placeholder() {
    return entityPlaceholder(this.dataSource, Repository);
  }

  notFoundMessage(request: Request) {
    return `Repo ${String(request.params.id)} was not found`;
  }
}

/** The same, but trusting the path: `Number('abc')` reaches the database as NaN. */
@Injectable()
class TrustingResolver extends RepositoryByIdResolver {
  override resolve(request: Request) {
    return this.repositories.findOneBy({ id: Number(request.params.id) });
  }
}

function byIdController(path: string, resolver: Type<ResourceResolver>) {
  @Controller(path)
  class ByIdController {
    @Get(':id')
    @Authorize('read', resolver)
    show(@AuthorizedResource() repository: Repository) {
      return { name: repository.name };
    }
  }
  return ByIdController;
}

@Module({
  imports: [TypeOrmModule.forFeature([Repository])],
  controllers: [
    byIdController('by-id', RepositoryByIdResolver),
    byIdController('trusting', TrustingResolver),
  ],
  providers: [RepositoryByIdResolver, TrustingResolver],
})
class ByIdModule {}

describe('a database error that is not an outage', () => {
  let testApp: TestApp;
  const logger = new CaptureLogger();
  beforeAll(async () => {
    testApp = await createTestApp({
      policies: SEED_POLICIES,
      imports: [ByIdModule],
      logger,
    });
  });
  afterAll(() => testApp.close());

  const get = (path: string) =>
    request(testApp.app.getHttpServer())
      .get(path)
      .set('X-User', 'larry')
      .set('Accept', 'application/json');

  it.each(['abc', '1.5', '-1', '0', '2147483648', '99999999999999999999'])(
    "is never reached by the guide's resolver: /by-id/%s answers 404",
    async (id) => {
      const res = await get(`/by-id/${id}`);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ message: `Repo ${id} was not found` });
    },
  );

  it('serves a real id', async () => {
    expect((await get('/by-id/1')).body).toEqual({ name: 'gmail' });
  });

  it('is a 500 with the cause logged, not a 503, when a resolver sends the database a bad query', async () => {
    const res = await get('/trusting/abc');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal Server Error',
    });
    expect(logger.find('error', 'GET /trusting/abc failed')).toHaveLength(1);
  });
});
