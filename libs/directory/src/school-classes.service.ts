import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, paginate, PageRequest } from '@passerelle/graphql-kit';
import { isForeignKeyViolation, isUniqueViolation } from '@passerelle/database';
import { SchoolClassEntity } from './school-class.entity.js';
import { checkLevelForSchool, checkSchoolYear, CLASS_LEVELS, ClassLevel, schoolYearOf } from './school-year.js';
import { STRUCTURE_NOT_FOUND, StructuresService } from './structures.service.js';
import { checkRequiredText } from './text-rules.js';

export interface CreateSchoolClassCommand {
  readonly structureId: string;
  readonly level: ClassLevel;
  readonly label: string;
  /** "2026-2027"; the school year in progress when absent. */
  readonly schoolYear?: string | null;
}

export const SCHOOL_CLASS_NOT_FOUND = "Cette classe n'existe pas.";

/** Classes (divisions) of the directory's schools, per school year. */
@Injectable()
export class SchoolClassesService {
  constructor(private readonly dataSource: DataSource, private readonly structures: StructuresService) {}

  /**
   * Adds a class to a structure. NOT_FOUND when the structure does not exist; BAD_USER_INPUT for a level
   * the structure does not teach, a malformed school year or label; SCHOOL_CLASS_LABEL_TAKEN when the
   * structure already has a class of that label that year.
   */
  async createSchoolClass(command: CreateSchoolClassCommand, now: Date = new Date()): Promise<SchoolClassEntity> {
    if (!CLASS_LEVELS.includes(command.level)) throw new InvalidInputError('Le niveau de classe est inconnu.', ['input', 'level']);
    const label = checkRequiredText(command.label, 100, 'Le libellé de la classe');
    if (!label.valid) throw new InvalidInputError(label.reason, ['input', 'label']);
    const schoolYear = checkSchoolYear(command.schoolYear ?? schoolYearOf(now));
    if (!schoolYear.valid) throw new InvalidInputError(schoolYear.reason, ['input', 'schoolYear']);

    const structure = await this.structures.getStructure(command.structureId);
    const fits = checkLevelForSchool(command.level, structure.type);
    if (!fits.valid) throw new InvalidInputError(fits.reason, ['input', 'level']);

    try {
      return await this.dataSource.manager.save(this.dataSource.manager.create(SchoolClassEntity, {
        structureId: structure.id, level: command.level, label: label.value, schoolYear: schoolYear.schoolYear,
      }));
    } catch (error) {
      if (isUniqueViolation(error, 'school_class_label_unique')) {
        throw new ConflictError('SCHOOL_CLASS_LABEL_TAKEN',
          `La classe « ${label.value} » existe déjà dans cet établissement pour l'année ${schoolYear.schoolYear}.`,
          ['input', 'label']);
      }
      if (isForeignKeyViolation(error, 'school_class_structure_id_fkey')) throw new NotFoundError(STRUCTURE_NOT_FOUND);
      throw error;
    }
  }

  /** The class with this id, or null (also for an id that is no UUID). */
  async findSchoolClass(id: string, manager: EntityManager = this.dataSource.manager): Promise<SchoolClassEntity | null> {
    if (!isUuid(id)) return null;
    return manager.findOneBy(SchoolClassEntity, { id });
  }

  /** The class with this id; NOT_FOUND when there is none. */
  async getSchoolClass(id: string, manager: EntityManager = this.dataSource.manager): Promise<SchoolClassEntity> {
    const schoolClass = await this.findSchoolClass(id, manager);
    if (!schoolClass) throw new NotFoundError(SCHOOL_CLASS_NOT_FOUND);
    return schoolClass;
  }

  /** The classes of a structure, every school year, oldest first; NOT_FOUND when the structure does not exist. */
  async listSchoolClasses(structureId: string, page: PageRequest): Promise<Connection<SchoolClassEntity>> {
    if (!(await this.structures.findStructure(structureId))) throw new NotFoundError(STRUCTURE_NOT_FOUND);
    return paginate(this.dataSource.manager.createQueryBuilder(SchoolClassEntity, 'school_class')
      .where('school_class.structure_id = :structureId', { structureId }), page);
  }
}
