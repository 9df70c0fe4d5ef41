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
import { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import { Ticket } from './__fixtures__/ticket';
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

resource Ticket {
  permissions = ["read"];
  relations = { repository: Repository };
  "read" if "read" on "repository";
}

has_relation(repository: Repository, "repository", ticket: Ticket) if
  ticket.repository = repository;

allow(actor, action, resource) if has_permission(actor, action, resource);
`;

const RELATIONS: PolicyClass = {
  type: Ticket,
  name: 'Ticket',
  fields: {
    repository: new Relation('one', 'Repository', 'repositoryId', 'id'),
  },
};

/** Oso over an in-memory database: ada contributes to `seen`, not `unseen`. */
async function start(ticketClass: PolicyClass, policy = POLICY) {
  const policyDir = mkdtempSync(join(tmpdir(), 'oso-relations-'));
  writeFileSync(join(policyDir, 'main.polar'), policy);
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'sqlite',
        database: ':memory:',
        entities: [User, Role, Repository, Ticket],
        synchronize: true,
      }),
      OsoModule.forRootAsync({
        inject: [DataSource],
        useFactory: (dataSource: DataSource) => ({
          policyDir,
          classes: [User, Role, Repository, ticketClass],
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
      db.create(Ticket, {
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
    ticketOn: (repository: Repository) =>
      db.findOneByOrFail(Ticket, { repositoryId: repository.id }),
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
  const query = await app.oso.authorizedQuery<SelectQueryBuilder<Ticket>>(
    app.ada,
    'read',
    Ticket,
  );
  return (await query.getMany()).map((ticket) => ticket.title).sort();
}

describe('a class registered with its relations', () => {
  let app: Started;
  beforeAll(async () => (app = await start(RELATIONS)));
  afterAll(() => app.close());

  it('decides single checks through the relation, loaded or not', async () => {
    const ticket = await app.ticketOn(app.seen);
    expect(ticket.repository).toBeUndefined();
    await expect(app.oso.isAllowed(app.ada, 'read', ticket)).resolves.toBe(
      true,
    );
    const hidden = await app.ticketOn(app.unseen);
    await expect(app.oso.isAllowed(app.ada, 'read', hidden)).resolves.toBe(
      false,
    );
  });

  it('filters a list by joining the relation', async () => {
    await expect(titlesListed(app)).resolves.toEqual(['on seen']);
  });

  it('answers a placeholder as a hidden ticket: NotFoundError', async () => {
    await expect(
      app.oso.authorize(
        app.ada,
        'read',
        entityPlaceholder(app.dataSource, Ticket),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('answers a ticket whose repository is gone as a missing one', async () => {
    const ticket = await app.ticketOn(app.seen);
    ticket.repositoryId = 999;
    await expect(
      app.oso.authorize(app.ada, 'read', ticket),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses a ticket loaded without its key column, naming it', async () => {
    const partial = await app.dataSource.manager.findOneOrFail(Ticket, {
      select: { id: true, title: true },
      where: { repositoryId: app.seen.id },
    });
    const denial = app.oso.isAllowed(app.ada, 'read', partial);
    await expect(denial).rejects.toBeInstanceOf(PolicyEvaluationError);
    await expect(denial).rejects.toThrow('Ticket.repositoryId is undefined');
  });
});

describe('a class registered without the relation the policy reads', () => {
  let app: Started;
  beforeAll(async () => (app = await start({ type: Ticket, name: 'Ticket' })));
  afterAll(() => app.close());

  it('fails a single check on a ticket without it loaded, naming it', async () => {
    const ticket = await app.ticketOn(app.seen);
    const check = app.oso.isAllowed(app.ada, 'read', ticket);
    await expect(check).rejects.toBeInstanceOf(PolicyEvaluationError);
    await expect(check).rejects.toThrow('Ticket.repository is undefined');
  });

  it('still decides a single check on a ticket loaded with it', async () => {
    const ticket = await app.dataSource.manager.findOneOrFail(Ticket, {
      where: { repositoryId: app.seen.id },
      relations: { repository: true },
    });
    await expect(app.oso.isAllowed(app.ada, 'read', ticket)).resolves.toBe(
      true,
    );
  });

  it('fails a filtered list instead of answering it empty, naming it', async () => {
    const list = titlesListed(app);
    await expect(list).rejects.toBeInstanceOf(PolicyEvaluationError);
    await expect(list).rejects.toThrow('repository not found on Ticket');
  });
});

describe('a Relation field whose key may be null', () => {
  let app: Started;
  beforeAll(
    async () =>
      (app = await start(
        {
          ...RELATIONS,
          fields: {
            ...RELATIONS.fields,
            assignee: new Relation('one', 'User', 'assigneeId', 'id'),
          },
        },
        `${POLICY}
has_permission(user: User, "read", ticket: Ticket) if
  ticket.assignee = user;
`,
      )),
  );
  afterAll(() => app.close());

  it('matches nothing in a single check, and the other rules still decide', async () => {
    const unassigned = await app.ticketOn(app.seen);
    expect(unassigned.assigneeId).toBeNull();
    await expect(app.oso.isAllowed(app.ada, 'read', unassigned)).resolves.toBe(
      true,
    );
    await expect(
      app.oso.isAllowed(app.ada, 'read', await app.ticketOn(app.unseen)),
    ).resolves.toBe(false);
  });

  it('keeps a row without it in a filtered list another rule allows', async () => {
    await expect(titlesListed(app)).resolves.toEqual(['on seen']);
    const assigned = await app.ticketOn(app.unseen);
    await app.dataSource.manager.update(
      Ticket,
      { id: assigned.id },
      { assigneeId: app.ada.id },
    );
    await expect(titlesListed(app)).resolves.toEqual(['on seen', 'on unseen']);
    await expect(
      app.oso.isAllowed(app.ada, 'read', await app.ticketOn(app.unseen)),
    ).resolves.toBe(true);
  });
});
