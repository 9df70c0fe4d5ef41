import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Issue } from '../issue.entity';

/** An issue as the issue routes show it. */
@ApiSchema({ name: 'Issue' })
export class IssueDto {
  @ApiProperty({ type: 'integer', example: 1 })
  id: number;

  @ApiProperty({ example: 'Login page is blank' })
  title: string;

  @ApiProperty({
    description: 'Whether it was closed',
  })
  closed: boolean;

  @ApiProperty({ description: 'The repository name', example: 'gmail' })
  repository: string;

  @ApiProperty({ description: 'Who opened it', example: 'larry' })
  creator: string;

  /** `issue` loaded with its repository and creator. */
  static from(issue: Issue): IssueDto {
    return {
      id: issue.id,
      title: issue.title,
      closed: issue.closed,
      repository: issue.repository.name,
      creator: issue.creator.name,
    };
  }
}
