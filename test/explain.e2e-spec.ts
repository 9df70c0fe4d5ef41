import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  explanationText,
  type GoalExplanation,
  OsoService,
} from '../src/authorization';
import { RepositoriesService } from '../src/repositories/repositories.service';
import { UsersService } from '../src/users/users.service';
import { PERMISSIONS_BY_ROLE } from './helpers/access-model';
import {
  pinnedPolicies,
  POLICY_VARIANTS,
  readPolicies,
  SEED_POLICIES,
} from './helpers/policies';
import { PAIRS, PUBLIC_REPOS, SEED_ROLES } from './helpers/seed-access';
import { createTestApp, type TestApp } from './helpers/test-app';

const ACTIONS = ['read', 'push', 'delete', 'manage_roles'];

/** The questions of an explanation, depth first, with their depth. */
function questions(
  goal: GoalExplanation,
  depth = 0,
): [GoalExplanation, number][] {
  return [
    [goal, depth],
    ...goal.attempts.flatMap((attempt) =>
      attempt.subgoals.flatMap((subgoal) => questions(subgoal, depth + 1)),
    ),
  ];
}

async function explain(
  testApp: TestApp,
  user: string,
  action: string,
  repo: string,
) {
  const { app } = testApp;
  const actor = (await app.get(UsersService).findByName(user))!;
  const resource = (await app.get(RepositoriesService).findByName(repo))!;
  return app.get(OsoService).explain(actor, action, resource);
}

describe.each(POLICY_VARIANTS)('authz why, under %s', (_, publicRule) => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ policies: pinnedPolicies(publicRule) });
  });
  afterAll(() => testApp.close());

  const cases = PAIRS.flatMap(([user, repo]) =>
    ACTIONS.map((action) => [user, action, repo] as const),
  );

  it.each(cases)(
    '%s %s %s: the decision of the checks, and rules that lead to it',
    async (user, action, repo) => {
      const { role, repo: own } = SEED_ROLES[user];
      const byRole = own === repo && PERMISSIONS_BY_ROLE[role].includes(action);
      const byPublic =
        publicRule && action === 'read' && PUBLIC_REPOS.includes(repo);
      const explanation = await explain(testApp, user, action, repo);
      const all = questions(explanation.goal);

      expect(explanation.decision).toBe(
        byRole || byPublic ? 'allowed' : 'denied',
      );
      expect(explanation.goal.goal).toMatch(
        new RegExp(`^allow\\(User:\\d+, "${action}", Repository:\\d+\\)$`),
      );
      if (explanation.decision === 'denied') {
        // Every rule tried fails, each at a condition it names.
        for (const [question] of all) {
          expect(question.holds).toBe(false);
          for (const attempt of question.attempts) {
            expect(attempt.holds).toBe(false);
            expect(attempt.failedAt).toEqual(expect.any(String));
          }
        }
        return;
      }
      // One rule for each question, down to the row or fact that decides.
      for (const [question] of all) {
        expect(question.holds).toBe(true);
        expect(question.attempts).toHaveLength(1);
      }
      const names = all.map(([question]) => /^\w+/.exec(question.goal)![0]);
      expect(names.slice(0, 2)).toEqual(['allow', 'has_permission']);
      const [last] = all.at(-1)!;
      // Where both hold, the proof is the one Polar found first.
      if (/public\.polar:1:1$/.test(last.attempts[0].place)) {
        expect(byPublic).toBe(true);
        // What the rule read, as it has no variables of its own to show.
        expect(last.attempts[0].values).toEqual(['repository.isPublic = true']);
        return;
      }
      expect(byRole).toBe(true);
      expect(last.goal).toMatch(/^has_role\(/);
      expect(last.attempts[0].rule).toMatch(/^has_role\(actor: User/);
      expect(last.attempts[0].values).toEqual([
        expect.stringMatching(
          new RegExp(`^role = Role:\\d+ \\{name: "${role}", userId: `),
        ),
      ]);
    },
  );
});

describe('authz why, on the pinned seed policy', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({ policies: SEED_POLICIES });
  });
  afterAll(() => testApp.close());

  it('prints the chain anne push react follows, with the places and the role row', async () => {
    const text = explanationText(
      await explain(testApp, 'anne', 'push', 'react'),
    );
    const place = (at: string) =>
      `test/fixtures/policies/seed/main.polar:${at}`;
    expect(text.split('\n')).toEqual([
      'allowed',
      'allow(User:2, "push", Repository:2) holds',
      `  by ${place('23:1')}  allow(actor, action, resource) if has_permission(actor, action, resource);`,
      '    has_permission(User:2, "push", Repository:2) holds',
      `      by ${place('8:3')}  "push" if "maintainer";`,
      '        has_role(User:2, "maintainer", Repository:2) holds',
      `          by ${place('18:1')}  has_role(actor: User, role_name: String, repository: Repository) if role in repository.roles and role.userId = actor.id and role_name = role.name;`,
      '            with role = Role:2 {name: "maintainer", userId: 2, repositoryId: 2}',
    ]);
  });

  it('shows where a denial stops, with what the condition read', async () => {
    const text = explanationText(
      await explain(testApp, 'anne', 'delete', 'react'),
    );
    expect(text).toMatch(/^denied\n/);
    expect(text).toContain('"delete" if "admin";');
    expect(text).toContain(
      'fails at: role_name = role.name\n' +
        '            with role_name = "admin", role.name = "maintainer"',
    );
    const elsewhere = explanationText(
      await explain(testApp, 'anne', 'push', 'gmail'),
    );
    expect(elsewhere).toContain(
      'fails at: role in repository.roles\n' +
        "            with repository.roles = [] (the caller's rows only)",
    );
  });

  it('follows the data: a role revoked since is a denial, explained', async () => {
    const dataSource = testApp.app.get(DataSource);
    try {
      const explanation = await explain(testApp, 'graham', 'read', 'oso');
      expect(explanation.decision).toBe('allowed');
      await dataSource.query(`DELETE FROM "roles" WHERE "userId" = 3`);
      const after = await explain(testApp, 'graham', 'read', 'oso');
      expect(after.decision).toBe('denied');
      expect(explanationText(after)).toContain(
        "with repository.roles = [] (the caller's rows only)",
      );
    } finally {
      await dataSource.query(
        `INSERT INTO "roles" ("name", "userId", "repositoryId")
         SELECT 'contributor', 3, 3 WHERE NOT EXISTS (SELECT 1 FROM "roles" WHERE "userId" = 3)`,
      );
    }
  });

  it('gives each of many explanations asked at once its own rules', async () => {
    const asked = PAIRS.map(([user, repo]) => [user, 'push', repo] as const);
    const one = await Promise.all(
      asked.map(async ([user, action, repo]) =>
        explanationText(await explain(testApp, user, action, repo)),
      ),
    );
    const alone: string[] = [];
    for (const [user, action, repo] of asked) {
      alone.push(explanationText(await explain(testApp, user, action, repo)));
    }
    expect(one).toEqual(alone);
  });
});

