import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotFoundError, Relation } from 'oso';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import {
  OsoModule,
  OsoService,
  type PolicyClass,
  PolicyEvaluationError,
} from '../authorization';
import { Issue } from '../issues/issue.entity';
import { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import { entityPlaceholder } from './entity-placeholder';
import { osoTypeOrmAdapter } from './oso-typeorm-adapter';

const POLICY = `
actor User {}

resource Repository {
  permissions = ["read"];
  roles = ["contributor"];
  "read" if "contributor";
}

has_role(user: User, name: String, repository: Repository) if
  role in user.roles and role.name = name and role.repository = repository;

resource Issue {
  permissions = ["read"];
  relations = { repository: Repository };
  "read" if "read" on "repository";
}

has_relation(repository: Repository, "repository", issue: Issue) if
  issue.repository = repository;

allow(actor, action, resource) if has_permission(actor, action, resource);
`;

const RELATIONS: PolicyClass = {
  type: Issue,
  name: 'Issue',
  fields: {
    repository: new Relation('one', 'Repository', 'repositoryId', 'id'),
  },
};

/** Oso over an in-memory database: ada contributes to `seen`, not `unseen`. */
async function start(issueClass: PolicyClass) {
  const policyDir = mkdtempSync(join(tmpdir(), 'oso-relations-'));
  writeFileSync(join(policyDir, 'main.polar'), POLICY);
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'sqlite',
        database: ':memory:',
        entities: [User, Role, Repository, Issue],
        synchronize: true,
      }),
      OsoModule.forRootAsync({
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => ({
          policyDir,
          classes: [User, Role, Repository, issueClass],
          dataFilteringAdapter: osoTypeOrmAdapter(dataSource),
        }),
      }),
    ],
  }).compile();
  await moduleRef.init();
  const dataSource = moduleRef.get(DataSource);
  const db = dataSource.manager;
  const seen = await db.save(db.create(Repository, { name: 'seen' }));
  const unseen = await db.save(db.create(Repository, { name: 'unseen' }));
  const ada = await db.save(db.create(User, { name: 'ada' }));
  await db.save(
    db.create(Role, { name: 'contributor', user: ada, repository: seen }),
  );
  for (const repository of [seen, unseen]) {
    await db.save(
      db.create(Issue, {
        title: `on ${repository.name}`,
        repositoryId: repository.id,
        creatorId: ada.id,
      }),
    );
  }
  return {
    oso: moduleRef.get(OsoService),
    dataSource,
    ada: await db.findOneOrFail(User, {
      where: { name: 'ada' },
      relations: { roles: { repository: true } },
    }),
    issueOn: (repository: Repository) =>
      db.findOneByOrFail(Issue, { repositoryId: repository.id }),
    seen,
    unseen,
    close: async () => {
      await moduleRef.close();
      rmSync(policyDir, { recursive: true, force: true });
    },
  };
}

type Started = Awaited<ReturnType<typeof start>>;

async function titlesListed(app: Started): Promise<string[]> {
  const query = await app.oso.authorizedQuery<SelectQueryBuilder<Issue>>(
    app.ada,
    'read',
    Issue,
  );
  return (await query.getMany()).map((issue) => issue.title);
}

describe('a class registered with its relations', () => {
  let app: Started;
  beforeAll(async () => (app = await start(RELATIONS)));
  afterAll(() => app.close());

  it('decides single checks through the relation, loaded or not', async () => {
    const issue = await app.issueOn(app.seen);
    expect(issue.repository).toBeUndefined();
    await expect(app.oso.isAllowed(app.ada, 'read', issue)).resolves.toBe(true);
    const hidden = await app.issueOn(app.unseen);
    await expect(app.oso.isAllowed(app.ada, 'read', hidden)).resolves.toBe(
      false,
    );
  });

  it('filters a list by joining the relation', async () => {
    await expect(titlesListed(app)).resolves.toEqual(['on seen']);
  });

  it('answers a placeholder as a hidden issue: NotFoundError', async () => {
    await expect(
      app.oso.authorize(
        app.ada,
        'read',
        entityPlaceholder(app.dataSource, Issue),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers an issue whose repository is gone as a missing one', async () => {
    const issue = await app.issueOn(app.seen);
    issue.repositoryId = 999;
    await expect(
      app.oso.authorize(app.ada, 'read', issue),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses an issue loaded without its key column, naming it', async () => {
    const partial = await app.dataSource.manager.findOneOrFail(Issue, {
      select: { id: true, title: true },
      where: { repositoryId: app.seen.id },
    });
    const denial = app.oso.isAllowed(app.ada, 'read', partial);
    await expect(denial).rejects.toBeInstanceOf(PolicyEvaluationError);
    await expect(denial).rejects.toThrow('Issue.repositoryId is undefined');
  });
});

describe('a class registered without the relation the policy reads', () => {
  let app: Started;
  beforeAll(async () => (app = await start({ type: Issue, name: 'Issue' })));
  afterAll(() => app.close());

  it('fails a single check on an issue without it loaded, naming it', async () => {
    const issue = await app.issueOn(app.seen);
    const check = app.oso.isAllowed(app.ada, 'read', issue);
    await expect(check).rejects.toBeInstanceOf(PolicyEvaluationError);
    await expect(check).rejects.toThrow('Issue.repository is undefined');
  });

  it('still decides a single check on an issue loaded with it', async () => {
    const issue = await app.dataSource.manager.findOneOrFail(Issue, {
      where: { repositoryId: app.seen.id },
      relations: { repository: true },
    });
    await expect(app.oso.isAllowed(app.ada, 'read', issue)).resolves.toBe(true);
  });

  it('fails a filtered list instead of answering it empty, naming it', async () => {
    const list = titlesListed(app);
    await expect(list).rejects.toBeInstanceOf(PolicyEvaluationError);
    await expect(list).rejects.toThrow('repository not found on Issue');
  });
});
