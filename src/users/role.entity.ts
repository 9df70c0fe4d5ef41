import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  Unique,
} from 'typeorm';
import { Repository } from '../repositories/repository.entity';
import { User } from './user.entity';

/** A user's role on one repository; the policy derives permissions from it. */
@Entity('roles')
@Unique('UQ_roles_user_repository', ['userId', 'repositoryId'])
// The unique constraint indexes the user's roles; this, a repository's.
@Index('IDX_roles_repository', ['repositoryId'])
export class Role {
  @PrimaryGeneratedColumn()
  id: number;

  /** One of the roles the policy's `resource Repository` block declares. */
  @Column()
  name: string;

  // The key columns are properties of their own: the policy compares
  // `role.userId` with the caller's id without loading the user.
  @Column()
  userId: number;

  @ManyToOne(() => User, (user) => user.roles, {
    nullable: false,
    onDelete: 'CASCADE',
  })
  @JoinColumn({ name: 'userId' })
  // Relation<>: decorator metadata naming User would read it while
  // user.entity.ts, which imports this file first, has not defined it yet.
  user: Relation<User>;

  @Column()
  repositoryId: number;

  @ManyToOne(() => Repository, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'repositoryId' })
  repository: Repository;
}
