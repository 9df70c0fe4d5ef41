import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Put,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Authorize, AuthorizedResource } from '../authorization';
import { Repository } from '../repositories/repository.entity';
import { RepositoryByNameResolver } from '../repositories/repository-by-name.resolver';
import { GrantRoleDto } from './dto/grant-role.dto';
import { RoleAssignmentDto, RoleListDto } from './dto/role-assignment.dto';
import { RolesService } from './roles.service';

@ApiTags('roles')
@ApiParam({
  name: 'name',
  schema: { type: 'string', minLength: 1 },
  description: 'The repository name',
})
@Controller('repo/:name/roles')
export class RepoRolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  @ApiOperation({
    operationId: 'listRoles',
    summary: 'Who holds which role on a repository',
  })
  @Authorize('read', RepositoryByNameResolver)
  @ApiOkResponse({
    type: RoleListDto,
    description: 'Every role on the repository, by user',
  })
  async list(
    @AuthorizedResource() repository: Repository,
  ): Promise<RoleListDto> {
    return { roles: await this.roles.list(repository) };
  }

  /** 201 when the user had no role on the repository, 200 when it changed. */
  @Put(':user')
  @ApiParam({
    name: 'user',
    schema: { type: 'string', minLength: 1 },
    description: 'The user name',
  })
  @ApiOperation({
    operationId: 'grantRole',
    summary: 'Give a user a role on a repository',
  })
  @ApiNotFoundResponse({ description: 'No user of that name' })
  @Authorize('manage_roles', RepositoryByNameResolver)
  @ApiCreatedResponse({
    type: RoleAssignmentDto,
    description: 'The user had no role on the repository and has this one now',
  })
  @ApiOkResponse({
    type: RoleAssignmentDto,
    description: "The user's role on the repository is this one now",
  })
  @ApiBadRequestResponse({
    description:
      'A body other than `{"role"}`, with a role the policy declares',
  })
  @ApiConflictResponse({
    description:
      'The user is the last admin of the repository; or their role kept changing under concurrent requests: try again',
  })
  async grant(
    @AuthorizedResource() repository: Repository,
    @Param('user') user: string,
    @Body() body: GrantRoleDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<RoleAssignmentDto> {
    const { assignment, created } = await this.roles.grant(
      repository,
      user,
      body.role,
    );
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return assignment;
  }

  @Delete(':user')
  @ApiParam({
    name: 'user',
    schema: { type: 'string', minLength: 1 },
    description: 'The user name',
  })
  @ApiOperation({
    operationId: 'revokeRole',
    summary: "Take a user's role on a repository away",
  })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNotFoundResponse({
    description: 'No user of that name, or one with no role on the repository',
  })
  @Authorize('manage_roles', RepositoryByNameResolver)
  @ApiNoContentResponse({ description: 'The role is revoked' })
  @ApiConflictResponse({
    description: 'The user is the last admin of the repository',
  })
  async revoke(
    @AuthorizedResource() repository: Repository,
    @Param('user') user: string,
  ): Promise<void> {
    await this.roles.revoke(repository, user);
  }
}
