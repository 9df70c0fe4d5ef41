import { Injectable, OnModuleDestroy } from '@nestjs/common';
import {
  DataSource,
  type EntitySubscriberInterface,
  EventSubscriber,
} from 'typeorm';
import type { AfterQueryEvent } from 'typeorm/subscriber/event/QueryEvent';

/** Statements that change nothing; anything else counts as a write. */
const READ = /^\s*(SELECT|PRAGMA|EXPLAIN)\b/i;

const listeners = new WeakMap<DataSource, Set<() => void>>();

/**
 * Tells {@link DataChanges} of every statement but a read, run through any
 * of the app's connections: entity saves, query builders and raw SQL alike,
 * and the COMMIT that makes them visible. Rows removed by ON DELETE CASCADE
 * come with the statement that removed their parent. Listed in the
 * DataSource's `subscribers`, so it survives a reconnection.
 */
@EventSubscriber()
export class DataChangesSubscriber implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent<unknown>): void {
    if (READ.test(event.query)) return;
    for (const listener of listeners.get(event.connection) ?? []) listener();
  }
}

/**
 * What caches of the database's contents listen to: `onChange` runs after
 * every write to the app's DataSource, once the statement has run. A write
 * by another process is not seen: caches bound their staleness with a TTL.
 */
@Injectable()
export class DataChanges implements OnModuleDestroy {
  private readonly mine = new Set<() => void>();

  constructor(private readonly dataSource: DataSource) {}

  onChange(listener: () => void): void {
    let set = listeners.get(this.dataSource);
    if (!set) listeners.set(this.dataSource, (set = new Set()));
    set.add(listener);
    this.mine.add(listener);
  }

  onModuleDestroy(): void {
    for (const listener of this.mine) {
      listeners.get(this.dataSource)?.delete(listener);
    }
    this.mine.clear();
  }
}
