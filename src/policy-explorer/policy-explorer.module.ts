import { Module } from '@nestjs/common';
import { RepositoriesModule } from '../repositories/repositories.module';
import { UsersModule } from '../users/users.module';
import { MatrixHistory } from './matrix-history';
import { PermissionMatrixService } from './permission-matrix.service';
import { PolicyExplorerController } from './policy-explorer.controller';

/**
 * `GET /authz/matrix` and `GET /authz/why`: the policy's permission matrix
 * and its explanations as pages, for development only.
 */
@Module({
  imports: [UsersModule, RepositoriesModule],
  controllers: [PolicyExplorerController],
  providers: [PermissionMatrixService, MatrixHistory],
  exports: [PermissionMatrixService],
})
export class PolicyExplorerModule {}
