import { Global, Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '../config/app.config';
import { ChangeFeed } from './change-feed';
import { DataChanges } from './data-changes';
import { DatabaseReconnector } from './database-reconnector';
import { databaseOptions } from './database-options';
import { LookupCache } from './lookup-cache';
import { SchemaMigrator } from './schema-migrator';
import { SeedService } from './seed.service';

/**
 * The database DATABASE_URL names, brought to the current schema at startup
 * by every migration in migrations/ (never `synchronize`, which may drop
 * data) unless DB_MIGRATE=false, seeded when empty, and reopened when its
 * connection was lost.
 * Global: every feature may keep its lookups in the {@link LookupCache}.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => ({
        ...databaseOptions(config.databaseUrl, config.database),
        autoLoadEntities: true,
      }),
    }),
  ],
  providers: [
    SchemaMigrator,
    ChangeFeed,
    SeedService,
    DatabaseReconnector,
    DataChanges,
    LookupCache,
  ],
  exports: [DataChanges, LookupCache],
})
export class DatabaseModule {}
