import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, InvalidInputError, NotFoundError } from '@passerelle/errors';
import { Connection, isUuid, paginate, PageRequest } from '@passerelle/graphql-kit';
import { ClassMembershipEntity } from './class-membership.entity.js';
import { PersonEntity, PersonOrigin } from './person.entity.js';
import { isForeignKeyViolation, isUniqueViolation } from '@passerelle/database';
import { parseProfiles, Profile } from './profile.js';
import { SCHOOL_CLASS_NOT_FOUND } from './school-classes.service.js';
import { STRUCTURE_NOT_FOUND } from './structures.service.js';
import { checkRequiredText } from './text-rules.js';

/**
 * What the hub keeps of a person: a display name, national profiles, origin and school. There is no field
 * for contact data (e-mail, phone, address) and there must never be one.
 */
export interface CreatePersonCommand {
  readonly displayName: string;
  /** National codes, case-insensitive (`National_elv` is read as National_ELV); at least one. */
  readonly profiles: readonly (Profile | string)[];
  readonly origin: PersonOrigin;
  readonly structureId?: string | null;
  /**
   * The home-ENT identity the person will sign in with (issuer + stable subject), for people known before their first
   * sign-in (an import, the demo): that sign-in then finds this person. HOME people only.
   */
  readonly externalIdentity?: { readonly issuer: string; readonly subject: string } | null;
}

export interface PeopleQuery {
  readonly structureId?: string | null;
  readonly profile?: Profile | null;
  readonly origin?: PersonOrigin | null;
  readonly schoolClassId?: string | null;
  /** Part of the display name, case-insensitive. */
  readonly search?: string | null;
}

export const PERSON_NOT_FOUND = "Cette personne n'existe pas.";

/**
 * People of the directory. Methods that other libraries call from inside their own transaction take that
 * transaction's EntityManager as their last argument.
 */
@Injectable()
export class PeopleService {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds a person. BAD_USER_INPUT for a blank name or an unknown profile; NOT_FOUND for an unknown structure. */
  async createPerson(command: CreatePersonCommand, manager: EntityManager = this.dataSource.manager): Promise<PersonEntity> {
    const displayName = checkRequiredText(command.displayName, 200, 'Le nom affiché');
    if (!displayName.valid) throw new InvalidInputError(displayName.reason, ['displayName']);
    const profiles = parseProfiles(command.profiles);
    if (!profiles.ok) throw new InvalidInputError(profiles.reason, ['profiles']);
    if (!Object.values(PersonOrigin).includes(command.origin)) throw new InvalidInputError("L'origine est inconnue.", ['origin']);
    const structureId = command.structureId ?? null;
    if (structureId !== null && !isUuid(structureId)) throw new NotFoundError(STRUCTURE_NOT_FOUND);
    const external = command.externalIdentity ?? null;
    if (external) {
      if (command.origin !== PersonOrigin.HOME) throw new InvalidInputError("Seule une personne de l'ENT de l'école a une identité externe.", ['externalIdentity']);
      if (!external.issuer?.trim() || !external.subject?.trim() || external.issuer.length > 2000 || external.subject.length > 255) {
        throw new InvalidInputError("L'identité externe doit avoir un émetteur et un identifiant.", ['externalIdentity']);
      }
    }
    try {
      return await manager.save(manager.create(PersonEntity, {
        displayName: displayName.value, profiles: [...profiles.profiles], origin: command.origin, structureId,
        externalIssuer: external?.issuer ?? null, externalSubject: external?.subject ?? null,
      }));
    } catch (error) {
      if (isForeignKeyViolation(error, 'person_structure_id_fkey')) throw new NotFoundError(STRUCTURE_NOT_FOUND);
      if (isUniqueViolation(error, 'person_external_identity_unique')) {
        throw new ConflictError('PERSON_EXTERNAL_IDENTITY_TAKEN', 'Cette identité externe appartient déjà à une autre personne.', ['externalIdentity']);
      }
      throw error;
    }
  }

  /** Puts a person in a class; doing it twice changes nothing. NOT_FOUND when the class or the person does not exist. */
  async addClassMember(schoolClassId: string, personId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (!isUuid(schoolClassId)) throw new NotFoundError(SCHOOL_CLASS_NOT_FOUND);
    if (!isUuid(personId)) throw new NotFoundError(PERSON_NOT_FOUND);
    try {
      await manager.createQueryBuilder().insert().into(ClassMembershipEntity)
        .values({ schoolClassId, personId }).orIgnore().execute();
    } catch (error) {
      if (isForeignKeyViolation(error, 'class_membership_school_class_id_fkey')) throw new NotFoundError(SCHOOL_CLASS_NOT_FOUND);
      if (isForeignKeyViolation(error, 'class_membership_person_id_fkey')) throw new NotFoundError(PERSON_NOT_FOUND);
      throw error;
    }
  }

  /** The person with this id, or null (also for an id that is no UUID). */
  async findPerson(id: string, manager: EntityManager = this.dataSource.manager): Promise<PersonEntity | null> {
    if (!isUuid(id)) return null;
    return manager.findOneBy(PersonEntity, { id });
  }

  /** The person with this id; NOT_FOUND when there is none. */
  async getPerson(id: string, manager: EntityManager = this.dataSource.manager): Promise<PersonEntity> {
    const person = await this.findPerson(id, manager);
    if (!person) throw new NotFoundError(PERSON_NOT_FOUND);
    return person;
  }

  /** People matching every criterion given, oldest first. */
  async listPeople(filter: PeopleQuery, page: PageRequest): Promise<Connection<PersonEntity>> {
    for (const field of ['structureId', 'schoolClassId'] as const) {
      const id = filter[field];
      if (id && !isUuid(id)) throw new InvalidInputError('Identifiant invalide.', ['filter', field]);
    }
    const query = this.dataSource.manager.createQueryBuilder(PersonEntity, 'person');
    if (filter.structureId) query.andWhere('person.structure_id = :structureId', { structureId: filter.structureId });
    if (filter.profile) query.andWhere(':profile = ANY(person.profiles)', { profile: filter.profile });
    if (filter.origin) query.andWhere('person.origin = :origin', { origin: filter.origin });
    if (filter.schoolClassId) {
      query.andWhere('EXISTS (SELECT 1 FROM class_membership m WHERE m.school_class_id = :schoolClassId AND m.person_id = person.id)',
        { schoolClassId: filter.schoolClassId });
    }
    const search = filter.search?.trim();
    if (search) {
      query.andWhere(`person.display_name ILIKE :search ESCAPE '\\'`, { search: `%${escapeLike(search)}%` });
    }
    return paginate(query, page);
  }
}

/** Makes %, _ and \ match themselves in a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
