import type { PolicyClass } from './authorization';
import { ISSUE_POLICY_CLASS } from './issues/issue.policy-class';
import { Repository } from './repositories/repository.entity';
import { Role } from './users/role.entity';
import { User } from './users/user.entity';

/**
 * The classes the policy in policies/ names, as OsoModule registers them for
 * the app and for the policy tests alike. Named explicitly: Polar matches
 * these names, and they must not depend on how the code was compiled.
 */
export const POLICY_CLASSES: PolicyClass[] = [
  { type: User, name: 'User' },
  { type: Role, name: 'Role' },
  { type: Repository, name: 'Repository' },
  ISSUE_POLICY_CLASS,
];
