import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';

/** Kind of structure the hub knows: the écoles it hosts and the collèges of partner ENTs. */
export enum StructureType {
  ECOLE = 'ECOLE',
  COLLEGE = 'COLLEGE',
}

/** A school, known by its UAI. Table `structure` (migration Foundation1764400000000). */
@Entity('structure')
@Unique('structure_uai_unique', ['uai'])
@Index('structure_created_at_idx', ['createdAt', 'id'])
@Check('structure_uai_format', `uai ~ '^[0-9]{7}[ABCDEFGHJKLMNPRSTUVWXYZ]$'`)
@Check('structure_name_not_blank', 'length(btrim(name)) > 0')
@Check('structure_type_known', `type IN ('ECOLE', 'COLLEGE')`)
export class StructureEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'structure_pkey' })
  id: string;

  /** Normalised (upper case) and valid: see uai.ts. */
  @Column({ type: 'varchar', length: 8 })
  uai: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'text' })
  type: StructureType;

  @Column({ type: 'varchar', length: 100, nullable: true })
  academie: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
