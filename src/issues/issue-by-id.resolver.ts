import { Injectable, Optional } from '@nestjs/common';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import type { ResourceResolver } from '../authorization';
import { entityPlaceholder } from '../database/entity-placeholder';
import { LookupCache } from '../database/lookup-cache';
import { isStorableInteger } from '../database/storable';
import { Issue } from './issue.entity';
import { IssuesService } from './issues.service';

/** The issue a `/repo/:name/issues/:id` route names. */
@Injectable()
export class IssueByIdResolver implements ResourceResolver<Issue> {
  constructor(
    private readonly issues: IssuesService,
    private readonly dataSource: DataSource,
    @Optional() private readonly lookups?: LookupCache,
  ) {}

  // Guards run before pipes: the id is parsed here. Not an id, no such issue.
  // Looked up once until the next write, for each caller apart, as the
  // repository is: an issue asked again costs the same, found or not.
  async resolve(request: Request): Promise<Issue | null> {
    const id = idOf(request);
    if (id === null) return null;
    const name = String(request.params.name);
    const load = () => this.issues.findInRepository(name, id);
    return this.lookups
      ? this.lookups.get(`Issue ${id} of ${name} for ${request.user?.id}`, load)
      : load();
  }

  // Asked about when there is no such issue; its repository (a Relation
  // field) resolves to a placeholder too, so no role matches.
  placeholder(): Issue {
    return entityPlaceholder(this.dataSource, Issue);
  }

  notFoundMessage(request: Request): string {
    return `Issue ${String(request.params.id)} of repo ${String(request.params.name)} was not found`;
  }
}

/** A positive integer id in plain decimal digits that an id column can hold, else null. */
function idOf(request: Request): number | null {
  const text = String(request.params.id);
  const id = Number(text);
  return /^[1-9]\d*$/.test(text) && isStorableInteger(id) ? id : null;
}
