import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { OsoModule } from './authorization';
import { appConfig } from './config/app.config';
import { DatabaseModule } from './database/database.module';
import { InvalidateOnWrite } from './database/invalidate-on-write';
import { osoTypeOrmAdapter } from './database/oso-typeorm-adapter';
import { UnlistedKeysPipe } from './http/unlisted-keys.pipe';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { RequestBodyGuard } from './http/request-body.guard';
import { USER_CHALLENGE } from './identity/identity.middleware';
import { HealthModule } from './health/health.module';
import { IdentityModule } from './identity/identity.module';
import { IssuesModule } from './issues/issues.module';
import { POLICY_CLASSES } from './policy-classes';
import { PolicyExplorerModule } from './policy-explorer/policy-explorer.module';
import { RepositoriesModule } from './repositories/repositories.module';
import { RolesModule } from './roles/roles.module';

/** Whether the app under `env` serves the policy explorer: not in production. */
export function hasPolicyExplorer(env: NodeJS.ProcessEnv): boolean {
  return env.NODE_ENV !== 'production';
}

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [appConfig] }),
    DatabaseModule,
    OsoModule.forRootAsync({
      isGlobal: true,
      inject: [appConfig.KEY, DataSource],
      useFactory: (
        config: ConfigType<typeof appConfig>,
        dataSource: DataSource,
      ) => ({
        policyDir: config.policyDir,
        classes: POLICY_CLASSES,
        dataFilteringAdapter: osoTypeOrmAdapter(dataSource),
        wwwAuthenticate: USER_CHALLENGE,
        cache: config.authzCache,
        watchPolicy: config.policyWatch,
        logDecisions: ['debug', 'verbose'].includes(config.logLevel),
      }),
    }),
    IdentityModule,
    HealthModule,
    RepositoriesModule,
    RolesModule,
    IssuesModule,
  ],
  providers: [
    InvalidateOnWrite,
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_GUARD, useClass: RequestBodyGuard },
    // Pipes run in this order: inherited names first, then the DTOs.
    { provide: APP_PIPE, useClass: UnlistedKeysPipe },
    {
      provide: APP_PIPE,
      // Unknown body fields and query parameters are refused, not ignored.
      useValue: new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
      }),
    },
  ],
})
export class AppModule {
  /**
   * The app as `env` asks for it: with the policy explorer (`/authz/matrix`,
   * `/authz/why`) unless NODE_ENV is production, where those routes do not
   * exist at all, for any caller.
   */
  static forEnvironment(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return hasPolicyExplorer(env)
      ? AppModule.withPolicyExplorer()
      : { module: AppModule };
  }

  static withPolicyExplorer(): DynamicModule {
    return { module: AppModule, imports: [PolicyExplorerModule] };
  }
}
