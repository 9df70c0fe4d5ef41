import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Records pushes on each repository: how many, when the last was, and by whom. */
export class RepositoryPushes1764374400000 implements MigrationInterface {
  name = 'RepositoryPushes1764374400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumns('repositories', [
      new TableColumn({ name: 'pushCount', type: 'integer', default: 0 }),
      new TableColumn({
        name: 'lastPushedAt',
        // The driver's own date-time type: datetime on sqlite, timestamp elsewhere.
        type: queryRunner.connection.driver.normalizeType({ type: Date }),
        isNullable: true,
      }),
      new TableColumn({
        name: 'lastPushedBy',
        type: 'varchar',
        isNullable: true,
      }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumns('repositories', [
      'pushCount',
      'lastPushedAt',
      'lastPushedBy',
    ]);
  }
}
