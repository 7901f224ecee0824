import type { ChatRecipientsQuery } from '../../gql/graphql';

export type ChatMember = NonNullable<ChatRecipientsQuery['space']>['members']['edges'][number]['node'];

/**
 * Who the screen offers « Message privé » to: the API's rules (libs/chat chat-rules.ts `privateMessageDecision`, ADR
 * 0018) read from what the screen has — the space's settings and the members' profile, role and school. The API
 * decides anyway: a refusal it sends is shown next to the input.
 * - only where the space allows private messages, never to oneself, never to a member who may not chat (a parent);
 * - never between an adult and a pupil of different schools, whatever the settings;
 * - between two pupils of different schools only where the space allows it too.
 * An unknown school is never « the same ».
 */
export interface PrivateSettings {
  readonly privateMessagesAllowed: boolean;
  readonly crossSchoolPrivateMessages: boolean;
}

function sameSchool(a: ChatMember, b: ChatMember): boolean {
  const x = a.school?.uai?.trim().toUpperCase();
  const y = b.school?.uai?.trim().toUpperCase();
  return !!x && !!y && x === y;
}

export function mayWritePrivately(settings: PrivateSettings, me: ChatMember | undefined, to: ChatMember): boolean {
  if (!me || !settings.privateMessagesAllowed) return false;
  if (me.kind === to.kind && me.id.toLowerCase() === to.id.toLowerCase()) return false;
  if (to.role === 'READER' || me.role === 'READER') return false;
  const school = sameSchool(me, to);
  const mePupil = me.profile === 'PUPIL';
  const toPupil = to.profile === 'PUPIL';
  if (mePupil !== toPupil && !school) return false;
  if (mePupil && toPupil && !school && !settings.crossSchoolPrivateMessages) return false;
  return true;
}

/** The members one may write privately to, by name. */
export function privateRecipients(settings: PrivateSettings, members: readonly ChatMember[], me: { id: string; kind: string })
  : ChatMember[] {
  const self = members.find((member) => member.kind === me.kind && member.id.toLowerCase() === me.id.toLowerCase());
  return members.filter((member) => mayWritePrivately(settings, self, member))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));
}
