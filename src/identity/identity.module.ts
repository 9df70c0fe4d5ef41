import {
  Inject,
  Logger,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../config/app.config';
import { UsersModule } from '../users/users.module';
import { HEALTH_PATH } from '../health/health.controller';
import { IdentityMiddleware } from './identity.middleware';

/** Sets `request.user` on every request; swap this module for real authentication. */
@Module({
  imports: [UsersModule],
})
export class IdentityModule implements NestModule, OnApplicationBootstrap {
  constructor(
    @Inject(appConfig.KEY)
    private readonly config: ConfigType<typeof appConfig>,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    // Load balancers ask /health with no caller, and it must not need one.
    consumer
      .apply(IdentityMiddleware)
      .exclude(HEALTH_PATH)
      .forRoutes('{*path}');
  }

  /** A default caller is for trying the quickstart; say so where it is on. */
  onApplicationBootstrap(): void {
    const { defaultUser } = this.config;
    if (defaultUser === undefined) return;
    new Logger('Identity').warn(
      `Requests without an X-User header act as ${defaultUser} (DEFAULT_USER). ` +
        'For anything but trying the quickstart, run with NODE_ENV=production (npm run start:prod) to refuse them.',
    );
  }
}
