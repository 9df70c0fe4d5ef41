import { ConfigModule } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { parseAppConfig } from '../config/app.config';
import { databaseOptions, ENTITIES } from './database-options';

/**
 * The TypeORM CLI's data source (`npm run migration:*`): the app's database,
 * options and migrations, and every entity file.
 */
async function cliDataSource(): Promise<DataSource> {
  // The app's ConfigModule reads .env into process.env, the environment
  // winning; this does the very same, for the same DATABASE_URL.
  await ConfigModule.forRoot();
  const { databaseUrl } = parseAppConfig(process.env);
  return new DataSource({
    ...databaseOptions(databaseUrl),
    entities: [ENTITIES],
  });
}

export default cliDataSource();
