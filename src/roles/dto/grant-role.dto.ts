import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { REPOSITORY_ROLES, type RepositoryRole } from '../repository-roles';

@ApiSchema({ name: 'GrantRole' })
export class GrantRoleDto {
  @ApiProperty({ enum: REPOSITORY_ROLES })
  @IsIn(REPOSITORY_ROLES)
  role: RepositoryRole;
}
