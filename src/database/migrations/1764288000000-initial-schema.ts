import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableForeignKey,
  TableUnique,
} from 'typeorm';

const id = {
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment' as const,
};

/** Users, repositories and the roles that join them; written with TypeORM's schema API so it runs on any driver. */
export class InitialSchema1764288000000 implements MigrationInterface {
  name = 'InitialSchema1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [id, { name: 'name', type: 'varchar', isUnique: true }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'repositories',
        columns: [
          id,
          { name: 'name', type: 'varchar', isUnique: true },
          { name: 'isPublic', type: 'boolean', default: false },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'roles',
        columns: [
          id,
          { name: 'name', type: 'varchar' },
          { name: 'userId', type: 'integer' },
          { name: 'repositoryId', type: 'integer' },
        ],
        uniques: [
          new TableUnique({
            name: 'UQ_roles_user_repository',
            columnNames: ['userId', 'repositoryId'],
          }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['userId'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
          new TableForeignKey({
            columnNames: ['repositoryId'],
            referencedTableName: 'repositories',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('roles');
    await queryRunner.dropTable('repositories');
    await queryRunner.dropTable('users');
  }
}
