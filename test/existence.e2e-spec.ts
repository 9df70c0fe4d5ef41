import { existenceSpecs } from './helpers/existence';
import { SEED_POLICIES } from './helpers/policies';
import { REPOS, SEED_ROLES, USERS } from './helpers/seed-access';

describe('existence is never leaked', () =>
  existenceSpecs({
    policies: SEED_POLICIES,
    hidden: USERS.flatMap((user) =>
      REPOS.filter((repo) => SEED_ROLES[user].repo !== repo).map(
        (repo) => [user, repo] as const,
      ),
    ),
  }));
