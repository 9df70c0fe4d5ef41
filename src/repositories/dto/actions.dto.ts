import { ApiProperty, ApiSchema } from '@nestjs/swagger';

@ApiSchema({ name: 'Actions' })
export class ActionsDto {
  @ApiProperty({
    description: 'What the policy lets the caller do, sorted',
    example: ['delete', 'manage_roles', 'push', 'read'],
  })
  actions: string[];
}
