import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IssueDto } from './issue.dto';

@ApiSchema({ name: 'IssuePage' })
export class IssuePageDto {
  @ApiProperty({ type: [IssueDto] })
  items: IssueDto[];

  @ApiProperty({
    type: 'integer',
    description: 'How many issues of the repository the caller may read',
  })
  total: number;

  @ApiProperty({ type: 'integer' })
  limit: number;

  @ApiProperty({ type: 'integer' })
  offset: number;
}
