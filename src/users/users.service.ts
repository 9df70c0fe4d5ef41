import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository as TypeOrmRepository } from 'typeorm';
import { LookupCache } from '../database/lookup-cache';
import { isStorableText } from '../database/storable';
import { User } from './user.entity';

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User)
    private readonly users: TypeOrmRepository<User>,
    @Optional() private readonly lookups?: LookupCache,
  ) {}

  /**
   * A user alone (the policy fetches the roles it reads), looked up once
   * until the next write: every request names its caller. An unknown name
   * is not kept: anyone may send one. A name no database can hold is no
   * user's, answered without a query.
   */
  findByName(name: string): Promise<User | null> {
    if (!isStorableText(name)) return Promise.resolve(null);
    const load = () => this.users.findOneBy({ name });
    return this.lookups
      ? this.lookups.get(`User ${name}`, load, { keepMissing: false })
      : load();
  }
}
