import {
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFoundError } from 'oso';
import { Repository as TypeOrmRepository } from 'typeorm';
import { isForeignKeyViolation } from '../database/foreign-key-violation';
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
 * runs, so concurrent requests cannot together remove the last owner.
 */
@Injectable()
export class RolesService {
  constructor(
    @InjectRepository(Role) private readonly roles: TypeOrmRepository<Role>,
    private readonly users: UsersService,
  ) {}

  async list(repository: Repository): Promise<RoleAssignmentDto[]> {
    const roles = await this.roles.find({
      where: { repository: { id: repository.id } },
      relations: { user: true },
      order: { user: { name: 'ASC' } },
    });
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
    // Each round inserts the role or changes the one held. A round fails
    // only when another request revoked or granted it between the two
    // statements; the next round sees what that request left.
    for (let round = 0; round < GRANT_ROUNDS; round += 1) {
      if (await this.write(INSERT_ROLE, parameters)) {
        return { assignment, created: true };
      }
      if (await this.write(change, parameters)) {
        return { assignment, created: false };
      }
      await this.refuseLastOwner(user, repository);
    }
    throw new ConflictException(
      `The role of ${user.name} on repo ${repository.name} changed meanwhile; try again`,
    );
  }

  /** Takes the user's role away; never the repository's last owner's (409). */
  async revoke(repository: Repository, userName: string): Promise<void> {
    const user = await this.findUser(userName);
    const removed = await this.write(
      `DELETE FROM "roles" WHERE ${ROW} AND ${NOT_LAST_OWNER}`,
      { user: user.id, repository: repository.id, owner: OWNER_ROLE },
    );
    if (removed) return;
    await this.refuseLastOwner(user, repository);
    // Deleted meanwhile, roles and all: the route's own 404.
    if (
      !(await this.roles.manager.existsBy(Repository, { id: repository.id }))
    ) {
      throw new NotFoundError();
    }
    throw new NotFoundException(
      `User ${user.name} has no role on repo ${repository.name}`,
    );
  }

  /** Throws the 409 when `user` is what kept the last write from happening. */
  private async refuseLastOwner(
    user: User,
    repository: Repository,
  ): Promise<void> {
    const held = await this.roles.findOneBy({
      user: { id: user.id },
      repository: { id: repository.id },
    });
    if (held?.name === OWNER_ROLE) {
      throw new ConflictException(
        `User ${user.name} is the last ${OWNER_ROLE} of repo ${repository.name}: make another user ${OWNER_ROLE} first`,
      );
    }
  }

  private async write(
    sql: string,
    parameters: Record<string, unknown>,
  ): Promise<number> {
    try {
      return await runStatement(this.roles.manager.connection, sql, parameters);
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new NotFoundError();
      throw error;
    }
  }

  private async findUser(name: string): Promise<User> {
    const user = await this.users.findByName(name);
    if (!user) throw new NotFoundException(`User ${name} was not found`);
    return user;
  }
}
