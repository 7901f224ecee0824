import { PersonEntity } from './person.entity.js';
import { Person } from './person.type.js';
import { SchoolClassEntity } from './school-class.entity.js';
import { SchoolClass } from './school-class.type.js';
import { classLevelLabel } from './school-year.js';
import { StructureEntity } from './structure.entity.js';
import { Structure } from './structure.type.js';

/* What the API shows of each entity: every exposed field is listed here, nothing else leaves the directory. */

export function toStructure(entity: StructureEntity): Structure {
  return {
    id: entity.id,
    uai: entity.uai,
    name: entity.name,
    type: entity.type,
    academie: entity.academie,
    createdAt: entity.createdAt,
  };
}

export function toSchoolClass(entity: SchoolClassEntity): SchoolClass {
  return {
    id: entity.id,
    level: entity.level,
    levelLabel: classLevelLabel(entity.level),
    label: entity.label,
    schoolYear: entity.schoolYear,
    structureId: entity.structureId,
    createdAt: entity.createdAt,
  };
}

export function toPerson(entity: PersonEntity): Person {
  return {
    id: entity.id,
    displayName: entity.displayName,
    profiles: [...entity.profiles],
    origin: entity.origin,
    structureId: entity.structureId,
  };
}
