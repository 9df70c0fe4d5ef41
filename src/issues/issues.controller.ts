import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { SelectQueryBuilder } from 'typeorm';
import { Authorize, AuthorizedResource, OsoService } from '../authorization';
import { CurrentUser } from '../identity/current-user.decorator';
import { PageQueryDto } from '../repositories/dto/page-query.dto';
import { Repository } from '../repositories/repository.entity';
import { RepositoryByNameResolver } from '../repositories/repository-by-name.resolver';
import { User } from '../users/user.entity';
import { CreateIssueDto } from './dto/create-issue.dto';
import { IssuePageDto } from './dto/issue-page.dto';
import { IssueDto } from './dto/issue.dto';
import { IssueByIdResolver } from './issue-by-id.resolver';
import { Issue } from './issue.entity';
import { IssuesService } from './issues.service';

@ApiTags('issues')
@ApiParam({
  name: 'name',
  schema: { type: 'string', minLength: 1 },
  description: 'The repository name',
})
@Controller('repo/:name/issues')
export class IssuesController {
  constructor(
    private readonly issues: IssuesService,
    private readonly oso: OsoService,
  ) {}

  /**
   * The repository's issues the caller may read: the guard checks the
   * repository, the policy's filter for issues runs in SQL.
   */
  @Get()
  @ApiOperation({
    operationId: 'listIssues',
    summary: "A repository's issues the caller may read, a page at a time",
  })
  @Authorize('read', RepositoryByNameResolver)
  @ApiOkResponse({
    type: IssuePageDto,
    description: "A page of the repository's issues the caller may read",
  })
  @ApiBadRequestResponse({
    description: '`limit` or `offset` out of range, or another query parameter',
  })
  async list(
    @AuthorizedResource() repository: Repository,
    @CurrentUser() user: User,
    @Query() page: PageQueryDto,
  ): Promise<IssuePageDto> {
    const query = await this.oso.authorizedQuery<SelectQueryBuilder<Issue>>(
      user,
      'read',
      Issue,
    );
    const { items, total } = await this.issues.page(query, repository, page);
    return {
      items: items.map((issue) => IssueDto.from(issue)),
      total,
      limit: page.limit,
      offset: page.offset,
    };
  }

  @Post()
  @ApiOperation({
    operationId: 'createIssue',
    summary: 'Open an issue on a repository',
  })
  @Authorize('create_issue', RepositoryByNameResolver)
  @ApiCreatedResponse({ type: IssueDto, description: 'The issue, opened' })
  @ApiBadRequestResponse({
    description:
      'A body other than `{"title"}`, with a title of 1 to 200 characters',
  })
  async create(
    @AuthorizedResource() repository: Repository,
    @CurrentUser() user: User,
    @Body() body: CreateIssueDto,
  ): Promise<IssueDto> {
    return IssueDto.from(
      await this.issues.create(repository, user, body.title),
    );
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getIssue',
    summary: 'An issue of a repository',
  })
  @Authorize('read', IssueByIdResolver)
  @ApiParam({
    name: 'id',
    schema: {
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
    },
    description: 'The issue id',
  })
  @ApiOkResponse({ type: IssueDto, description: 'The issue' })
  async show(@AuthorizedResource() issue: Issue): Promise<IssueDto> {
    return IssueDto.from(await this.issues.shown(issue.id));
  }

  @Post(':id/close')
  @ApiOperation({ operationId: 'closeIssue', summary: 'Close an issue' })
  @HttpCode(HttpStatus.OK)
  @Authorize('close', IssueByIdResolver)
  @ApiParam({
    name: 'id',
    schema: {
      type: 'integer',
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
    },
    description: 'The issue id',
  })
  @ApiOkResponse({ type: IssueDto, description: 'The issue, closed' })
  async close(@AuthorizedResource() issue: Issue): Promise<IssueDto> {
    return IssueDto.from(await this.issues.close(issue));
  }
}
