import { Relation } from 'oso';
import { CallerRelation, type PolicyClass } from './authorization';
import { ISSUE_POLICY_CLASS } from './issues/issue.policy-class';
import { Repository } from './repositories/repository.entity';
import { Role } from './users/role.entity';
import { User } from './users/user.entity';

/**
 * The classes the policy in policies/ names, as OsoModule registers them for
 * the app and for the policy tests alike. Named explicitly: Polar matches
 * these names, and they must not depend on how the code was compiled.
 *
 * Roles are Relation fields, fetched when a rule reads them: the caller is
 * loaded without its roles, and `repository.roles`, a CallerRelation, is the
 * caller's role on that one repository, looked up by both keys, however
 * many roles the repository or the caller hold.
 */
export const POLICY_CLASSES: PolicyClass[] = [
  {
    type: User,
    name: 'User',
    fields: { roles: new Relation('many', 'Role', 'id', 'userId') },
  },
  {
    type: Role,
    name: 'Role',
    fields: {
      user: new Relation('one', 'User', 'userId', 'id'),
      repository: new Relation('one', 'Repository', 'repositoryId', 'id'),
    },
  },
  {
    type: Repository,
    name: 'Repository',
    fields: {
      roles: new CallerRelation('Role', 'id', 'repositoryId', 'userId'),
    },
  },
  ISSUE_POLICY_CLASS,
];
