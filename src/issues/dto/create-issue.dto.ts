import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsString, Length, ValidateBy } from 'class-validator';
import { isStorableText } from '../../database/storable';
import { MAX_TITLE_LENGTH } from '../issue.entity';

/** The body of `POST /repo/:name/issues`. */
@ApiSchema({ name: 'CreateIssue' })
export class CreateIssueDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TITLE_LENGTH })
  @IsString()
  @Length(1, MAX_TITLE_LENGTH)
  // Refused here, as no database can store it, rather than failing the insert.
  @ValidateBy({
    name: 'isStorableText',
    validator: {
      validate: (value) => typeof value !== 'string' || isStorableText(value),
      defaultMessage: () => 'title must not contain the character U+0000',
    },
  })
  title: string;
}
