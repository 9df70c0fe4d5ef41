import {
  Column,
  Entity,
  Index,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';
import { Repository } from '../repositories/repository.entity';
import { User } from './user.entity';

/** A user's role on one repository; the policy derives permissions from it. */
@Entity('roles')
@Unique('UQ_roles_user_repository', ['user', 'repository'])
// The unique constraint indexes the user's roles; this, a repository's.
@Index('IDX_roles_repository', ['repository'])
export class Role {
  @PrimaryGeneratedColumn()
  id: number;

  /** One of the roles the policy's `resource Repository` block declares. */
  @Column()
  name: string;

  @ManyToOne(() => User, (user) => user.roles, {
    nullable: false,
    onDelete: 'CASCADE',
  })
  user: User;

  @ManyToOne(() => Repository, { nullable: false, onDelete: 'CASCADE' })
  repository: Repository;
}
