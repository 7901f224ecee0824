import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AllowRoles, Authenticated, Role } from '@passerelle/access';
import { mapConnection, PageArgs, parsePage } from '@passerelle/graphql-kit';
import { CreateSchoolClassArgs, CreateStructureArgs, PeopleArgs, SchoolClassesArgs } from './directory.inputs.js';
import { toPerson, toSchoolClass, toStructure } from './directory.mapper.js';
import { LoaderContext, structureByIdLoader } from './directory.loaders.js';
import { PeopleService } from './people.service.js';
import { PersonConnection } from './person.type.js';
import { SchoolClassesService } from './school-classes.service.js';
import { SchoolClass, SchoolClassConnection } from './school-class.type.js';
import { StructuresService } from './structures.service.js';
import { Structure, StructureConnection } from './structure.type.js';

/** Directory queries and mutations: hub administrators only, for now. Each one calls one use case. */
@Resolver()
@AllowRoles(Role.HUB_ADMIN)
export class DirectoryResolver {
  constructor(
    private readonly structureUseCases: StructuresService,
    private readonly schoolClassUseCases: SchoolClassesService,
    private readonly peopleUseCases: PeopleService,
  ) {}

  @Query(() => StructureConnection, { description: 'Schools of the directory, oldest first.' })
  async structures(@Args() page: PageArgs): Promise<StructureConnection> {
    return mapConnection(await this.structureUseCases.listStructures(parsePage(page)), toStructure);
  }

  @Query(() => Structure, { nullable: true, description: 'A school; NOT_FOUND when there is none with this id.' })
  async structure(@Args('id', { type: () => ID }) id: string): Promise<Structure> {
    return toStructure(await this.structureUseCases.getStructure(id));
  }

  @Query(() => SchoolClassConnection, { description: "A school's classes, every school year, oldest first." })
  async schoolClasses(@Args() { structureId, ...page }: SchoolClassesArgs): Promise<SchoolClassConnection> {
    return mapConnection(await this.schoolClassUseCases.listSchoolClasses(structureId, parsePage(page)), toSchoolClass);
  }

  @Query(() => PersonConnection, { description: 'People of the directory, oldest first.' })
  async people(@Args() { filter, ...page }: PeopleArgs): Promise<PersonConnection> {
    return mapConnection(await this.peopleUseCases.listPeople(filter ?? {}, parsePage(page)), toPerson);
  }

  @Mutation(() => Structure, { description: 'Adds a school to the directory.' })
  async createStructure(@Args() { input }: CreateStructureArgs): Promise<Structure> {
    return toStructure(await this.structureUseCases.createStructure(input));
  }

  @Mutation(() => SchoolClass, { description: 'Adds a class to a school for a school year.' })
  async createSchoolClass(@Args() { input }: CreateSchoolClassArgs): Promise<SchoolClass> {
    return toSchoolClass(await this.schoolClassUseCases.createSchoolClass(input));
  }
}

/** Fields of SchoolClass that need another query, batched per request. */
@Resolver(() => SchoolClass)
export class SchoolClassFieldsResolver {
  constructor(private readonly structures: StructuresService) {}

  /** Access was decided by the query that returned the class. */
  @Authenticated()
  @ResolveField(() => Structure)
  structure(@Parent() schoolClass: SchoolClass, @Context() context: LoaderContext): Promise<Structure> {
    return structureByIdLoader(context, this.structures).load(schoolClass.structureId);
  }
}
