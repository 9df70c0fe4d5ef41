import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RepoController } from './repo.controller';
import { ReposController } from './repos.controller';
import { RepositoriesService } from './repositories.service';
import { Repository } from './repository.entity';
import { RepositoryByNameResolver } from './repository-by-name.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([Repository])],
  controllers: [RepoController, ReposController],
  providers: [RepositoriesService, RepositoryByNameResolver],
  exports: [RepositoriesService, RepositoryByNameResolver],
})
export class RepositoriesModule {}
