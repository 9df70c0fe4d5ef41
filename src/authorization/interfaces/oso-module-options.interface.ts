import type { ExecutionContext, Type } from '@nestjs/common';
import type { Adapter, Relation } from 'oso';
import type { DecisionCacheOptions } from '../services/decision-cache';

/** A class the policy names, e.g. `actor User {}` or `resource Repository {}`. */
export interface PolicyClass {
  type: Type<object>;
  /** The name the policy uses; defaults to the class name. */
  name?: string;
  /**
   * The property that identifies an instance (default `id`). Polar compares
   * two instances of this class by it, because entities loaded by separate
   * queries are never deep-equal.
   */
  primaryKey?: string;
  /**
   * Attributes the policy reaches through other rows: `new Relation('one',
   * 'Repository', 'repositoryId', 'id')` for `issue.repository`. Single
   * checks fetch them through the data-filtering adapter, and filtered lists
   * join them, so the policy alone decides both. A relation the policy reads
   * that is neither listed here nor loaded on the instance is an error, not a
   * denial.
   */
  fields?: Record<string, Relation | Type<unknown>>;
}

export interface OsoModuleOptions {
  /** Folder whose `.polar` files, read at startup, make up the policy. */
  policyDir: string;
  /** Classes the policy refers to; a bare class means `{ type: Class }`. */
  classes: Array<Type<object> | PolicyClass>;
  /**
   * How the guard finds the caller. Defaults to `request.user`, which is
   * where Passport and most authentication guards put it.
   */
  getUser?: (context: ExecutionContext) => unknown;
  /**
   * The `WWW-Authenticate` challenge sent with a 401 when there is no caller
   * (RFC 9110 requires one), naming how to authenticate. Defaults to
   * `Bearer`, the scheme of token authentication such as Passport's JWT.
   */
  wwwAuthenticate?: string;
  /**
   * Turns the policy's constraints into database queries, for
   * `@AuthorizeQuery(...)` and `OsoService.authorizedQuery`. Without one,
   * lists cannot be authorized.
   */
  dataFilteringAdapter?: Adapter<any, object>;
  /**
   * Keeps the policy's answers (checks, actions and list filters) for a
   * short while, keyed by caller, action and resource. Off unless given: the
   * app must then call `OsoService.invalidate()` after every write the
   * policy may read (the TTL bounds how stale an answer the app was not told
   * about may be).
   */
  cache?: DecisionCacheOptions;
  /**
   * Reloads the policy when a `.polar` file in `policyDir` changes, without
   * a restart; a broken edit keeps the last good policy. For development:
   * leave it off in production.
   */
  watchPolicy?: boolean;
  /**
   * Logs each decision at debug level as one JSON line: the question, the
   * actor and resource as `Class:key`, the answer, and how long it took in
   * microseconds.
   */
  logDecisions?: boolean;
}
