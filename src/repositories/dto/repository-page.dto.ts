import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { RepositorySummaryDto } from './repository-summary.dto';

@ApiSchema({ name: 'RepositoryPage' })
export class RepositoryPageDto {
  @ApiProperty({ type: [RepositorySummaryDto] })
  items: RepositorySummaryDto[];

  @ApiProperty({
    type: 'integer',
    description: 'How many repositories the caller may read in all',
  })
  total: number;

  @ApiProperty({ type: 'integer' })
  limit: number;

  @ApiProperty({ type: 'integer' })
  offset: number;
}
