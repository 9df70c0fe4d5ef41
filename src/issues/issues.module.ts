import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RepositoriesModule } from '../repositories/repositories.module';
import { IssueByIdResolver } from './issue-by-id.resolver';
import { Issue } from './issue.entity';
import { IssuesController } from './issues.controller';
import { IssuesService } from './issues.service';

@Module({
  imports: [TypeOrmModule.forFeature([Issue]), RepositoriesModule],
  controllers: [IssuesController],
  providers: [IssuesService, IssueByIdResolver],
})
export class IssuesModule {}
