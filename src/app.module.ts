import { Module, ValidationPipe } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { OsoModule } from './authorization';
import { appConfig } from './config/app.config';
import { DatabaseModule } from './database/database.module';
import { osoTypeOrmAdapter } from './database/oso-typeorm-adapter';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { RequestBodyGuard } from './http/request-body.guard';
import { USER_CHALLENGE } from './identity/identity.middleware';
import { IdentityModule } from './identity/identity.module';
import { ISSUE_POLICY_CLASS } from './issues/issue.policy-class';
import { IssuesModule } from './issues/issues.module';
import { RepositoriesModule } from './repositories/repositories.module';
import { RolesModule } from './roles/roles.module';
import { Repository } from './repositories/repository.entity';
import { Role } from './users/role.entity';
import { User } from './users/user.entity';

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
        // Named explicitly: Polar matches these names, and they must not
        // depend on how the code was compiled.
        classes: [
          { type: User, name: 'User' },
          { type: Role, name: 'Role' },
          { type: Repository, name: 'Repository' },
          ISSUE_POLICY_CLASS,
        ],
        dataFilteringAdapter: osoTypeOrmAdapter(dataSource),
        wwwAuthenticate: USER_CHALLENGE,
      }),
    }),
    IdentityModule,
    RepositoriesModule,
    RolesModule,
    IssuesModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: HttpExceptionFilter },
    { provide: APP_GUARD, useClass: RequestBodyGuard },
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
export class AppModule {}
