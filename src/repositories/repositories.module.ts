import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RepoController } from './repo.controller';
import { RepositoriesService } from './repositories.service';
import { Repository } from './repository.entity';
import { RepositoryByNameResolver } from './repository-by-name.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([Repository])],
  controllers: [RepoController],
  providers: [RepositoriesService, RepositoryByNameResolver],
  exports: [RepositoriesService],
})
export class RepositoriesModule {}
