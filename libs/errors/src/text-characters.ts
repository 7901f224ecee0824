/**
 * Characters no text typed by a person may hold: the C0 controls but tab, line feed and carriage return (U+0000 is
 * refused by PostgreSQL, the others are invisible or terminal escapes), DEL, the non-characters U+FFFE and U+FFFF, and
 * UTF-16 surrogates that are not part of a pair (no valid UTF-8 carries them).
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first forbidden character of `text` as `U+XXXX`, or null when there is none. */
export function forbiddenCharacterIn(text: string): string | null {
  const match = FORBIDDEN.exec(text);
  if (!match) return null;
  return `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The French message for a text holding `character` (as forbiddenCharacterIn names it). */
export function forbiddenCharacterMessage(character: string, subject = 'Ce texte'): string {
  return `${subject} contient un caractère invisible non autorisé (${character}).`;
}

export type InputPath = (string | number)[];

/** The first string holding a forbidden character in a JSON value, with its path. Iterative: no depth to overflow. */
export function firstForbiddenText(value: unknown, path: InputPath = []): { path: InputPath; character: string } | null {
  const stack: [unknown, InputPath][] = [[value, path]];
  while (stack.length > 0) {
    const [current, at] = stack.pop()!;
    if (typeof current === 'string') {
      const character = forbiddenCharacterIn(current);
      if (character) return { path: at, character };
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], [...at, i]]);
    } else if (current && typeof current === 'object') {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i][1], [...at, entries[i][0]]]);
    }
  }
  return null;
}

interface HookedRequest {
  readonly body?: unknown;
  readonly query?: unknown;
  readonly routeOptions?: { readonly url?: string; readonly config?: unknown };
}

/**
 * Route config (`@RouteConfig(OWN_INPUT_CHECKS)`, merged with any other) of a route that checks its own input and
 * answers its own refusal: the federation routes under /auth (their French refusal page and audit event) and the
 * portal's pages (their French page). The hook below leaves those alone.
 */
export const OWN_INPUT_CHECKS = { ownInputChecks: true } as const;

function checksOwnInput(request: HookedRequest): boolean {
  return (request.routeOptions?.config as { ownInputChecks?: boolean } | undefined)?.ownInputChecks === true;
}
interface HookedReply {
  status(code: number): HookedReply;
  header(name: string, value: string): HookedReply;
  send(body: unknown): unknown;
}
interface HookTarget {
  addHook(name: 'preHandler', hook: (request: HookedRequest, reply: HookedReply) => Promise<unknown>): unknown;
}

/**
 * The same refusal for the JSON HTTP routes outside GraphQL (/auth/local/login, uploads…): a forbidden character in a
 * parsed body (JSON or form) or in the query string is answered 400 BAD_USER_INPUT with the field, in French, before
 * the route's handler. GraphQL (`skip`) checks its own arguments with their paths; routes configured with
 * OWN_INPUT_CHECKS (federation callbacks, the portal's forms) refuse such input themselves, with their own pages.
 */
export function refuseForbiddenCharacters(fastify: HookTarget, skip: readonly string[]): void {
  fastify.addHook('preHandler', async (request, reply) => {
    if (skip.includes(request.routeOptions?.url ?? '') || checksOwnInput(request)) return undefined;
    const found = firstForbiddenText(request.query, ['query']) ?? firstForbiddenText(request.body, []);
    if (!found) return undefined;
    return reply.status(400).header('Cache-Control', 'no-store')
      .send({ code: 'BAD_USER_INPUT', message: forbiddenCharacterMessage(found.character), field: found.path });
  });
}
