import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DIRECTORY_ENTITIES } from './directory.entities.js';
import { DirectoryResolver, SchoolClassFieldsResolver } from './directory.resolver.js';
import { PeopleService } from './people.service.js';
import { SchoolClassesService } from './school-classes.service.js';
import { StructuresService } from './structures.service.js';

/** The directory: schools by UAI, their classes, people and their profiles. */
@Module({
  imports: [TypeOrmModule.forFeature([...DIRECTORY_ENTITIES])],
  providers: [StructuresService, SchoolClassesService, PeopleService, DirectoryResolver, SchoolClassFieldsResolver],
  exports: [StructuresService, SchoolClassesService, PeopleService],
})
export class DirectoryModule {}
