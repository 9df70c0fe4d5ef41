import { Controller, Get } from '@nestjs/common';
import { Authorize, AuthorizedResource } from '../authorization';
import { HtmlView } from '../http/html-view.decorator';
import { RepositoryDto } from './dto/repository.dto';
import { repoPage } from './repo.page';
import { Repository } from './repository.entity';
import { RepositoryByNameResolver } from './repository-by-name.resolver';

@Controller('repo')
export class RepoController {
  /** The seed's `repo_show`: HTML for browsers, JSON for `Accept: application/json`. */
  @Get(':name')
  @Authorize('read', RepositoryByNameResolver)
  @HtmlView(repoPage)
  show(@AuthorizedResource() repository: Repository): RepositoryDto {
    return RepositoryDto.from(repository);
  }
}