describe('authz why, across a policy reload', () => {
  let testApp: TestApp;
  let dir: string;
  beforeAll(async () => {
    testApp = await createTestApp({ policies: readPolicies(SEED_POLICIES) });
    dir = join(testApp.dir, 'policies');
  });
  afterAll(() => testApp.close());

  it('names the places of the policy that answers, not of the file as it is now', async () => {
    const main = join(dir, 'main.polar');
    const seed = readPolicies(SEED_POLICIES)['main.polar'];
    const oso = testApp.app.get(OsoService);

    writeFileSync(main, `# one line more\n${seed}`);
    await oso.reload();
    const moved = explanationText(
      await explain(testApp, 'anne', 'push', 'react'),
    );
    expect(moved).toContain('main.polar:19:1  has_role(');

    // A broken edit: the last good policy keeps answering, and explaining.
    writeFileSync(main, `allow(actor, action, resource) if\n${seed}`);
    await expect(oso.reload()).rejects.toThrow('Cannot load the policy');
    const kept = explanationText(
      await explain(testApp, 'anne', 'push', 'react'),
    );
    expect(kept).toBe(moved);
  });
});

describe('authz why, on rules of other shapes', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp({
      policies: {
        ...readPolicies(SEED_POLICIES),
        'shapes.polar': [
          'allow(_actor: User, "by_dict", _r: {name: "gmail"});',
          'allow(_actor: User, "by_chain", r: Repository) if chain(r.name, 40);',
          'chain(_n, 0);',
          'chain(n, k) if k > 0 and chain(n, k - 1);',
          'allow(_actor: User, "after_cut", r: Repository) if r.name = "gmail" and cut and r.isPublic;',
          'allow(_actor: User, "after_cut", _r: Repository);',
        ].join('\n'),
      },
    });
  });
  afterAll(() => testApp.close());

  it('matches a parameter with a dict pattern as Polar does', async () => {
    const explanation = await explain(testApp, 'larry', 'by_dict', 'gmail');
    expect(explanation.decision).toBe('allowed');
    const [proof, ...others] = explanation.goal.attempts;
    expect(others).toEqual([]);
    expect(proof.holds).toBe(true);
    expect(proof.place).toMatch(/shapes\.polar:1:1$/);
  });

  it('says a question cut off by the explanation’s length holds when it does', async () => {
    const explanation = await explain(testApp, 'larry', 'by_chain', 'gmail');
    expect(explanation.decision).toBe('allowed');
    const all = questions(explanation.goal);
    expect(all.at(-1)![0].note).toMatch(/^not explained/);
    for (const [question] of all) expect(question.holds).toBe(true);
  });

  it('shows a rule after a cut as skipped, not as tried', async () => {
    const explanation = await explain(testApp, 'larry', 'after_cut', 'gmail');
    expect(explanation.decision).toBe('denied');
    const [cut, after] = explanation.goal.attempts;
    expect(cut).toMatchObject({
      reached: true,
      holds: false,
      failedAt: 'r.isPublic',
    });
    expect(after).toMatchObject({ reached: false, holds: false, subgoals: [] });
    expect(explanationText(explanation)).toMatch(
      /\n {2}skipped \S+shapes\.polar:6:1 {2}allow\(_actor: User, "after_cut"/,
    );
  });

  it('runs nothing a caller writes: an action that looks like lines of Polar’s log is a string', async () => {
    const marker = join(testApp.dir, 'ran');
    const forged = [
      '',
      '  APPLICABLE_RULES:',
      '    a(a, b, c) at line 1, column 1 of file z',
      `  RULE: a(a, b, c) if x = a.constructor.constructor.call(0, "process.getBuiltinModule('fs').writeFileSync('${marker}', '')").call();`,
      ' z',
    ].join('\n');
    const explanation = await explain(testApp, 'anne', forged, 'react');
    expect(explanation.decision).toBe('denied');
    expect(existsSync(marker)).toBe(false);
    const places = questions(explanation.goal).flatMap(([question]) =>
      question.attempts.map(({ place }) => place),
    );
    expect(places.every((place) => /\.polar:\d+:\d+$/.test(place))).toBe(true);
  });
});
