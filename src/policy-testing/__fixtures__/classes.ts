import type { PolicyClass } from '../../authorization';
import { Ticket } from '../../database/__fixtures__/ticket';
import { Repository } from '../../repositories/repository.entity';
import { Role } from '../../users/role.entity';
import { User } from '../../users/user.entity';

/**
 * The app's own classes and a Ticket in place of the Issue example, which a
 * reader of docs/extending.md deletes: not POLICY_CLASSES, which lists it.
 */
export const FIXTURE_CLASSES: PolicyClass[] = [
  { type: User, name: 'User' },
  { type: Role, name: 'Role' },
  { type: Repository, name: 'Repository' },
  { type: Ticket, name: 'Ticket' },
];
