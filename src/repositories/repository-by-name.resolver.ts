import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { ResourceResolver } from '../authorization';
import { entityPlaceholder } from '../database/entity-placeholder';
import { RepositoriesService } from './repositories.service';
import { Repository } from './repository.entity';

/** The repository a `/repo/:name` route names. */
@Injectable()
export class RepositoryByNameResolver implements ResourceResolver<Repository> {
  constructor(
    private readonly repositories: RepositoriesService,
    private readonly dataSource: DataSource,
  ) {}

  resolve(request: Request): Promise<Repository | null> {
    return this.repositories.findByName(nameOf(request));
  }

  placeholder(request: Request): Repository {
    return entityPlaceholder(this.dataSource, Repository, {
      name: nameOf(request),
    });
  }

  notFoundMessage(request: Request): string {
    return `Repo named ${nameOf(request)} was not found`;
  }
}

function nameOf(request: Request): string {
  return String(request.params.name);
}
