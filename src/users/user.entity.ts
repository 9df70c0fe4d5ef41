import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './role.entity';

/** The actor of the policy: `actor User {}`. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ unique: true })
  name: string;

  /** Not loaded with the user: the policy fetches roles as a Relation field. */
  @OneToMany(() => Role, (role) => role.user)
  roles: Role[];
}
