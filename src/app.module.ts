import { Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { OsoModule } from './authorization';
import { appConfig } from './config/app.config';
import { DatabaseModule } from './database/database.module';
import { HttpExceptionFilter } from './http/http-exception.filter';
import { IdentityModule } from './identity/identity.module';
import { RepositoriesModule } from './repositories/repositories.module';
import { Repository } from './repositories/repository.entity';
import { Role } from './users/role.entity';
import { User } from './users/user.entity';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, load: [appConfig] }),
    DatabaseModule,
    OsoModule.forRootAsync({
      isGlobal: true,
      inject: [appConfig.KEY],
      useFactory: (config: ConfigType<typeof appConfig>) => ({
        policyDir: config.policyDir,
        // Named explicitly: Polar matches these names, and they must not
        // depend on how the code was compiled.
        classes: [
          { type: User, name: 'User' },
          { type: Role, name: 'Role' },
          { type: Repository, name: 'Repository' },
        ],
      }),
    }),
    IdentityModule,
    RepositoriesModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
})
export class AppModule {}
