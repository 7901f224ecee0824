import { ArgsType, Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize, IsBoolean, IsDate, IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested,
} from 'class-validator';
import { PageArgs } from '@passerelle/graphql-kit';
import { SpaceRole } from './space-permissions.js';
import { SpaceStatus } from './space.entity.js';
import { ModerationDecision, PostStatus, ReactionEmoji } from './wall.entities.js';

/*
 * Inputs bound sizes and shapes at the edge (French messages); the use cases apply the rules (sanitising, roles,
 * who may do what). Mutations take an `input` so that a refused field is reported with its full path.
 */

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const NOT_TEXT = 'Ce champ doit être un texte.';
const INVALID_ID = 'Identifiant invalide.';
const MAX_HTML_INPUT = 40_000;
const TOO_LONG = 'Le texte est trop long.';

@InputType('SpaceSettingsInput', { description: 'Only the settings given change.' })
export class SpaceSettingsInput {
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean()
  pupilPostsNeedApproval?: boolean | null;

  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean()
  privateMessagesAllowed?: boolean | null;

  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean()
  parentsMayRead?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Private messages between pupils of different schools (default: no).' })
  @IsOptional() @IsBoolean()
  crossSchoolPrivateMessages?: boolean | null;
}

@InputType('CreateSpaceInput')
export class CreateSpaceInput {
  @Field(() => ID, { nullable: true, description: "The owning school; by default the creator's own school." })
  @IsOptional() @IsUUID('all', { message: INVALID_ID })
  structureId?: string | null;

  @Field()
  @Transform(trim) @IsString({ message: NOT_TEXT })
  @Length(1, 200, { message: 'Le titre doit comporter de 1 à 200 caractères.' })
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT })
  @MaxLength(2000, { message: 'La description ne doit pas dépasser 2000 caractères.' })
  description?: string | null;

  @Field(() => SpaceSettingsInput, { nullable: true, description: 'Defaults: pupils\' posts need approval; no private messages; parents do not read.' })
  @IsOptional() @ValidateNested() @Type(() => SpaceSettingsInput)
  settings?: SpaceSettingsInput | null;

  @Field(() => ID, { nullable: true, description: 'A teacher of the school who owns the space too (what a hub administrator gives).' })
  @IsOptional() @IsUUID('all', { message: INVALID_ID })
  ownerId?: string | null;
}

@ArgsType()
export class CreateSpaceArgs {
  @Field(() => CreateSpaceInput) @ValidateNested() @Type(() => CreateSpaceInput)
  input: CreateSpaceInput;
}

@InputType('UpdateSpaceInput', { description: 'Only the fields given change.' })
export class UpdateSpaceInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  spaceId: string;

  @Field(() => String, { nullable: true })
  @IsOptional() @Transform(trim) @IsString({ message: NOT_TEXT })
  @Length(1, 200, { message: 'Le titre doit comporter de 1 à 200 caractères.' })
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional() @IsString({ message: NOT_TEXT })
  @MaxLength(2000, { message: 'La description ne doit pas dépasser 2000 caractères.' })
  description?: string | null;

  @Field(() => SpaceSettingsInput, { nullable: true })
  @IsOptional() @ValidateNested() @Type(() => SpaceSettingsInput)
  settings?: SpaceSettingsInput | null;

  @Field(() => SpaceStatus, { nullable: true, description: 'ARCHIVED makes the space read only; OPEN reopens it.' })
  @IsOptional() @IsEnum(SpaceStatus, { message: "L'état de l'espace est inconnu." })
  status?: SpaceStatus | null;
}

@ArgsType()
export class UpdateSpaceArgs {
  @Field(() => UpdateSpaceInput) @ValidateNested() @Type(() => UpdateSpaceInput)
  input: UpdateSpaceInput;
}

@InputType('SpacePersonInput')
export class SpacePersonInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  personId: string;

  @Field(() => SpaceRole, { description: 'At most what their profile allows: a pupil contributes, a parent reads.' })
  @IsEnum(SpaceRole, { message: 'Ce rôle est inconnu.' })
  role: SpaceRole;
}

