import { parsePolicyTestFile } from './policy-test-file';

const parse = (text: string) =>
  parsePolicyTestFile('policies/x.test.yaml', text);

describe('parsePolicyTestFile', () => {
  it('reads rows by key or in a list, and cases with their lines', () => {
    const file = parse(
      [
        'facts:',
        '  User: { larry: {}, anne: { name: Anne } }',
        '  Role:',
        '    - { user: larry, name: admin }',
        'expect:',
        '  - larry  read gmail: allow',
        '  - anne read Repository: [gmail, react]',
        '  - anne read Issue: []',
      ].join('\n'),
    );
    expect(file.facts).toEqual([
      {
        className: 'User',
        line: 2,
        rows: [
          { key: 'larry', line: 2, values: [] },
          {
            key: 'anne',
            line: 2,
            values: [{ name: 'name', value: 'Anne', line: 2 }],
          },
        ],
      },
      {
        className: 'Role',
        line: 3,
        rows: [
          {
            key: undefined,
            line: 4,
            values: [
              { name: 'user', value: 'larry', line: 4 },
              { name: 'name', value: 'admin', line: 4 },
            ],
          },
        ],
      },
    ]);
    expect(file.cases).toEqual([
      {
        text: 'larry read gmail',
        line: 6,
        actor: 'larry',
        action: 'read',
        resource: 'gmail',
        expected: 'allow',
      },
      {
        text: 'anne read Repository',
        line: 7,
        actor: 'anne',
        action: 'read',
        resource: 'Repository',
        expected: ['gmail', 'react'],
      },
      {
        text: 'anne read Issue',
        line: 8,
        actor: 'anne',
        action: 'read',
        resource: 'Issue',
        expected: [],
      },
    ]);
  });

  it.each([
    [
      'YAML it cannot parse',
      'facts:\n  User: { larry: {}\nexpect: []',
      /^policies\/x\.test\.yaml:3: /,
    ],
    [
      'anything but a mapping at the top',
      '- larry read gmail: allow',
      'x.test.yaml:1: expected facts: and expect:',
    ],
    [
      'an unknown section',
      'facts: {}\nexpected: []',
      'x.test.yaml:2: unknown section expected',
    ],
    ['no cases at all', 'facts: {}', 'x.test.yaml:1: no expect: section'],
    [
      'cases that are not a list',
      'expect:\n  larry read gmail: allow',
      'x.test.yaml:2: expect: is a list of cases',
    ],
    [
      'rows that are neither keyed nor a list',
      'facts:\n  User: larry\nexpect: []',
      'x.test.yaml:2: User: rows by key',
    ],
    [
      'a row that is not a mapping',
      'facts:\n  User: { larry: yes }\nexpect: []',
      'x.test.yaml:2: a row is a mapping of values',
    ],
    [
      'a case of two words',
      'expect:\n  - larry gmail: allow',
      'x.test.yaml:2: malformed case "larry gmail": write - <actor> <action> <resource>',
    ],
    [
      'a case of four words',
      'expect:\n  - larry may read gmail: allow',
      'x.test.yaml:2: malformed case "larry may read gmail"',
    ],
    [
      'two cases on one line',
      'expect:\n  - { larry read gmail: allow, anne read gmail: deny }',
      'x.test.yaml:2: a case is one line',
    ],
    [
      'a decision other than allow or deny',
      'expect:\n  - larry read gmail: maybe',
      'x.test.yaml:2: larry read gmail: a decision is allow or deny (or, for a class, a list of keys), not "maybe"',
    ],
    [
      'a case without a decision',
      'expect:\n  - larry read gmail:',
      'x.test.yaml:2: larry read gmail: a decision is allow or deny (or, for a class, a list of keys), not null',
    ],
    [
      'a case tested twice',
      'expect:\n  - larry read gmail: allow\n  - larry read gmail: deny',
      'x.test.yaml:3: larry read gmail: already tested on line 2',
    ],
    [
      'a list of something else than keys',
      'expect:\n  - larry read Issue: [{ a: 1 }]',
      'x.test.yaml:2: a name must be a plain word',
    ],
  ])('refuses %s, naming the file and line', (_what, text, message) => {
    let error: unknown;
    try {
      parse(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ name: 'PolicyTestError' });
    expect((error as Error).message).toMatch(message);
    expect((error as Error).stack).toBe((error as Error).message);
  });
});
