import { ApiProperty } from '@nestjs/swagger';
import { RepositorySummaryDto } from './repository-summary.dto';

export class RepositoryPageDto {
  @ApiProperty({ type: [RepositorySummaryDto] })
  items: RepositorySummaryDto[];

  @ApiProperty({
    description: 'How many repositories the caller may read in all',
  })
  total: number;

  @ApiProperty()
  limit: number;

  @ApiProperty()
  offset: number;
}
