import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsBoolean, IsOptional, IsString } from 'class-validator';
import { PageArgs } from '@passerelle/graphql-kit';
import type { DocumentPlace } from './documents.repository.js';

@ArgsType()
export class SpaceDocumentsArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only the documents of this folder.' })
  @IsOptional() @IsString()
  folderId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only the documents at the root of the space (in no folder); ignored with folderId.' })
  @IsOptional() @IsBoolean()
  atRoot?: boolean | null;
}

/** Where the listed documents are, from the arguments (every document of the space when neither is given). */
export function placeOf(args: Pick<SpaceDocumentsArgs, 'folderId' | 'atRoot'>): DocumentPlace {
  if (args.folderId) return { kind: 'FOLDER', folderId: args.folderId };
  return args.atRoot ? { kind: 'ROOT' } : { kind: 'ALL' };
}
