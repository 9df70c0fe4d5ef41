import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A code repository: the resource the quickstart's policy guards. */
@Entity('repositories')
export class Repository {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ unique: true })
  name: string;

  /** Polar reads this as `repository.isPublic`: it sees TypeScript property names. */
  // Indexed: a policy's filtered list may ask for every public repository.
  @Index('IDX_repositories_public')
  @Column({
    // Raw SQL `false`, as the migration wrote it: sqlite keeps a default as
    // written, and TypeORM reads `default: false` as `0`, so every generated
    // migration would rebuild the table for nothing.
    default: () => 'false',
  })
  isPublic: boolean;

  @Column({ default: 0 })
  pushCount: number;

  // `Date` lets each driver pick its own type (datetime, timestamp).
  @Column({ type: Date, nullable: true })
  lastPushedAt: Date | null;

  /** The name of the user who pushed last. */
  @Column({ type: 'varchar', nullable: true })
  lastPushedBy: string | null;
}
