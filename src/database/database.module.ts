import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '../config/app.config';
import { DatabaseReconnector } from './database-reconnector';
import { sqlitePathFromUrl } from './database-url';
import { InitialSchema1764288000000 } from './migrations/1764288000000-initial-schema';
import { RepositoryPushes1764374400000 } from './migrations/1764374400000-repository-pushes';
import { SeedService } from './seed.service';

/**
 * The database DATABASE_URL names, brought to the current schema by
 * migrations at startup (never `synchronize`, which may drop data), seeded
 * when empty, and reopened when its connection was lost.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => ({
        type: 'sqlite',
        database: sqlitePathFromUrl(config.databaseUrl),
        // Wait for another connection's lock (a CLI, a second instance)
        // rather than failing the request at once.
        busyTimeout: 5000,
        autoLoadEntities: true,
        migrations: [InitialSchema1764288000000, RepositoryPushes1764374400000],
        migrationsRun: true,
      }),
    }),
  ],
  providers: [SeedService, DatabaseReconnector],
})
export class DatabaseModule {}
