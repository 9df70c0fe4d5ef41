import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { appConfig } from '../config/app.config';
import { DataChanges } from './data-changes';
import { databaseTarget } from './database-url';
import { withinTime } from './within-time';

/** The PostgreSQL channel instances of the app tell each other of writes on. */
export const CHANGES_CHANNEL = 'quickstart_data_changes';

/** The application_name of the listening connection, to tell it from the pool's. */
export const FEED_APPLICATION_NAME = 'oso-nestjs-quickstart:change-feed';

/** How often the listening connection is checked, or reopened while it is lost. */
export const FEED_CHECK_MS = 1000;

/**
 * Keeps the caches of instances that share one PostgreSQL database true to
 * it: after each write through this instance (the COMMIT included) it sends
 * a NOTIFY, and on another instance's it tells {@link DataChanges}, whose
 * caches then forget the data. The listening connection is its own, checked
 * every second: while it is lost, news of writes may be missed, so the
 * caches keep nothing until it is back. On sqlite there is one instance and
 * no feed.
 */
@Injectable()
export class ChangeFeed implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChangeFeed.name);
  /** Tells this instance's own notifications from the others'. */
  private readonly instance = randomUUID();
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private connecting = false;
  private stopped = false;
  private sending: 'idle' | 'scheduled' | 'again' = 'idle';
  private lost = false;
  private lostAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: DataChanges,
    @Inject(appConfig.KEY)
    private readonly config: ConfigType<typeof appConfig>,
  ) {}

  /** Whether the feed runs: only on PostgreSQL. */
  get enabled(): boolean {
    return this.dataSource.options.type === 'postgres';
  }

  /** Whether this instance hears of other instances' writes now. */
  get listening(): boolean {
    return this.client !== undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    this.changes.onLocalWrite(() => this.announce());
    // Until the feed listens, nothing is kept: news may be missed.
    this.changes.pause();
    await this.check();
    this.timer = setInterval(() => void this.check(), FEED_CHECK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Reopens a lost connection, or checks the open one answers. */
  private async check(): Promise<void> {
    if (this.connecting || this.stopped) return;
    this.connecting = true;
    try {
      if (this.client) await this.ping(this.client);
      // A connection just lost is not retried at once: the outage lasts a
      // check at least, rather than hammering a server that dropped it.
      else if (Date.now() - this.lostAt >= FEED_CHECK_MS) await this.listen();
    } finally {
      this.connecting = false;
    }
  }

  private async listen(): Promise<void> {
    const target = databaseTarget(this.config.databaseUrl);
    if (target.type !== 'postgres') return;
    const client = new Client({
      connectionString: target.url,
      application_name: FEED_APPLICATION_NAME,
      connectionTimeoutMillis: this.config.database.connectTimeoutMs,
      keepAlive: true,
    });
    client.on('notification', ({ payload }) => {
      if (payload !== this.instance) this.changes.changedElsewhere();
    });
    client.on('error', (error) => this.lose(client, error));
    client.on('end', () => this.lose(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      this.lose(client, error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    // Writes made while it was down went unheard: forget everything.
    this.changes.resume();
    if (this.lost) this.logger.log('Listening to other instances again');
    this.lost = false;
  }

  /** Checks the connection answers within the connect timeout. */
  private async ping(client: Client): Promise<void> {
    try {
      await withinTime(
        client.query('SELECT 1'),
        this.config.database.connectTimeoutMs,
        'a ping',
      );
    } catch (error) {
      this.lose(client, error);
    }
  }

  /** Stops trusting caches while `client`, the listening one, is gone. */
  private lose(client: Client, error: unknown): void {
    client.removeAllListeners('end');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.client !== undefined && this.client !== client) return;
    this.lostAt = Date.now();
    const wasListening = this.client !== undefined;
    this.client = undefined;
    if (!wasListening && this.lost) return;
    this.changes.pause();
    this.lost = true;
    this.logger.warn(
      `Not listening to other instances (${String(error)}): caching nothing until the connection is back`,
    );
  }

  /**
   * Tells the other instances of a write, once the statements running now
   * have run: a transaction's COMMIT sends its own notification after them.
   */
  private announce(): void {
    if (this.sending !== 'idle') {
      this.sending = 'again';
      return;
    }
    this.sending = 'scheduled';
    setImmediate(() => void this.send());
  }

  private async send(): Promise<void> {
    try {
      // Through the pool, not the listening connection: the news goes out
      // even while this instance does not hear the others.
      await this.dataSource.query('SELECT pg_notify($1, $2)', [
        CHANGES_CHANNEL,
        this.instance,
      ]);
    } catch (error) {
      this.logger.warn(
        `Could not tell other instances of a write: ${String(error)}`,
      );
    } finally {
      const again = this.sending === 'again';
      this.sending = 'idle';
      if (again) this.announce();
    }
  }
}
