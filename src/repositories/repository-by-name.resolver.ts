import { Injectable, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { ResourceResolver } from '../authorization';
import { entityPlaceholder } from '../database/entity-placeholder';
import { LookupCache } from '../database/lookup-cache';
import { RepositoriesService } from './repositories.service';
import { Repository } from './repository.entity';

/** The repository a `/repo/:name` route names. */
@Injectable()
export class RepositoryByNameResolver implements ResourceResolver<Repository> {
  constructor(
    private readonly repositories: RepositoriesService,
    private readonly dataSource: DataSource,
    @Optional() private readonly lookups?: LookupCache,
  ) {}

  /**
   * Looked up once until the next write, as every `/repo/:name` route asks;
   * kept for each caller apart, so that nobody's lookups are warmed by
   * another's: a name asked again costs the same, found or not.
   */
  resolve(request: Request): Promise<Repository | null> {
    const name = nameOf(request);
    const load = () => this.repositories.findByName(name);
    return this.lookups
      ? this.lookups.get(`Repository ${name} for ${request.user?.id}`, load)
      : load();
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
