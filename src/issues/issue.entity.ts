import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Repository } from '../repositories/repository.entity';
import { User } from '../users/user.entity';

export const MAX_TITLE_LENGTH = 200;

/** An issue on a repository; `policies/issue.polar` decides who reads and closes it. */
@Entity('issues')
export class Issue {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: MAX_TITLE_LENGTH })
  title: string;

  // Raw SQL, as the migration wrote it: see Repository.isPublic.
  @Column({ default: () => 'false' })
  closed: boolean;

  // The key columns are properties of their own: oso's Relation fields join
  // on them, and they are read without loading the related row.
  // Indexed, as every key column: a repository's issues are listed by it.
  @Index('IDX_issues_repository')
  @Column()
  repositoryId: number;

  @ManyToOne(() => Repository, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'repositoryId',
    foreignKeyConstraintName: 'FK_issues_repository',
  })
  repository: Repository;

  @Index('IDX_issues_creator')
  @Column()
  creatorId: number;

  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({
    name: 'creatorId',
    foreignKeyConstraintName: 'FK_issues_creator',
  })
  creator: User;
}
