import { Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from './role.entity';

/** The actor of the policy: `actor User {}`. */
@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ unique: true })
  name: string;

  /** Read by the policy's `has_role` rule: `role in actor.roles`. */
  @OneToMany(() => Role, (role) => role.user)
  roles: Role[];
}
