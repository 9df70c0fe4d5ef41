import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Repository } from '../repository.entity';

/** A repository as GET /repos lists it. */
@ApiSchema({ name: 'RepositorySummary' })
export class RepositorySummaryDto {
  @ApiProperty({ example: 'gmail' })
  name: string;

  @ApiProperty({
    description:
      "Whether the policy may let anyone read it (the tutorial's rule does)",
  })
  isPublic: boolean;

  static from(repository: Repository): RepositorySummaryDto {
    return { name: repository.name, isPublic: repository.isPublic };
  }
}
