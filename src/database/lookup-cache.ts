import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DecisionCache } from '../authorization';
import { appConfig } from '../config/app.config';
import { DataChanges } from './data-changes';

/**
 * Rows the authorization path looks up on every request (the caller by
 * name, the resource a route names), kept like the policy's answers: for a
 * short while, bounded, and forgotten on every write to the database. With
 * the cache on, a repeated request reads nothing from the database. Off
 * when AUTHZ_CACHE=off: every lookup is a query.
 *
 * Hand out what it returns as read-only: the same object serves every
 * request that asks until the next write.
 */
@Injectable()
export class LookupCache {
  private readonly cache: DecisionCache<unknown> | undefined;

  constructor(
    @Inject(appConfig.KEY) config: ConfigType<typeof appConfig>,
    changes: DataChanges,
  ) {
    if (!config.authzCache) return;
    const cache = new DecisionCache<unknown>(config.authzCache);
    this.cache = cache;
    changes.onChange(() => cache.clear());
    changes.onPause(() => cache.pause());
    changes.onResume(() => cache.resume());
  }

  /**
   * `load()`'s row, kept under `key` while the data stays as it is; null
   * (nothing found) is kept too unless `keepMissing` is false, for lookups
   * by names anyone may send, where keeping them would only crowd out rows.
   */
  async get<T>(
    key: string,
    load: () => Promise<T | null>,
    { keepMissing = true }: { keepMissing?: boolean } = {},
  ): Promise<T | null> {
    if (!this.cache) return load();
    const row = (await this.cache.get(key, load)) as T | null;
    if (row === null && !keepMissing) this.cache.delete(key);
    return row;
  }
}
