/**
 * The spec's own account of the seed, independent of the app's policy: who
 * holds a role on which repository (each role includes "read"), and which
 * repositories are public. A repository not listed here does not exist.
 */
export const USERS = ['larry', 'anne', 'graham'] as const;
export const REPOS = ['gmail', 'react', 'oso'] as const;
export type UserName = (typeof USERS)[number];
export type RepoName = (typeof REPOS)[number];

/** Each seed user's one role: on which repository, and which role. */
export const SEED_ROLES: Record<UserName, { repo: RepoName; role: string }> = {
  larry: { repo: 'gmail', role: 'admin' },
  anne: { repo: 'react', role: 'maintainer' },
  graham: { repo: 'oso', role: 'contributor' },
};

export const PUBLIC_REPOS: readonly RepoName[] = ['react'];

/** Every user × repository pair, for `it.each`. */
export const PAIRS = USERS.flatMap((user) =>
  REPOS.map((repo) => [user, repo] as const),
);
