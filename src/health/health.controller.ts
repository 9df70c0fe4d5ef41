import {
  Controller,
  Get,
  Header,
  Inject,
  ServiceUnavailableException,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ApiExcludeController } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '../authorization';
import { appConfig } from '../config/app.config';

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

  /** Whether `SELECT 1` answers within the connect timeout. */
  private async reachesDatabase(): Promise<boolean> {
    if (!this.dataSource.isInitialized) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(
        () => resolve(false),
        this.config.database.connectTimeoutMs,
      );
    });
    try {
      return await Promise.race([
        this.dataSource.query('SELECT 1').then(
          () => true,
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}
