import {
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';

/** How often a closed connection is retried. */
export const RECONNECT_INTERVAL_MS = 1000;

/**
 * Brings the app back when its database connection was closed under it:
 * while closed, requests answer 503; every second this tries to reopen, so
 * the app recovers without a restart once the database is back. A sqlite
 * file that has gone missing is waited for, never silently recreated empty.
 */
@Injectable()
export class DatabaseReconnector
  implements OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(DatabaseReconnector.name);
  private timer: NodeJS.Timeout | undefined;
  private reconnecting = false;
  private failing = false;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.reconnect(),
      RECONNECT_INTERVAL_MS,
    );
    this.timer.unref();
  }

  /** Stops before TypeORM closes the connection at shutdown, so it stays closed. */
  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Reopens the connection if it is closed; one attempt at a time. */
  private async reconnect(): Promise<void> {
    if (this.dataSource.isInitialized || !this.timer || this.reconnecting) {
      return;
    }
    this.reconnecting = true;
    try {
      await this.reopen();
    } finally {
      this.reconnecting = false;
    }
  }

  private async reopen(): Promise<void> {
    try {
      const { type, database } = this.dataSource.options;
      if (
        type === 'sqlite' &&
        database !== ':memory:' &&
        !existsSync(database)
      ) {
        throw new Error(`the database file ${database} is missing`);
      }
      await this.dataSource.initialize();
      this.failing = false;
      this.logger.log('Reconnected to the database');
    } catch (error) {
      if (!this.failing) {
        this.logger.warn(
          `Cannot reconnect to the database yet: ${String(error)}`,
        );
      }
      this.failing = true;
    }
  }
}
