import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** `?user=&action=&resource=`, as `npm run authz -- why` takes them. */
export class WhyQueryDto {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  user: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  action: string;

  /** A repository name, or `Type:key` of any class the policy names. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  resource: string;
}
