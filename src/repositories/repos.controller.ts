import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { SelectQueryBuilder } from 'typeorm';
import { AuthorizedQuery, AuthorizeQuery } from '../authorization';
import { PageQueryDto } from './dto/page-query.dto';
import { RepositoryPageDto } from './dto/repository-page.dto';
import { RepositorySummaryDto } from './dto/repository-summary.dto';
import { RepositoriesService } from './repositories.service';
import { Repository } from './repository.entity';

@ApiTags('repositories')
@Controller('repos')
export class ReposController {
  constructor(private readonly repositories: RepositoriesService) {}

  /** The repositories the caller may read, filtered by the policy in SQL. */
  @Get()
  @ApiOperation({
    operationId: 'listRepositories',
    summary: 'The repositories the caller may read, a page at a time',
  })
  @AuthorizeQuery('read', Repository)
  @ApiOkResponse({
    type: RepositoryPageDto,
    description: 'A page of the repositories the caller may read, by name',
  })
  @ApiBadRequestResponse({
    description: '`limit` or `offset` out of range, or another query parameter',
  })
  async list(
    @AuthorizedQuery() query: SelectQueryBuilder<Repository>,
    @Query() page: PageQueryDto,
  ): Promise<RepositoryPageDto> {
    const { items, total } = await this.repositories.page(query, page);
    return {
      items: items.map((repository) => RepositorySummaryDto.from(repository)),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }
}
