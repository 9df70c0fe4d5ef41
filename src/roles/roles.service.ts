import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository as TypeOrmRepository } from 'typeorm';
import type { Repository } from '../repositories/repository.entity';
import { Role } from '../users/role.entity';
import type { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import type { RoleAssignmentDto } from './dto/role-assignment.dto';
import type { RepositoryRole } from './repository-roles';

/** Who holds which role on a repository. The policy reads these on every request. */
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

  /** Gives `userName` the role, replacing any role they held on the repository. */
  async grant(
    repository: Repository,
    userName: string,
    role: RepositoryRole,
  ): Promise<RoleAssignmentDto> {
    const user = await this.findUser(userName);
    await this.roles.upsert(
      { name: role, user: { id: user.id }, repository: { id: repository.id } },
      { conflictPaths: { user: true, repository: true } },
    );
    return { user: user.name, role };
  }

  async revoke(repository: Repository, userName: string): Promise<void> {
    const user = await this.findUser(userName);
    const { affected } = await this.roles.delete({
      user: { id: user.id },
      repository: { id: repository.id },
    });
    if (!affected) {
      throw new NotFoundException(
        `User ${user.name} has no role on repo ${repository.name}`,
      );
    }
  }

  private async findUser(name: string): Promise<User> {
    const user = await this.users.findByName(name);
    if (!user) throw new NotFoundException(`User ${name} was not found`);
    return user;
  }
}
