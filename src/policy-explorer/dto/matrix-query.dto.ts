import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `?type=`: the class across the matrix, Repository by default. */
export class MatrixQueryDto {
  @IsOptional()
  @IsString()
  @MaxLength(200)
  type: string = 'Repository';
}
