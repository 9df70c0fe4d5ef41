import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Put,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Authorize, AuthorizedResource } from '../authorization';
import { Repository } from '../repositories/repository.entity';
import { RepositoryByNameResolver } from '../repositories/repository-by-name.resolver';
import { GrantRoleDto } from './dto/grant-role.dto';
import { RoleAssignmentDto, RoleListDto } from './dto/role-assignment.dto';
import { RolesService } from './roles.service';

@ApiTags('roles')
@ApiParam({ name: 'name', description: 'The repository name' })
@Controller('repo/:name/roles')
export class RepoRolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @Authorize('read', RepositoryByNameResolver)
  @ApiOkResponse({ type: RoleListDto })
  async list(
    @AuthorizedResource() repository: Repository,
  ): Promise<RoleListDto> {
    return { roles: await this.roles.list(repository) };
  }

  @Put(':user')
  @Authorize('manage_roles', RepositoryByNameResolver)
  @ApiOkResponse({ type: RoleAssignmentDto })
  @ApiBadRequestResponse({ description: 'Not a role the policy declares' })
  grant(
    @AuthorizedResource() repository: Repository,
    @Param('user') user: string,
    @Body() body: GrantRoleDto,
  ): Promise<RoleAssignmentDto> {
    return this.roles.grant(repository, user, body.role);
  }

  @Delete(':user')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authorize('manage_roles', RepositoryByNameResolver)
  @ApiNoContentResponse({ description: 'The role is revoked' })
  async revoke(
    @AuthorizedResource() repository: Repository,
    @Param('user') user: string,
  ): Promise<void> {
    await this.roles.revoke(repository, user);
  }
}
