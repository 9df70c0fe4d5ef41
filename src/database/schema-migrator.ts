import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { appConfig } from '../config/app.config';
import { refusePendingMigrations, runPendingMigrations } from './migrate';

/**
 * Runs the pending migrations as the app starts, before it seeds or serves;
 * with DB_MIGRATE=false, refuses to start while any is pending instead.
 */
@Injectable()
export class SchemaMigrator implements OnModuleInit {
  private readonly logger = new Logger(SchemaMigrator.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(appConfig.KEY)
    private readonly config: ConfigType<typeof appConfig>,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.database.migrate) {
      await refusePendingMigrations(this.dataSource);
      return;
    }
    const ran = await runPendingMigrations(this.dataSource);
    if (ran.length) {
      this.logger.log(
        `Ran ${ran.length} migration(s): ${ran.map((m) => m.name).join(', ')}`,
      );
    }
  }
}
