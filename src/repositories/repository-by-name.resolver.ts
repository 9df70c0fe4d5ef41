import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { ResourceResolver } from '../authorization';
import { RepositoriesService } from './repositories.service';
import { Repository } from './repository.entity';

/** The repository a `/repo/:name` route names. */
@Injectable()
export class RepositoryByNameResolver implements ResourceResolver<Repository> {
  constructor(private readonly repositories: RepositoriesService) {}

  resolve(request: Request): Promise<Repository | null> {
    return this.repositories.findByName(nameOf(request));
  }

  /** Named as asked, private, and with no id: no role and no rule matches it. */
  placeholder(request: Request): Repository {
    return Object.assign(new Repository(), {
      name: nameOf(request),
      isPublic: false,
      pushCount: 0,
      lastPushedAt: null,
      lastPushedBy: null,
    });
  }

  notFoundMessage(request: Request): string {
    return `Repo named ${nameOf(request)} was not found`;
  }
}

function nameOf(request: Request): string {
  return String(request.params.name);
}
