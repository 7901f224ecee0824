import {
  Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation,
  UpdateDateColumn,
} from 'typeorm';
import { Profile } from './profile.js';
import { StructureEntity } from './structure.entity.js';

/** Where a person comes from: the school's own ENT, or a partner ENT under a convention (a guest). */
export enum PersonOrigin {
  HOME = 'HOME',
  PARTNER = 'PARTNER',
}

/**
 * A person the hub knows, from its home ENT or a partner ENT. Table `person`.
 * Only what the hub needs: a display name, national profiles, origin and school. Never contact data
 * (e-mail, phone, address): the table has no column for it, and none may be added.
 */
@Entity('person')
@Index('person_structure_idx', ['structureId'])
@Index('person_created_at_idx', ['createdAt', 'id'])
@Check('person_display_name_not_blank', 'length(btrim(display_name)) > 0')
@Check('person_profiles_known', `cardinality(profiles) >= 1 AND profiles <@ ARRAY['National_ELV', 'National_ENS', 'National_DIR', 'National_TUT',
            'National_EVS', 'National_ETA', 'National_ACA', 'National_DOC', 'National_COL', 'National_PER']::text[]`)
@Check('person_origin_known', `origin IN ('HOME', 'PARTNER')`)
@Check('person_external_identity_complete', '(external_issuer IS NULL) = (external_subject IS NULL)')
@Check('person_external_identity_is_home', `external_issuer IS NULL OR origin = 'HOME'`)
@Index('person_external_identity_unique', ['externalIssuer', 'externalSubject'], { unique: true, where: 'external_subject IS NOT NULL' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'person_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  displayName: string;

  /** National codes (`National_ELV`...), at least one, each once. */
  @Column({ type: 'text', array: true })
  profiles: Profile[];

  @Column({ type: 'text' })
  origin: PersonOrigin;

  @Column({ type: 'uuid', nullable: true })
  structureId: string | null;

  @ManyToOne(() => StructureEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'structure_id', foreignKeyConstraintName: 'person_structure_id_fkey' })
  structure?: Relation<StructureEntity> | null;

  /** The home ENT identity this person signs in with (issuer + stable subject); null for people made by hand. */
  @Column({ type: 'text', nullable: true })
  externalIssuer: string | null;

  @Column({ type: 'text', nullable: true })
  externalSubject: string | null;

  /** The last home-ENT sign-in (null: never signed in). Home people not seen for long are erased (HOME_PEOPLE_RETENTION_DAYS). */
  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
