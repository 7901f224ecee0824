import {
  ConventionHostingStructureEntity, ConventionPartnerStructureEntity, ConventionProfileQuotaEntity, ConventionSignatoryEntity,
  ConventionVersionEntity,
} from './convention-parts.entity.js';
import { ConventionEntity } from './convention.entity.js';
import { PartnerEntEntity } from './partner-ent.entity.js';

/** The conventions library's TypeORM entities, for the data source the apps assemble. */
export const CONVENTIONS_ENTITIES = [
  PartnerEntEntity, ConventionEntity, ConventionHostingStructureEntity, ConventionPartnerStructureEntity,
  ConventionProfileQuotaEntity, ConventionSignatoryEntity, ConventionVersionEntity,
] as const;
