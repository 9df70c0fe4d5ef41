import {
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Post,
} from '@nestjs/common';
import {
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Authorize, AuthorizedResource, OsoService } from '../authorization';
import { PrefersHtml } from '../http/prefers-html.decorator';
import { CurrentUser } from '../identity/current-user.decorator';
import { User } from '../users/user.entity';
import { ActionsDto } from './dto/actions.dto';
import { RepositoryDto } from './dto/repository.dto';
import { RepositoriesService } from './repositories.service';
import { repoPage } from './repo.page';
import { Repository } from './repository.entity';
import { RepositoryByNameResolver } from './repository-by-name.resolver';

@ApiTags('repositories')
@ApiParam({
  name: 'name',
  schema: { type: 'string', minLength: 1 },
  description: 'The repository name',
})
@Controller('repo/:name')
export class RepoController {
  constructor(
    private readonly repositories: RepositoriesService,
    private readonly oso: OsoService,
  ) {}

  /** The seed's `repo_show`: HTML for browsers, JSON for `Accept: application/json`. */
  @Get()
  @ApiOperation({
    operationId: 'getRepository',
    summary: 'A repository, as HTML for browsers or JSON',
    description:
      'JSON for `Accept: application/json`; the HTML page of the quickstart for browsers, `*/*` and a request without `Accept`.',
  })
  @Authorize('read', RepositoryByNameResolver)
  @ApiProduces('text/html', 'application/json')
  @ApiOkResponse({
    type: RepositoryDto,
    description: "The repository: JSON, or the quickstart's HTML page",
  })
  show(
    @AuthorizedResource() repository: Repository,
    @PrefersHtml() html: boolean,
  ): RepositoryDto | string {
    const shown = RepositoryDto.from(repository);
    return html ? repoPage(shown) : shown;
  }

  @Post('push')
  @ApiOperation({
    operationId: 'pushRepository',
    summary: 'Record a push to a repository',
  })
  @HttpCode(HttpStatus.OK)
  @Authorize('push', RepositoryByNameResolver)
  @ApiOkResponse({ type: RepositoryDto, description: 'The pushed repository' })
  async push(
    @AuthorizedResource() repository: Repository,
    @CurrentUser() user: User,
  ): Promise<RepositoryDto> {
    return RepositoryDto.from(
      await this.repositories.recordPush(repository, user),
    );
  }

  @Delete()
  @ApiOperation({
    operationId: 'deleteRepository',
    summary: 'Delete a repository and every role on it',
  })
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authorize('delete', RepositoryByNameResolver)
  @ApiNoContentResponse({ description: 'Deleted, with all roles on it' })
  async remove(@AuthorizedResource() repository: Repository): Promise<void> {
    await this.repositories.remove(repository);
  }

  @Get('actions')
  @ApiOperation({
    operationId: 'listRepositoryActions',
    summary: 'What the caller may do to a repository',
  })
  @Authorize('read', RepositoryByNameResolver)
  @ApiOkResponse({
    type: ActionsDto,
    description: 'What the caller may do to the repository, sorted',
  })
  async actions(
    @AuthorizedResource() repository: Repository,
    @CurrentUser() user: User,
  ): Promise<ActionsDto> {
    return { actions: await this.oso.authorizedActions(user, repository) };
  }
}
