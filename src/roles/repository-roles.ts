/**
 * The roles `resource Repository` declares in policies/main.polar; a spec
 * keeps the two in step. Granting any other name would give nothing.
 */
export const REPOSITORY_ROLES = ['contributor', 'maintainer', 'admin'] as const;

export type RepositoryRole = (typeof REPOSITORY_ROLES)[number];
