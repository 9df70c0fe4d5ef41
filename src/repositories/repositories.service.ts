import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFoundError } from 'oso';
import { Repository as TypeOrmRepository, SelectQueryBuilder } from 'typeorm';
import { byCodePoint } from '../database/code-point-order';
import { isStorableText } from '../database/storable';
import type { User } from '../users/user.entity';
import type { PageQueryDto } from './dto/page-query.dto';
import { Repository } from './repository.entity';

@Injectable()
export class RepositoriesService {
  constructor(
    @InjectRepository(Repository)
    private readonly repositories: TypeOrmRepository<Repository>,
  ) {}

  /** A repository by the name a caller sent; one no database can hold is none. */
  findByName(name: string): Promise<Repository | null> {
    if (!isStorableText(name)) return Promise.resolve(null);
    return this.repositories.findOneBy({ name });
  }

  /**
   * One page of an authorized query, ordered by name (by code point, on any
   * database). The policy's filter is already in `query`; this only orders
   * and cuts it, in the database. The filter yields each repository once,
   * so a plain LIMIT pages it, as TypeORM's `take` would not with a join.
   */
  async page(
    query: SelectQueryBuilder<Repository>,
    { limit, offset }: PageQueryDto,
  ): Promise<{ items: Repository[]; total: number }> {
    const [items, total] = await query
      .orderBy(byCodePoint(query.connection, `${query.alias}.name`), 'ASC')
      .limit(limit)
      .offset(offset)
      .getManyAndCount();
    return { items, total };
  }

  /**
   * Counts a push in one statement, so concurrent pushes are all counted.
   * A repository deleted meanwhile is gone: oso's NotFoundError, a 404.
   */
  async recordPush(repository: Repository, by: User): Promise<Repository> {
    await this.repositories
      .createQueryBuilder()
      .update(Repository)
      .set({
        pushCount: () => '"pushCount" + 1',
        lastPushedAt: new Date(),
        lastPushedBy: by.name,
      })
      .where('id = :id', { id: repository.id })
      .execute();
    const pushed = await this.repositories.findOneBy({ id: repository.id });
    if (!pushed) throw new NotFoundError();
    return pushed;
  }

  /**
   * Deletes the repository and, through the foreign key's ON DELETE CASCADE,
   * every role on it: one statement, so one transaction, all or nothing. (On
   * sqlite's single connection, explicit transactions from concurrent
   * requests would interleave.) A repository already gone is oso's
   * NotFoundError, a 404, so of concurrent deletes exactly one succeeds.
   */
  async remove(repository: Repository): Promise<void> {
    const { affected } = await this.repositories.delete({ id: repository.id });
    if (!affected) throw new NotFoundError();
  }
}
