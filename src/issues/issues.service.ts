import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { NotFoundError } from 'oso';
import { Repository as TypeOrmRepository, SelectQueryBuilder } from 'typeorm';
import { isForeignKeyViolation } from '../database/foreign-key-violation';
import { isStorableText } from '../database/storable';
import type { PageQueryDto } from '../repositories/dto/page-query.dto';
import type { Repository } from '../repositories/repository.entity';
import type { User } from '../users/user.entity';
import { Issue } from './issue.entity';

/** What the issue routes show of an issue: its repository and creator. */
const SHOWN = { repository: true, creator: true } as const;

@Injectable()
export class IssuesService {
  constructor(
    @InjectRepository(Issue) private readonly issues: TypeOrmRepository<Issue>,
  ) {}

  /**
   * Issue `id` if it belongs to the repository named `repositoryName`, its
   * columns only: one statement and one small row whether or not the caller
   * may see it, so the time a 404 takes does not tell. What the routes show
   * is loaded once the policy allowed it ({@link shown}). A repository name
   * no database can hold names no repository: no issue, and no statement.
   */
  findInRepository(repositoryName: string, id: number): Promise<Issue | null> {
    if (!isStorableText(repositoryName)) return Promise.resolve(null);
    return this.issues
      .createQueryBuilder('issue')
      .innerJoin('issue.repository', 'repository')
      .where('issue.id = :id AND repository.name = :repositoryName', {
        id,
        repositoryName,
      })
      .getOne();
  }

  /**
   * One page of `repository`'s issues out of an authorized query: the
   * policy's filter is in `query`; this narrows it to the repository, counts,
   * orders and cuts it, all in the database. The filter yields each issue
   * once, so COUNT(*) counts it and a plain LIMIT pages it.
   */
  async page(
    query: SelectQueryBuilder<Issue>,
    repository: Repository,
    { limit, offset }: PageQueryDto,
  ): Promise<{ items: Issue[]; total: number }> {
    const issue = query.alias;
    const filtered = query.andWhere(`${issue}.repositoryId = :repositoryId`, {
      repositoryId: repository.id,
    });
    const counted = await filtered
      .clone()
      .select('COUNT(*)', 'total')
      .getRawOne<{ total: number }>();
    const items = await filtered
      .leftJoinAndSelect(`${issue}.repository`, 'shownRepository')
      .leftJoinAndSelect(`${issue}.creator`, 'shownCreator')
      .orderBy(`${issue}.id`, 'ASC')
      .limit(limit)
      .offset(offset)
      .getMany();
    return { items, total: Number(counted?.total ?? 0) };
  }

  /**
   * Opens an issue by `creator`. A repository deleted meanwhile refuses the
   * row (its foreign key): oso's NotFoundError, the route's 404.
   */
  async create(
    repository: Repository,
    creator: User,
    title: string,
  ): Promise<Issue> {
    let id: number;
    try {
      ({ id } = await this.issues.save(
        this.issues.create({
          title,
          repositoryId: repository.id,
          creatorId: creator.id,
        }),
      ));
    } catch (error) {
      if (isForeignKeyViolation(error)) throw new NotFoundError();
      throw error;
    }
    return this.shown(id);
  }

  /** Closes it in one statement; closing a closed issue changes nothing. */
  async close(issue: Issue): Promise<Issue> {
    const { affected } = await this.issues.update(
      { id: issue.id },
      { closed: true },
    );
    if (!affected) throw new NotFoundError();
    return this.shown(issue.id);
  }

  /**
   * The issue as it is now, with what the routes show of it; gone (deleted
   * with its repository) is a 404.
   */
  async shown(id: number): Promise<Issue> {
    const issue = await this.issues.findOne({
      where: { id },
      relations: SHOWN,
    });
    if (!issue) throw new NotFoundError();
    return issue;
  }
}
