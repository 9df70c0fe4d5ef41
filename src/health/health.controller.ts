import {
  Controller,
  Get,
  Header,
  Inject,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Public } from '../authorization';
import { appConfig } from '../config/app.config';
import { databaseTarget } from '../database/database-url';
import { withinTime } from '../database/within-time';

/** The path load balancers ask; no caller needed. */
export const HEALTH_PATH = 'health';

/** What a healthy instance answers. */
export interface Health {
  status: 'ok';
  database: 'up';
}

/**
 * `GET /health`, for load balancers and orchestrators: 200 when this
 * instance reaches its database, 503 when it does not, so traffic goes to
 * the instances that can serve it. Public, outside the API description.
 */
@ApiExcludeController()
@Public()
@Controller(HEALTH_PATH)
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(appConfig.KEY)
    private readonly config: ConfigType<typeof appConfig>,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async check(): Promise<Health> {
    if (!(await this.reachesDatabase())) {
      throw new ServiceUnavailableException('The database is unavailable');
    }
    return { status: 'ok', database: 'up' };
  }

  /**
   * Whether `SELECT 1` answers within the connect timeout. On PostgreSQL it
   * asks on a connection of its own, not the pool's: a pool busy with slow
   * requests is no outage, and every instance failing its check at once
   * would take the whole fleet out of the load balancer.
   */
  private async reachesDatabase(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    const target = databaseTarget(this.config.databaseUrl);
    const { connectTimeoutMs } = this.config.database;
    return withinTime(
      target.type === 'postgres'
        ? selectOneOnOwnConnection(target.url, connectTimeoutMs)
        : this.dataSource.query('SELECT 1'),
      connectTimeoutMs,
      'the health check',
    ).then(
      () => true,
      () => false,
    );
  }
}

/** `SELECT 1` on a new connection to `url`, closed after. */
async function selectOneOnOwnConnection(url: string, timeoutMs: number) {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    application_name: 'oso-nestjs-quickstart:health',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}
