import { Relation } from 'oso';
import type { PolicyClass } from '../authorization';
import { Issue } from './issue.entity';

/**
 * How `policies/issue.polar` sees an Issue. Its relations are Relation
 * fields: a single check fetches `issue.repository` by `repositoryId`, and a
 * filtered list joins it, so both follow the policy whatever was loaded.
 */
export const ISSUE_POLICY_CLASS: PolicyClass = {
  type: Issue,
  name: 'Issue',
  fields: {
    repository: new Relation('one', 'Repository', 'repositoryId', 'id'),
    creator: new Relation('one', 'User', 'creatorId', 'id'),
  },
};
