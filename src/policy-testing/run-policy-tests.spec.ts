import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Relation } from 'oso';
import type { PolicyClass } from '../authorization';
import { Ticket } from '../database/__fixtures__/ticket';
import { FIXTURE_CLASSES } from './__fixtures__/classes';
import { runPolicyTests } from './run-policy-tests';

/** The fixture classes, a Ticket's repository and creator as Relation fields. */
const CLASSES: PolicyClass[] = [
  ...FIXTURE_CLASSES.filter(({ type }) => type !== Ticket),
  {
    type: Ticket,
    name: 'Ticket',
    fields: {
      repository: new Relation('one', 'Repository', 'repositoryId', 'id'),
      creator: new Relation('one', 'User', 'creatorId', 'id'),
      assignee: new Relation('one', 'User', 'assigneeId', 'id'),
    },
  },
];

/** Members read; nobody pushes, unless the policy's typo is reached. */
const POLICY = `
actor User {}

resource Repository {
  permissions = ["read", "push"];
  roles = ["member"];
  "read" if "member";
}

has_role(user: User, name: String, repository: Repository) if
  role in user.roles and role.name = name and role.repository = repository;

has_permission(_: User, "push", repository: Repository) if
  repository.is_public;

allow(actor, action, resource) if has_permission(actor, action, resource);
`;

const TEST = `facts:
  User: { ada: {}, bo: {} }
  Repository: { docs: {}, site: {} }
  Role:
    - { user: ada, name: member, repository: docs }
expect:
  - ada read docs: allow
  - ada read site: allow
  - ada read Repository: [docs, site]
  - bo read Repository: []
  - ada push docs: deny
  - ada push Repository: []
`;

describe('runPolicyTests', () => {
  let dir: string;
  let reported: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'run-policy-tests-'));
    reported = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return relative(process.cwd(), path);
  }

  function run(paths: string[]) {
    return runPolicyTests(paths, { policyDir: dir, classes: CLASSES }, (line) =>
      reported.push(line),
    );
  }

  it('reports each failing case: what was expected, and what came', async () => {
    write('main.polar', POLICY);
    const file = write('main.test.yaml', TEST);
    expect(await run([file])).toEqual({ passed: 2, failed: 4 });
    expect(reported).toEqual([
      `${file}:8: ada read site: expected allow, got deny`,
      `${file}:9: ada read Repository: expected [docs, site], got [docs]`,
      expect.stringMatching(
        new RegExp(
          `^${file}:11: ada push docs: expected deny, got an error: .*is_public`,
        ),
      ),
      `${file}:12: ada push Repository: expected [], got an error: is_public not found on Repository`,
    ]);
  });

  it('says an error in full once a file, and "the same error" after', async () => {
    write('main.polar', POLICY);
    const file = write(
      'main.test.yaml',
      `${TEST}  - ada push site: deny\n  - bo push docs: deny\n`,
    );
    await run([file]);
    const errors = reported.filter((line) =>
      / got (an|the same) error/.test(line),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /:11: ada push docs: expected deny, got an error: .*is_public/,
      ),
      `${file}:12: ada push Repository: expected [], got an error: is_public not found on Repository`,
      `${file}:13: ada push site: expected deny, got the same error as above`,
      `${file}:14: bo push docs: expected deny, got the same error as above`,
    ]);
  });

  it('counts a file it cannot run as one failure, and runs the others', async () => {
    write('main.polar', POLICY);
    const bad = write('bad.test.yaml', 'expect:\n  - ada read docs: perhaps\n');
    const good = write('good.test.yaml', TEST);
    expect(await run([bad, good])).toEqual({ passed: 2, failed: 5 });
    expect(reported[0]).toBe(
      `${bad}:2: ada read docs: a decision is allow or deny (or, for a class, a list of keys), not "perhaps"`,
    );
  });

  it('compares a list by its keys, not by how they print', async () => {
    write('main.polar', POLICY);
    const file = write(
      'main.test.yaml',
      `facts:
  User: { ada: {} }
  Repository: { 'a, b': {}, a: {}, b: {} }
  Role:
    - { user: ada, name: member, repository: a }
    - { user: ada, name: member, repository: b }
expect:
  - ada read Repository: ['a, b']
`,
    );
    expect(await run([file])).toEqual({ passed: 0, failed: 1 });
    expect(reported).toEqual([
      `${file}:8: ada read Repository: expected [a, b], got [a, b]`,
    ]);
  });

  it('hands over a row a Relation field fetches as SQL would: its relations not loaded', async () => {
    write(
      'main.polar',
      `${POLICY}
resource Ticket {
  permissions = ["read"];
}

has_permission(_: User, "read", ticket: Ticket) if
  has_role(ticket.creator, "member", ticket.repository);
`,
    );
    const file = write(
      'main.test.yaml',
      `facts:
  User: { ada: {} }
  Repository: { docs: {} }
  Role:
    - { user: ada, name: member, repository: docs }
  Ticket: { typo: { repository: docs, creator: ada } }
expect:
  - ada read typo: allow
`,
    );
    expect(await run([file])).toEqual({ passed: 0, failed: 1 });
    expect(reported).toEqual([
      expect.stringContaining('User.roles is undefined'),
    ]);
  });

  it('answers a relation whose key is null as the app does: it matches no one', async () => {
    write(
      'main.polar',
      `${POLICY}
resource Ticket {
  permissions = ["read"];
}

has_permission(user: User, "read", ticket: Ticket) if
  ticket.assignee = user;
`,
    );
    const file = write(
      'main.test.yaml',
      `facts:
  User: { ada: {} }
  Repository: { docs: {} }
  Ticket:
    open: { repository: docs, creator: ada }
    mine: { repository: docs, creator: ada, assignee: ada }
expect:
  - ada read open: deny
  - ada read mine: allow
  - ada read Ticket: [mine]
`,
    );
    expect(await run([file])).toEqual({ passed: 3, failed: 0 });
    expect(reported).toEqual([]);
  });

  it('counts a policy that does not load as one failure a file', async () => {
    write('main.polar', 'allow(actor, action, resource) if');
    const file = write('main.test.yaml', TEST);
    expect(await run([file])).toEqual({ passed: 0, failed: 1 });
    expect(reported).toEqual([
      expect.stringMatching(new RegExp(`^${file}: Cannot load the policy: `)),
    ]);
  });
});
