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
 * What caches of the database's contents listen to. `onChange` runs after
 * every write to the app's DataSource, once the statement has run, and when
 * another instance says it wrote (see ChangeFeed). While such news may go
 * unheard, `onPause` tells caches to keep nothing, until `onResume`;
 * without a feed (sqlite, one instance), a write by another process is not
 * seen, and caches bound their staleness with a TTL.
 */
@Injectable()
export class DataChanges implements OnModuleDestroy {
  private readonly changed = new Set<() => void>();
  private readonly written = new Set<() => void>();
  private readonly paused = new Set<() => void>();
  private readonly resumed = new Set<() => void>();
  private readonly onLocal = () => {
    for (const listener of [...this.changed, ...this.written]) listener();
  };

  constructor(private readonly dataSource: DataSource) {
    let set = listeners.get(dataSource);
    if (!set) listeners.set(dataSource, (set = new Set()));
    set.add(this.onLocal);
  }

  /** After every write, this app's or another instance's. */
  onChange(listener: () => void): void {
    this.changed.add(listener);
  }

  /** After every write through this app's own DataSource. */
  onLocalWrite(listener: () => void): void {
    this.written.add(listener);
  }

  /** When writes elsewhere may go unheard: keep nothing. */
  onPause(listener: () => void): void {
    this.paused.add(listener);
  }

  /** When news of writes elsewhere comes again: keep again, from nothing. */
  onResume(listener: () => void): void {
    this.resumed.add(listener);
  }

  /** Another instance wrote. */
  changedElsewhere(): void {
    for (const listener of this.changed) listener();
  }

  pause(): void {
    for (const listener of this.paused) listener();
  }

  resume(): void {
    for (const listener of this.resumed) listener();
  }

  onModuleDestroy(): void {
    listeners.get(this.dataSource)?.delete(this.onLocal);
    for (const set of [this.changed, this.written, this.paused, this.resumed]) {
      set.clear();
    }
  }
}
