import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { MAX_TITLE_LENGTH } from '../issue.entity';

/** The body of `POST /repo/:name/issues`. */
@ApiSchema({ name: 'CreateIssue' })
export class CreateIssueDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TITLE_LENGTH })
  @IsString()
  @Length(1, MAX_TITLE_LENGTH)
  title: string;
}
