import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsString, MaxLength } from 'class-validator';

const NOT_TEXT = 'Cette valeur doit être un texte.';

@ArgsType()
export class TestPartnerConnectionArgs {
  @Field(() => ID)
  @IsString({ message: NOT_TEXT })
  partnerId: string;
}

@ArgsType()
export class PreviewAssertionArgs {
  @Field(() => ID)
  @IsString({ message: NOT_TEXT })
  partnerId: string;

  @Field(() => String, { nullable: true, description: 'The SAMLResponse field as posted to the ACS (base64), or its XML. Exclusive with idToken.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(200_000, { message: 'La réponse SAML est trop longue.' })
  samlResponse?: string | null;

  @Field(() => String, { nullable: true, description: 'An ID token (compact JWS). Exclusive with samlResponse.' })
  @IsOptional() @IsString({ message: NOT_TEXT }) @MaxLength(16_384, { message: "Le jeton d'identité est trop long." })
  idToken?: string | null;
}
