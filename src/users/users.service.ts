import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository as TypeOrmRepository } from 'typeorm';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User)
    private readonly users: TypeOrmRepository<User>,
  ) {}

  /** Loads a user with the roles (and their repositories) the policy reads. */
  findByName(name: string): Promise<User | null> {
    return this.users.findOne({
      where: { name },
      relations: { roles: { repository: true } },
    });
  }
}
