import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { REPOSITORY_ROLES } from '../repository-roles';

/** Who holds which role on a repository. */
@ApiSchema({ name: 'RoleAssignment' })
export class RoleAssignmentDto {
  @ApiProperty({ example: 'larry' })
  user: string;

  @ApiProperty({ enum: REPOSITORY_ROLES })
  role: string;
}

@ApiSchema({ name: 'RoleList' })
export class RoleListDto {
  @ApiProperty({ type: [RoleAssignmentDto] })
  roles: RoleAssignmentDto[];
}