@InputType('GuestCohortInput', { description: 'The bound guests of a convention that hosts the space\'s school.' })
export class GuestCohortInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  conventionId: string;

  @Field(() => String, { nullable: true, description: 'Only the guests of this partner class (e.g. "6e B").' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(100, { message: 'Le code de classe ne doit pas dépasser 100 caractères.' })
  classCode?: string | null;
}

@InputType('AddSpaceMembersInput')
export class AddSpaceMembersInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  spaceId: string;

  @Field(() => [ID], { nullable: true, description: 'Whole classes of the space\'s school: membership follows the class.' })
  @IsOptional() @ArrayMaxSize(50, { message: 'Au plus 50 classes à la fois.' })
  @IsString({ each: true, message: INVALID_ID }) @MaxLength(64, { each: true, message: INVALID_ID })
  classIds?: string[] | null;

  @Field(() => [SpacePersonInput], { nullable: true })
  @IsOptional() @ArrayMaxSize(100, { message: 'Au plus 100 personnes à la fois.' })
  @ValidateNested({ each: true }) @Type(() => SpacePersonInput)
  people?: SpacePersonInput[] | null;

  @Field(() => [GuestCohortInput], { nullable: true })
  @IsOptional() @ArrayMaxSize(20, { message: "Au plus 20 groupes d'invités à la fois." })
  @ValidateNested({ each: true }) @Type(() => GuestCohortInput)
  guestCohorts?: GuestCohortInput[] | null;
}

@ArgsType()
export class AddSpaceMembersArgs {
  @Field(() => AddSpaceMembersInput) @ValidateNested() @Type(() => AddSpaceMembersInput)
  input: AddSpaceMembersInput;
}

@InputType('RemoveSpaceMemberInput', { description: 'Exactly one of personId, schoolClassId, guestCohortId.' })
export class RemoveSpaceMemberInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  spaceId: string;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  personId?: string | null;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  schoolClassId?: string | null;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  guestCohortId?: string | null;
}

@ArgsType()
export class RemoveSpaceMemberArgs {
  @Field(() => RemoveSpaceMemberInput) @ValidateNested() @Type(() => RemoveSpaceMemberInput)
  input: RemoveSpaceMemberInput;
}

@InputType('SpacesFilter')
export class SpacesFilter {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID('all', { message: INVALID_ID })
  structureId?: string | null;

  @Field(() => SpaceStatus, { nullable: true }) @IsOptional() @IsEnum(SpaceStatus, { message: "L'état de l'espace est inconnu." })
  status?: SpaceStatus | null;
}

@ArgsType()
export class SpacesArgs extends PageArgs {
  @Field(() => SpacesFilter, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => SpacesFilter)
  filter?: SpacesFilter | null;
}

@InputType('CreatePostInput')
export class CreatePostInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  spaceId: string;

  @Field({ description: 'Rich text; sanitised (p, br, strong, em, ul, ol, li, a, blockquote).' })
  @IsString({ message: NOT_TEXT }) @MaxLength(MAX_HTML_INPUT, { message: TOO_LONG })
  bodyHtml: string;

  @Field(() => [ID], { nullable: true, description: 'Members of the space to mention (person or guest ids); they are told.' })
  @IsOptional() @ArrayMaxSize(20, { message: 'Vous pouvez mentionner au plus 20 membres.' })
  @IsString({ each: true, message: INVALID_ID }) @MaxLength(64, { each: true, message: INVALID_ID })
  mentionIds?: string[] | null;
}

@ArgsType()
export class CreatePostArgs {
  @Field(() => CreatePostInput) @ValidateNested() @Type(() => CreatePostInput)
  input: CreatePostInput;
}

@InputType('EditPostInput')
export class EditPostInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  postId: string;

  @Field()
  @IsString({ message: NOT_TEXT }) @MaxLength(MAX_HTML_INPUT, { message: TOO_LONG })
  bodyHtml: string;
}

@ArgsType()
export class EditPostArgs {
  @Field(() => EditPostInput) @ValidateNested() @Type(() => EditPostInput)
  input: EditPostInput;
}

