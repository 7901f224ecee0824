import type { JSONContent } from '@tiptap/react';

/** Someone of the space that « @ » proposes. */
export interface MentionCandidate {
  readonly id: string;
  readonly displayName: string;
}

/** The members whose name (or one of its words) starts with what follows « @ », accents and case ignored. */
export function matchMembers(members: readonly MentionCandidate[], query: string, limit = 6): MentionCandidate[] {
  const fold = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const wanted = fold(query.trim());
  return members
    .filter((member) => wanted === '' || fold(member.displayName).split(/\s+/).some((word) => word.startsWith(wanted))
      || fold(member.displayName).startsWith(wanted))
    .slice(0, limit);
}

/** The ids of the people mentioned in the editor's document (each once), for `mentionIds`. */
export function mentionedIds(document: JSONContent): string[] {
  const ids = new Set<string>();
  const visit = (node: JSONContent) => {
    if (node.type === 'mention' && typeof node.attrs?.id === 'string') ids.add(node.attrs.id);
    node.content?.forEach(visit);
  };
  visit(document);
  return [...ids];
}
