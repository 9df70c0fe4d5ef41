import {
  Column,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Repository } from '../../repositories/repository.entity';
import { User } from '../../users/user.entity';

/**
 * A child of Repository shaped like the Issue of docs/extending.md, for the
 * framework's specs: a reader deletes that example before rebuilding it.
 * Not named `*.entity.ts`, so the migration CLI never picks it up.
 */
@Entity('tickets')
export class Ticket {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: 200 })
  title: string;

  // Raw SQL, as a migration writes it: see Repository.isPublic.
  @Column({ default: () => 'false' })
  closed: boolean;

  // Key columns with properties of their own, beside their relations: what
  // oso's Relation fields join on.
  @Column()
  repositoryId: number;

  @ManyToOne(() => Repository, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'repositoryId',
    foreignKeyConstraintName: 'FK_tickets_repository',
  })
  repository: Repository;

  @Column()
  creatorId: number;

  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'creatorId',
    foreignKeyConstraintName: 'FK_tickets_creator',
  })
  creator: User;

  /** Optional: a relation whose key may be null. */
  @Column({ type: 'integer', nullable: true })
  assigneeId: number | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigneeId' })
  assignee: User | null;
}
