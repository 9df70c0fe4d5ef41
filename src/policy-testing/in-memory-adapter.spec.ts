import { type Filter, type FilterCondition, Relation } from 'oso';
import { InMemoryAdapter } from './in-memory-adapter';

const gmail = { id: 1, name: 'gmail', isPublic: false, lastPushedBy: null };
const react = { id: 2, name: 'react', isPublic: true, lastPushedBy: 'anne' };
const login = { id: 1, title: 'Login', repositoryId: 1 };
const hooks = { id: 2, title: 'Hooks', repositoryId: 2 };
const search = { id: 3, title: 'Search', repositoryId: 1 };

const adapter = new InMemoryAdapter(
  new Map([
    ['Repository', [gmail, react]],
    ['Issue', [login, hooks, search]],
  ]),
);

/** The class fields oso hands the adapter: Issue.repository is a Relation. */
const types = new Map([
  [
    'Issue',
    {
      fields: new Map([
        ['repository', new Relation('one', 'Repository', 'repositoryId', 'id')],
      ]),
    },
  ],
]) as unknown as Filter['types'];

function filter(
  model: string,
  conditions: FilterCondition[][],
  relations: Filter['relations'] = [],
): Filter {
  return { model, conditions, relations, types };
}

const repositoryIssues: Filter['relations'] = [
  {
    fromTypeName: 'Issue',
    fromFieldName: 'repository',
    toTypeName: 'Repository',
  },
];

function query(f: Filter): Promise<object[]> {
  return adapter.executeQuery(adapter.buildQuery(f));
}

describe('InMemoryAdapter', () => {
  it('finds the rows whose field equals a value', async () => {
    const rows = await query(
      filter('Repository', [
        [
          {
            lhs: { typeName: 'Repository', fieldName: 'name' },
            cmp: 'Eq',
            rhs: { value: 'react' },
          },
        ],
      ]),
    );
    expect(rows).toEqual([react]);
    expect(rows[0]).toBe(react);
  });

  it('ORs the lists of conditions and ANDs the conditions of each', async () => {
    const byId = (
      cmp: FilterCondition['cmp'],
      id: number,
    ): FilterCondition => ({
      lhs: { typeName: 'Issue', fieldName: 'id' },
      cmp,
      rhs: { value: id },
    });
    const rows = await query(
      filter('Issue', [
        [byId('Gt', 1), byId('Lt', 3)],
        [byId('Leq', 1), byId('Geq', 1)],
      ]),
    );
    expect(rows).toEqual([login, hooks]);
  });

  it('finds nothing without conditions, everything with one empty AND', async () => {
    expect(await query(filter('Issue', []))).toEqual([]);
    expect(await query(filter('Issue', [[]]))).toEqual([login, hooks, search]);
  });

  it('joins through a Relation field and filters on the joined class', async () => {
    const rows = await query(
      filter(
        'Issue',
        [
          [
            {
              lhs: { typeName: 'Repository', fieldName: 'isPublic' },
              cmp: 'Neq',
              rhs: { value: true },
            },
          ],
        ],
        repositoryIssues,
      ),
    );
    expect(rows).toEqual([login, search]);
  });

  it('compares a class named without a field by its id, on either side', async () => {
    const sameRepository = (side: 'lhs' | 'rhs'): FilterCondition =>
      side === 'lhs'
        ? { lhs: { typeName: 'Repository' }, cmp: 'Eq', rhs: { value: gmail } }
        : {
            lhs: { value: { id: 2 } },
            cmp: 'Eq',
            rhs: { typeName: 'Repository' },
          };
    expect(
      await query(filter('Issue', [[sameRepository('lhs')]], repositoryIssues)),
    ).toEqual([login, search]);
    expect(
      await query(filter('Issue', [[sameRepository('rhs')]], repositoryIssues)),
    ).toEqual([hooks]);
  });

  it('keeps a row with nothing to join, the other side reading null, as a LEFT JOIN does', async () => {
    const orphan = { id: 4, title: 'Orphan', repositoryId: null };
    const withOrphan = new InMemoryAdapter(
      new Map([
        ['Repository', [gmail, react]],
        ['Issue', [login, hooks, search, orphan]],
      ]),
    );
    const rows = await withOrphan.executeQuery(
      withOrphan.buildQuery(
        filter(
          'Issue',
          [
            [
              {
                lhs: { typeName: 'Repository', fieldName: 'isPublic' },
                cmp: 'Eq',
                rhs: { value: true },
              },
            ],
            [
              {
                lhs: { typeName: 'Issue', fieldName: 'title' },
                cmp: 'Eq',
                rhs: { value: 'Orphan' },
              },
            ],
          ],
          repositoryIssues,
        ),
      ),
    );
    expect(rows).toEqual([hooks, orphan]);
  });

  it('answers each row once, however many of its joins match', async () => {
    const rows = await query(
      filter('Repository', [
        [
          {
            lhs: { typeName: 'Repository', fieldName: 'isPublic' },
            cmp: 'Eq',
            rhs: { value: false },
          },
        ],
        [
          {
            lhs: { typeName: 'Repository', fieldName: 'name' },
            cmp: 'Eq',
            rhs: { value: 'gmail' },
          },
        ],
      ]),
    );
    expect(rows).toEqual([gmail]);
  });

  it('treats NULL as a single check does: it equals only null and differs from any value', async () => {
    const lastPushedBy = (
      cmp: FilterCondition['cmp'],
      value: unknown,
    ): Filter =>
      filter('Repository', [
        [
          {
            lhs: { typeName: 'Repository', fieldName: 'lastPushedBy' },
            cmp,
            rhs: { value },
          },
        ],
      ]);
    expect(await query(lastPushedBy('Eq', null))).toEqual([gmail]);
    expect(await query(lastPushedBy('Neq', null))).toEqual([react]);
    expect(await query(lastPushedBy('Neq', 'anne'))).toEqual([gmail]);
    expect(await query(lastPushedBy('Eq', 'anne'))).toEqual([react]);
    expect(await query(lastPushedBy('Lt', 'zed'))).toEqual([react]);
  });

  it('refuses a field the rows lack, naming it and the class', async () => {
    await expect(
      query(
        filter('Repository', [
          [
            {
              lhs: { typeName: 'Repository', fieldName: 'is_public' },
              cmp: 'Eq',
              rhs: { value: true },
            },
          ],
        ]),
      ),
    ).rejects.toThrow('is_public not found on Repository');
  });

  it('refuses to join a class twice, as the TypeORM adapter cannot', () => {
    expect(() =>
      adapter.buildQuery(
        filter('Issue', [[]], [...repositoryIssues, ...repositoryIssues]),
      ),
    ).toThrow('joins Repository twice');
  });
});
