import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, paginate, PageRequest } from '@passerelle/graphql-kit';
import { jobRequest, UnitOfWork } from '@passerelle/jobs';
import { isUniqueViolation } from '@passerelle/database';
import { StructureEntity, StructureType } from './structure.entity.js';
import { checkOptionalText, checkRequiredText } from './text-rules.js';
import { checkUai, normaliseUai } from './uai.js';

export interface CreateStructureCommand {
  readonly uai: string;
  readonly name: string;
  readonly type: StructureType;
  readonly academie?: string | null;
}

export const STRUCTURE_NOT_FOUND = "Cet établissement n'existe pas.";

/** Schools of the directory, known by their UAI. */
@Injectable()
export class StructuresService {
  constructor(private readonly dataSource: DataSource, private readonly unitOfWork: UnitOfWork) {}

  /**
   * Adds a school. Refuses an invalid UAI (BAD_USER_INPUT on ['input', 'uai'], with the reason) and a UAI
   * already known (STRUCTURE_UAI_TAKEN); on any refusal nothing is written.
   */
  async createStructure(command: CreateStructureCommand): Promise<StructureEntity> {
    const uai = checkUai(command.uai);
    if (!uai.valid) throw new InvalidInputError(uai.reason, ['input', 'uai']);
    const name = checkRequiredText(command.name, 200, 'Le nom');
    if (!name.valid) throw new InvalidInputError(name.reason, ['input', 'name']);
    const academie = checkOptionalText(command.academie, 100, "L'académie");
    if (!academie.valid) throw new InvalidInputError(academie.reason, ['input', 'academie']);
    if (!Object.values(StructureType).includes(command.type)) {
      throw new InvalidInputError("Le type d'établissement est inconnu.", ['input', 'type']);
    }

    return this.unitOfWork.run(async ({ manager, enqueue }) => {
      let structure: StructureEntity;
      try {
        structure = await manager.save(manager.create(StructureEntity, {
          uai: uai.uai, name: name.value, type: command.type, academie: academie.value,
        }));
      } catch (error) {
        if (isUniqueViolation(error, 'structure_uai_unique')) {
          throw new ConflictError('STRUCTURE_UAI_TAKEN', `L'UAI ${uai.uai} est déjà enregistré dans l'annuaire.`, ['input', 'uai']);
        }
        throw error;
      }
      await enqueue(jobRequest('structure-created', { structureId: structure.id }, [structure.id]));
      return structure;
    });
  }

  /** The structure with this id; NOT_FOUND when there is none. */
  async getStructure(id: string, manager: EntityManager = this.dataSource.manager): Promise<StructureEntity> {
    const structure = await this.findStructure(id, manager);
    if (!structure) throw new NotFoundError(STRUCTURE_NOT_FOUND);
    return structure;
  }

  /** The structure with this id, or null (also for an id that is no UUID). */
  async findStructure(id: string, manager: EntityManager = this.dataSource.manager): Promise<StructureEntity | null> {
    if (!isUuid(id)) return null;
    return manager.findOneBy(StructureEntity, { id });
  }

  /** The structure with this UAI (normalised first: " 0750001u" finds 0750001U), or null. */
  async findStructureByUai(uai: string, manager: EntityManager = this.dataSource.manager): Promise<StructureEntity | null> {
    const check = checkUai(uai);
    if (!check.valid) return null;
    return manager.findOneBy(StructureEntity, { uai: normaliseUai(uai) });
  }

  /** Structures by id, in the order asked; null where none exists (for DataLoader). */
  async findStructuresByIds(ids: readonly string[]): Promise<(StructureEntity | null)[]> {
    const wanted = [...new Set(ids.filter(isUuid))];
    const found = wanted.length ? await this.dataSource.manager.findBy(StructureEntity, { id: In(wanted) }) : [];
    const byId = new Map(found.map((structure) => [structure.id, structure]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Every structure, oldest first. */
  async listStructures(page: PageRequest): Promise<Connection<StructureEntity>> {
    return paginate(this.dataSource.manager.createQueryBuilder(StructureEntity, 'structure'), page);
  }
}
