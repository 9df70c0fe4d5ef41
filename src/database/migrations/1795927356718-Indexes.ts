import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

/**
 * Indexes the checks and filtered lists use: the repositories a policy's
 * list asks for by `isPublic`, and a repository's roles (a user's are the
 * unique constraint's). Generated, then rewritten into the schema API.
 */
export class Indexes1795927356718 implements MigrationInterface {
  name = 'Indexes1795927356718';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'repositories',
      new TableIndex({
        name: 'IDX_repositories_public',
        columnNames: ['isPublic'],
      }),
    );
    await queryRunner.createIndex(
      'roles',
      new TableIndex({
        name: 'IDX_roles_repository',
        columnNames: ['repositoryId'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('roles', 'IDX_roles_repository');
    await queryRunner.dropIndex('repositories', 'IDX_repositories_public');
  }
}
