/**
 * The roles `resource Repository` declares in policies/main.polar; a spec
 * keeps the two in step. Granting any other name would give nothing.
 */
export const REPOSITORY_ROLES = ['contributor', 'maintainer', 'admin'] as const;

export type RepositoryRole = (typeof REPOSITORY_ROLES)[number];

/**
 * The role that manages roles (`manage_roles` in the policy). A repository
 * never loses its last holder of it: nobody could manage or delete it again.
 */
export const OWNER_ROLE: RepositoryRole = 'admin';
