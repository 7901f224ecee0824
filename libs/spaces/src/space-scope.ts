declare const CHECKED: unique symbol;

/**
 * Proof that access to one space was decided: every repository method that reads or writes a space's content
 * takes one, so that "forgot the WHERE space_id" cannot compile. Only the access gate (after `can`) and the
 * worker (acting for the system, `systemScope`) make scopes.
 */
export interface SpaceScope {
  readonly spaceId: string;
  readonly [CHECKED]: true;
}

/** @internal The gate's way to issue a scope once it has checked access. */
export function grantScope(spaceId: string): SpaceScope {
  return { spaceId } as SpaceScope;
}

/** A scope for work the hub does on its own (fan-out of notifications in the worker), never for a caller. */
export function systemScope(spaceId: string): SpaceScope {
  return grantScope(spaceId);
}
