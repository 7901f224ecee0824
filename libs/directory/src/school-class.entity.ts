import {
  Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique,
} from 'typeorm';
import { ClassLevel } from './school-year.js';
import { StructureEntity } from './structure.entity.js';

/** A class (division) of a structure for one school year, e.g. "CM2 A" in 2026-2027. Table `school_class`. */
@Entity('school_class')
@Unique('school_class_label_unique', ['structureId', 'schoolYear', 'label'])
@Check('school_class_level_known', `level IN ('PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2', 'SIXIEME', 'CINQUIEME', 'QUATRIEME', 'TROISIEME')`)
@Check('school_class_label_not_blank', 'length(btrim(label)) > 0')
@Check('school_class_school_year_format',
  `school_year ~ '^[0-9]{4}-[0-9]{4}$' AND substr(school_year, 6, 4)::int = substr(school_year, 1, 4)::int + 1`)
export class SchoolClassEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'school_class_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  structureId: string;

  @ManyToOne(() => StructureEntity, { onDelete: 'RESTRICT', nullable: false })
  @JoinColumn({ name: 'structure_id', foreignKeyConstraintName: 'school_class_structure_id_fkey' })
  structure?: Relation<StructureEntity>;

  @Column({ type: 'text' })
  level: ClassLevel;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  /** "2026-2027": see school-year.ts. */
  @Column({ type: 'varchar', length: 9 })
  schoolYear: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
