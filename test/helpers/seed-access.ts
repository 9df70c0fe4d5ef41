/**
 * The spec's own account of the seed, independent of the app's policy: who
 * holds a role on which repository (each role includes "read"), and which
 * repositories are public. A repository not listed here does not exist.
 */
export const USERS = ['larry', 'anne', 'graham'] as const;
export const REPOS = ['gmail', 'react', 'oso'] as const;
export type UserName = (typeof USERS)[number];
export type RepoName = (typeof REPOS)[number];

export const ROLE_ON: Record<UserName, RepoName> = {
  larry: 'gmail',
  anne: 'react',
  graham: 'oso',
};

export const PUBLIC_REPOS: readonly RepoName[] = ['react'];

/** Whether `user` may read `repo`, with or without the tutorial's public-read rule. */
export function canRead(
  user: UserName,
  repo: RepoName,
  publicRule: boolean,
): boolean {
  return ROLE_ON[user] === repo || (publicRule && PUBLIC_REPOS.includes(repo));
}

/** Every user × repository pair, for `it.each`. */
export const PAIRS = USERS.flatMap((user) =>
  REPOS.map((repo) => [user, repo] as const),
);
