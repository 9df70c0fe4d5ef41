import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RepositoriesModule } from '../repositories/repositories.module';
import { Role } from '../users/role.entity';
import { UsersModule } from '../users/users.module';
import { RepoRolesController } from './repo-roles.controller';
import { RolesService } from './roles.service';

/** Granting and revoking roles on repositories: `/repo/:name/roles`. */
@Module({
  imports: [TypeOrmModule.forFeature([Role]), RepositoriesModule, UsersModule],
  controllers: [RepoRolesController],
  providers: [RolesService],
})
export class RolesModule {}