@ArgsType()
export class ModeratePostArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  id: string;

  @Field(() => ModerationDecision)
  @IsEnum(ModerationDecision, { message: 'Décision inconnue.' })
  decision: ModerationDecision;

  @Field(() => String, { nullable: true, description: 'Required to reject: the pupil reads it.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(500, { message: 'La raison ne doit pas dépasser 500 caractères.' })
  reason?: string | null;
}

@ArgsType()
export class HidePostArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  id: string;

  @Field(() => String, { description: "Why it is hidden: required, its author reads it (at most 500 characters)." })
  @IsString({ message: NOT_TEXT }) @MaxLength(500, { message: 'La raison ne doit pas dépasser 500 caractères.' })
  reason: string;
}

@InputType('CreateCommentInput')
export class CreateCommentInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  postId: string;

  @Field()
  @IsString({ message: NOT_TEXT }) @MaxLength(MAX_HTML_INPUT, { message: TOO_LONG })
  bodyHtml: string;

  @Field(() => [ID], { nullable: true })
  @IsOptional() @ArrayMaxSize(20, { message: 'Vous pouvez mentionner au plus 20 membres.' })
  @IsString({ each: true, message: INVALID_ID }) @MaxLength(64, { each: true, message: INVALID_ID })
  mentionIds?: string[] | null;
}

@ArgsType()
export class CreateCommentArgs {
  @Field(() => CreateCommentInput) @ValidateNested() @Type(() => CreateCommentInput)
  input: CreateCommentInput;
}

@InputType('ReactionInput')
export class ReactionInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  postId: string;

  @Field(() => ReactionEmoji)
  @IsEnum(ReactionEmoji, { message: 'Cette réaction est inconnue.' })
  emoji: ReactionEmoji;
}

@ArgsType()
export class ReactionArgs {
  @Field(() => ReactionInput) @ValidateNested() @Type(() => ReactionInput)
  input: ReactionInput;
}

@InputType('CreateAnnouncementInput')
export class CreateAnnouncementInput {
  @Field(() => ID)
  @IsString({ message: INVALID_ID }) @MaxLength(64, { message: INVALID_ID })
  spaceId: string;

  @Field()
  @Transform(trim) @IsString({ message: NOT_TEXT }) @Length(1, 200, { message: 'Le titre doit comporter de 1 à 200 caractères.' })
  title: string;

  @Field()
  @IsString({ message: NOT_TEXT }) @MaxLength(MAX_HTML_INPUT, { message: TOO_LONG })
  bodyHtml: string;

  @Field(() => Boolean, { nullable: true, description: 'Shown above the wall.' })
  @IsOptional() @IsBoolean()
  pinned?: boolean | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional() @IsDate({ message: 'Date invalide.' })
  displayFrom?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true })
  @IsOptional() @IsDate({ message: 'Date invalide.' })
  displayUntil?: Date | null;
}

@ArgsType()
export class CreateAnnouncementArgs {
  @Field(() => CreateAnnouncementInput) @ValidateNested() @Type(() => CreateAnnouncementInput)
  input: CreateAnnouncementInput;
}

@ArgsType()
export class PostsArgs extends PageArgs {
  @Field(() => PostStatus, { nullable: true, description: 'PENDING: the moderation queue (moderators see all of it).' })
  @IsOptional() @IsEnum(PostStatus, { message: "L'état du message est inconnu." })
  status?: PostStatus | null;
}

/** The most comments shown under a post on the wall (the rest behind « Voir les N commentaires »). */
export const MAX_LATEST_COMMENTS = 20;
const LATEST_COMMENTS_RANGE = `Le nombre de commentaires demandés doit être compris entre 0 et ${MAX_LATEST_COMMENTS}.`;

@ArgsType()
export class LatestCommentsArgs {
  @Field(() => Int, { defaultValue: 3, description: `How many, 0 to ${MAX_LATEST_COMMENTS} (default 3).` })
  @IsInt({ message: LATEST_COMMENTS_RANGE }) @Min(0, { message: LATEST_COMMENTS_RANGE }) @Max(MAX_LATEST_COMMENTS, { message: LATEST_COMMENTS_RANGE })
  first: number = 3;
}

@ArgsType()
export class AnnouncementsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only pinned (true) or unpinned (false) ones.' })
  @IsOptional() @IsBoolean()
  pinned?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Also scheduled and expired ones (owners and moderators).' })
  @IsOptional() @IsBoolean()
  includeHidden?: boolean | null;
}
