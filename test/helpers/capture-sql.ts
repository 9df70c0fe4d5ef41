import type { INestApplication } from '@nestjs/common';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';

/** Records every SQL statement the app's DataSource runs from now on. */
export function captureSql(app: INestApplication): string[] {
  const statements: string[] = [];
  const logger: TypeOrmLogger = {
    logQuery: (query) => void statements.push(query),
    logQueryError: () => undefined,
    logQuerySlow: () => undefined,
    logSchemaBuild: () => undefined,
    logMigration: () => undefined,
    log: () => undefined,
  };
  Object.assign(app.get(DataSource), { logger });
  return statements;
}
