import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Repository } from '../repository.entity';

/** A repository as GET /repo/:name shows it. */
@ApiSchema({ name: 'Repository' })
export class RepositoryDto {
  @ApiProperty({ example: 'gmail' })
  name: string;

  @ApiProperty({
    description:
      "Whether the policy may let anyone read it (the tutorial's rule does)",
  })
  isPublic: boolean;

  @ApiProperty({ type: 'integer', description: 'How many pushes it has had' })
  pushCount: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastPushedAt: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'larry' })
  lastPushedBy: string | null;

  static from(repository: Repository): RepositoryDto {
    return {
      name: repository.name,
      isPublic: repository.isPublic,
      pushCount: repository.pushCount,
      lastPushedAt: repository.lastPushedAt?.toISOString() ?? null,
      lastPushedBy: repository.lastPushedBy,
    };
  }
}
