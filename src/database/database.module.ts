import { Module } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { appConfig } from '../config/app.config';
import { sqlitePathFromUrl } from './database-url';
import { InitialSchema1764288000000 } from './migrations/1764288000000-initial-schema';
import { RepositoryPushes1764374400000 } from './migrations/1764374400000-repository-pushes';
import { SeedService } from './seed.service';

/**
 * The database DATABASE_URL names, brought to the current schema by
 * migrations at startup (never `synchronize`, which may drop data) and
 * seeded when empty.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => ({
        type: 'sqlite',
        database: sqlitePathFromUrl(config.databaseUrl),
        autoLoadEntities: true,
        migrations: [InitialSchema1764288000000, RepositoryPushes1764374400000],
        migrationsRun: true,
      }),
    }),
  ],
  providers: [SeedService],
})
export class DatabaseModule {}
