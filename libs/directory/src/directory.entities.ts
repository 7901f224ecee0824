import { ClassMembershipEntity } from './class-membership.entity.js';
import { PersonEntity } from './person.entity.js';
import { SchoolClassEntity } from './school-class.entity.js';
import { StructureEntity } from './structure.entity.js';

/** The directory's TypeORM entities, for the data source the apps assemble. */
export const DIRECTORY_ENTITIES = [StructureEntity, SchoolClassEntity, PersonEntity, ClassMembershipEntity] as const;
