import {
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFoundError } from 'oso';
import { type EntityManager, Repository as TypeOrmRepository } from 'typeorm';
import { byCodePoint } from '../database/code-point-order';
import { isForeignKeyViolation } from '../database/foreign-key-violation';
import { withRowLocked } from '../database/row-lock';
import { runStatement } from '../database/run-statement';
import { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { RoleAssignmentDto } from './dto/role-assignment.dto';
import { OWNER_ROLE, type RepositoryRole } from './repository-roles';

/** How many owners the repository has, inside a statement on its roles. */
const OWNERS = `(SELECT COUNT(*) FROM "roles" "others" WHERE "others"."repositoryId" = :repository AND "others"."name" = :owner)`;

/** True unless the row is the repository's last owner. */
const NOT_LAST_OWNER = `NOT ("name" = :owner AND ${OWNERS} <= 1)`;

const INSERT_ROLE = `INSERT INTO "roles" ("name", "userId", "repositoryId") VALUES (:role, :user, :repository) ON CONFLICT DO NOTHING`;

const ROW = `"userId" = :user AND "repositoryId" = :repository`;

/** How often a grant tries again while concurrent writes change the role. */
const GRANT_ROUNDS = 5;

/** A role granted now, or one that replaced the role the user held. */
export interface Grant {
  assignment: RoleAssignmentDto;
  created: boolean;
}

/**
 * Who holds which role on a repository. The policy reads these on every
 * request. Each write is one statement whose condition holds at the moment it
 * runs, and on PostgreSQL's pool the repository's row is locked meanwhile, so
 * concurrent requests cannot together remove the last owner.
 */
@Injectable()
export class RolesService {
  constructor(
    @InjectRepository(Role) private readonly roles: TypeOrmRepository<Role>,
    private readonly users: UsersService,
  ) {}

  /** The repository's roles, by the user's name (by code point, on any database). */
  async list(repository: Repository): Promise<RoleAssignmentDto[]> {
    const roles = await this.roles
      .createQueryBuilder('role')
      .innerJoinAndSelect('role.user', 'user')
      .where('role.repositoryId = :repository', { repository: repository.id })
      .orderBy(byCodePoint(this.roles.manager.connection, 'user.name'), 'ASC')
      .getMany();
    return roles.map((role) => ({ user: role.user.name, role: role.name }));
  }

  /**
   * Gives `userName` the role, replacing any role they held on the
   * repository. Demoting its last owner is a 409; a repository deleted
   * meanwhile is oso's NotFoundError, the route's 404.
   */
  async grant(
    repository: Repository,
    userName: string,
    role: RepositoryRole,
  ): Promise<Grant> {
    const user = await this.findUser(userName);
    return this.onRepository(repository, async (manager) => {
      const assignment = { user: user.name, role };
      const parameters = {
        user: user.id,
        repository: repository.id,
        role,
        owner: OWNER_ROLE,
      };
      const change = `UPDATE "roles" SET "name" = :role WHERE ${ROW}${
        role === OWNER_ROLE ? '' : ` AND ${NOT_LAST_OWNER}`
      }`;
      // Each round inserts the role or changes the one held. On sqlite a
      // round fails only when another request revoked or granted it between
      // the two statements; the next round sees what that request left.
      for (let round = 0; round < GRANT_ROUNDS; round += 1) {
        if (await write(manager, INSERT_ROLE, parameters)) {
          return { assignment, created: true };
        }
        if (await write(manager, change, parameters)) {
          return { assignment, created: false };
        }
        await refuseLastOwner(manager, user, repository);
      }
      throw new ConflictException(
        `The role of ${user.name} on repo ${repository.name} changed meanwhile; try again`,
      );
    });
  }

  /** Takes the user's role away; never the repository's last owner's (409). */
  async revoke(repository: Repository, userName: string): Promise<void> {
    const user = await this.findUser(userName);
    await this.onRepository(repository, async (manager) => {
      const removed = await write(
        manager,
        `DELETE FROM "roles" WHERE ${ROW} AND ${NOT_LAST_OWNER}`,
        { user: user.id, repository: repository.id, owner: OWNER_ROLE },
      );
      if (removed) return;
      await refuseLastOwner(manager, user, repository);
      // Deleted meanwhile, roles and all: the route's own 404.
      if (!(await manager.existsBy(Repository, { id: repository.id }))) {
        throw new NotFoundError();
      }
      throw new NotFoundException(
        `User ${user.name} has no role on repo ${repository.name}`,
      );
    });
  }

  /**
   * Runs a change of the repository's roles while no other can run (see
   * {@link withRowLocked}); a repository deleted meanwhile is the route's 404.
   */
  private async onRepository<T>(
    repository: Repository,
    change: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const changed = await withRowLocked(
      this.roles.manager.connection,
      Repository,
      repository.id,
      async (manager) => ({ result: await change(manager) }),
    );
    if (changed === null) throw new NotFoundError();
    return changed.result;
  }

  private async findUser(name: string): Promise<User> {
    const user = await this.users.findByName(name);
    if (!user) throw new NotFoundException(`User ${name} was not found`);
    return user;
  }
}

/** Throws the 409 when `user` is what kept the last write from happening. */
async function refuseLastOwner(
  manager: EntityManager,
  user: User,
  repository: Repository,
): Promise<void> {
  const held = await manager.findOneBy(Role, {
    user: { id: user.id },
    repository: { id: repository.id },
  });
  if (held?.name === OWNER_ROLE) {
    throw new ConflictException(
      `User ${user.name} is the last ${OWNER_ROLE} of repo ${repository.name}: make another user ${OWNER_ROLE} first`,
    );
  }
}

/** One statement on the roles; a repository or user gone meanwhile is a 404. */
async function write(
  manager: EntityManager,
  sql: string,
  parameters: Record<string, unknown>,
): Promise<number> {
  try {
    return await runStatement(manager, sql, parameters);
  } catch (error) {
    if (isForeignKeyViolation(error)) throw new NotFoundError();
    throw error;
  }
}
