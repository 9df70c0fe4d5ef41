import { type Filter, type FilterCondition, Relation } from 'oso';
import { DataSource } from 'typeorm';
import { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import { User } from '../users/user.entity';
import { Ticket } from './__fixtures__/ticket';
import { filterQuery } from './filter-query';

const FIELDS: Record<string, Record<string, Relation>> = {
  Repository: { roles: new Relation('many', 'Role', 'id', 'repositoryId') },
  Ticket: {
    repository: new Relation('one', 'Repository', 'repositoryId', 'id'),
    assignee: new Relation('one', 'User', 'assigneeId', 'id'),
  },
};
const TYPES = new Map(
  Object.entries(FIELDS).map(([name, fields]) => [
    name,
    { name, fields: new Map(Object.entries(fields)) },
  ]),
) as unknown as Filter['types'];

type Side = [string, string] | { value: unknown };
const side = (datum: Side) =>
  Array.isArray(datum) ? { typeName: datum[0], fieldName: datum[1] } : datum;
const eq = (lhs: Side, rhs: Side): FilterCondition => ({
  lhs: side(lhs),
  cmp: 'Eq',
  rhs: side(rhs),
});
const neq = (lhs: Side, rhs: Side): FilterCondition => ({
  ...eq(lhs, rhs),
  cmp: 'Neq',
});

function filter(
  model: string,
  relations: [string, string, string][],
  conditions: FilterCondition[][],
): Filter {
  return {
    model,
    relations: relations.map(([fromTypeName, fromFieldName, toTypeName]) => ({
      fromTypeName,
      fromFieldName,
      toTypeName,
    })),
    conditions,
    types: TYPES,
  };
}

// larry admin of gmail, anne maintainer of react (public); nobody on empty.
// t1 on gmail assigned to anne; t2 on react and t3 on empty, unassigned.
describe('filterQuery: an oso filter as one SQL query', () => {
  let db: DataSource;
  const names = async (f: Filter) => {
    const query = filterQuery(db, f);
    const rows = (await query.getMany()) as { name?: string; title?: string }[];
    return { sql: query.getQuery(), rows: rows.map((r) => r.name ?? r.title) };
  };

  beforeAll(async () => {
    db = new DataSource({
      type: 'sqlite',
      database: ':memory:',
      entities: [User, Role, Repository, Ticket],
      synchronize: true,
    });
    await db.initialize();
    const [larry, anne] = await db
      .getRepository(User)
      .save([{ name: 'larry' }, { name: 'anne' }]);
    const [gmail, react, empty] = await db.getRepository(Repository).save([
      { name: 'gmail', isPublic: false },
      { name: 'react', isPublic: true },
      { name: 'empty', isPublic: false },
    ]);
    await db.getRepository(Role).save([
      { name: 'admin', userId: larry.id, repositoryId: gmail.id },
      { name: 'maintainer', userId: anne.id, repositoryId: react.id },
    ]);
    await db.getRepository(Ticket).save([
      {
        title: 't1',
        repositoryId: gmail.id,
        creatorId: larry.id,
        assigneeId: anne.id,
      },
      {
        title: 't2',
        repositoryId: react.id,
        creatorId: anne.id,
        assigneeId: null,
      },
      {
        title: 't3',
        repositoryId: empty.id,
        creatorId: larry.id,
        assigneeId: null,
      },
    ]);
  });
  afterAll(() => db.destroy());

  it('asks a relation to many in a subquery, without a join', async () => {
    const { sql, rows } = await names(
      filter(
        'Repository',
        [['Repository', 'roles', 'Role']],
        [
          [
            eq(['Role', 'userId'], { value: 1 }),
            eq(['Role', 'name'], { value: 'admin' }),
          ],
        ],
      ),
    );
    expect(rows).toEqual(['gmail']);
    expect(sql).toMatch(/ IN \(SELECT /);
    expect(sql).not.toMatch(/JOIN/);
  });

  it('keeps the rows of each branch of an OR', async () => {
    const { rows } = await names(
      filter(
        'Repository',
        [['Repository', 'roles', 'Role']],
        [
          [eq(['Repository', 'isPublic'], { value: true })],
          [eq(['Role', 'userId'], { value: 1 })],
        ],
      ),
    );
    expect(rows.sort()).toEqual(['gmail', 'react']);
  });

  it('inner-joins a relation to one by a required key', async () => {
    const { sql, rows } = await names(
      filter(
        'Ticket',
        [['Ticket', 'repository', 'Repository']],
        [[eq(['Repository', 'isPublic'], { value: true })]],
      ),
    );
    expect(rows).toEqual(['t2']);
    expect(sql).toMatch(/INNER JOIN/);
  });

  it('left-joins a relation to one whose key may be null, keeping the rows another branch allows', async () => {
    const { sql, rows } = await names(
      filter(
        'Ticket',
        [['Ticket', 'assignee', 'User']],
        [
          [eq(['User', 'name'], { value: 'anne' })],
          [eq(['Ticket', 'title'], { value: 't2' })],
        ],
      ),
    );
    expect(rows.sort()).toEqual(['t1', 't2']);
    expect(sql).toMatch(/LEFT JOIN/);
  });

  it('matches no missing related row with = nil or !=', async () => {
    const assignee = (condition: FilterCondition) =>
      names(filter('Ticket', [['Ticket', 'assignee', 'User']], [[condition]]));
    expect(
      (await assignee(eq({ value: null }, ['User', 'name']))).rows,
    ).toEqual([]);
    expect(
      (await assignee(neq(['User', 'name'], { value: 'larry' }))).rows,
    ).toEqual(['t1']);
    const roles = await names(
      filter(
        'Repository',
        [['Repository', 'roles', 'Role']],
        [[eq({ value: null }, ['Role', 'name'])]],
      ),
    );
    expect(roles.rows).toEqual([]);
  });

  it('reads != of a null column as true, as Polar does', async () => {
    const { rows } = await names(
      filter(
        'Repository',
        [],
        [[neq(['Repository', 'lastPushedBy'], { value: 'x' })]],
      ),
    );
    expect(rows.sort()).toEqual(['empty', 'gmail', 'react']);
  });

  it('keeps a comparison of a row reached through a relation to many with another row in one subquery', async () => {
    const { sql, rows } = await names(
      filter(
        'Repository',
        [['Repository', 'roles', 'Role']],
        [
          [
            eq(['Role', 'repositoryId'], ['Repository', 'id']),
            eq(['Role', 'userId'], { value: 2 }),
          ],
        ],
      ),
    );
    expect(rows).toEqual(['react']);
    expect(sql).toMatch(/LEFT JOIN/);
  });

  it('matches nothing without conditions, everything with one empty group', async () => {
    expect((await names(filter('Repository', [], []))).rows).toEqual([]);
    expect((await names(filter('Repository', [], [[]]))).rows).toHaveLength(3);
  });
});
