import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ticket } from '../database/__fixtures__/ticket';
import { FIXTURE_CLASSES } from './__fixtures__/classes';
import { loadPolicyTest, policyTestPaths } from './policy-test';

const FACTS = `facts:
  User: { larry: {} }
  Repository: { gmail: {}, react: {} }
  Role:
    - { user: larry, name: admin, repository: gmail }
  Ticket:
    login: { repository: gmail, creator: larry }
    hooks: { repository: react, creator: larry }
expect:
`;

describe('loadPolicyTest', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-test-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const load = (cases: string) => {
    const path = join(dir, 'x.test.yaml');
    writeFileSync(path, FACTS + cases);
    return loadPolicyTest(path, FIXTURE_CLASSES);
  };

  it('resolves a case to the rows it names', () => {
    const test = load('  - larry close login: allow\n');
    expect(test.cases).toEqual([
      {
        text: 'larry close login',
        title: 'larry close login: allow',
        line: 10,
        actor: test.facts.find('larry')?.row,
        action: 'close',
        resource: test.facts.find('login')?.row,
        expected: 'allow',
      },
    ]);
  });

  it('resolves a list case to the class, its keys in the order of the facts', () => {
    const [testCase] = load('  - larry read Ticket: [hooks, login]\n').cases;
    expect(testCase).toMatchObject({
      title: 'larry read Ticket: [hooks, login]',
      resourceType: Ticket,
      expected: ['login', 'hooks'],
    });
  });

  it.each([
    [
      'an unknown actor',
      'lary read gmail: allow',
      'x.test.yaml:10: lary read gmail: unknown actor lary: no row has that key',
    ],
    [
      'an unknown resource',
      'larry read gmial: allow',
      "x.test.yaml:10: larry read gmial: unknown resource gmial: neither a row's key nor a class",
    ],
    [
      'a list for a row',
      'larry read gmail: [gmail]',
      'x.test.yaml:10: larry read gmail: gmail is a row: expect allow or deny',
    ],
    [
      'a decision for a class',
      'larry read Ticket: allow',
      'x.test.yaml:10: larry read Ticket: Ticket is a class: expect the list of keys of its rows, like [a, b]',
    ],
    [
      'a key of another class in a list',
      'larry read Ticket: [gmail]',
      'x.test.yaml:10: larry read Ticket: gmail is not one of the Ticket rows',
    ],
    [
      'a key listed twice',
      'larry read Ticket: [login, login]',
      'x.test.yaml:10: larry read Ticket: login is listed twice',
    ],
    [
      'a list of rows that have no keys',
      'larry read Role: []',
      "x.test.yaml:10: larry read Role: Role's rows are a list: give them keys to list them",
    ],
  ])('refuses %s, naming the file, line and case', (_what, line, message) => {
    expect(() => load(`  - ${line}\n`)).toThrow(message);
  });

  it('refuses a file it cannot read, naming it', () => {
    expect(() =>
      loadPolicyTest(join(dir, 'none.test.yaml'), FIXTURE_CLASSES),
    ).toThrow(/none\.test\.yaml: ENOENT/);
  });
});

describe('policyTestPaths', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-tests-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds every *.test.yaml in the folder, sorted', () => {
    for (const name of [
      'main.test.yaml',
      'main.polar',
      'issue.test.yaml',
      'notes.yaml',
    ]) {
      writeFileSync(join(dir, name), '');
    }
    expect(policyTestPaths(dir)).toEqual([
      join(dir, 'issue.test.yaml'),
      join(dir, 'main.test.yaml'),
    ]);
  });

  it('refuses a folder without policy tests, or none at all', () => {
    expect(() => policyTestPaths(dir)).toThrow('no *.test.yaml files here');
    expect(() => policyTestPaths(join(dir, 'none'))).toThrow('ENOENT');
  });
});
