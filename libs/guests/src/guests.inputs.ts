import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Profile } from '@passerelle/directory';
import { PageArgs } from '@passerelle/graphql-kit';
import { GuestState } from './guest.entity.js';

const INVALID_ID = 'Identifiant invalide.';

@InputType('GuestFilter', { description: 'Every criterion given must hold.' })
export class GuestFilter {
  @Field(() => GuestState, { nullable: true })
  @IsOptional()
  @IsEnum(GuestState, { message: "L'état de compte invité est inconnu." })
  state?: GuestState | null;

  @Field(() => Profile, { nullable: true })
  @IsOptional()
  @IsEnum(Profile, { message: 'Le profil est inconnu.' })
  profile?: Profile | null;
}

@ArgsType()
export class GuestPoolArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  @MaxLength(100, { message: INVALID_ID })
  conventionId: string;
}

@ArgsType()
export class GuestsArgs extends PageArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  @MaxLength(100, { message: INVALID_ID })
  conventionId: string;

  @Field(() => GuestFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuestFilter)
  filter?: GuestFilter | null;
}

@ArgsType()
export class ObjectToContributionRetentionArgs {
  @Field(() => ID)
  @IsString({ message: INVALID_ID })
  @MaxLength(100, { message: INVALID_ID })
  guestId: string;
}
