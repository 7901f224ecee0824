import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, Kind, OperationDefinitionNode, ValueNode, visit } from 'graphql';
import { InvalidInputError } from '@passerelle/errors';

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

type Path = (string | number)[];

/** Every string of a JSON value, with its path (object keys and list indexes). Iterative: no depth to overflow. */
function firstForbiddenIn(value: unknown, path: Path): { path: Path; character: string } | null {
  const stack: [unknown, Path][] = [[value, path]];
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

/** The first forbidden character in an argument's value written in the document, following its variables. */
function firstForbiddenInValue(node: ValueNode, path: Path, variables: Readonly<Record<string, unknown>>,
  defaults: ReadonlyMap<string, ValueNode>): { path: Path; character: string } | null {
  const stack: [ValueNode, Path][] = [[node, path]];
  while (stack.length > 0) {
    const [current, at] = stack.pop()!;
    switch (current.kind) {
      case Kind.STRING: {
        const character = forbiddenCharacterIn(current.value);
        if (character) return { path: at, character };
        break;
      }
      case Kind.VARIABLE: {
        const name = current.name.value;
        if (name in variables) {
          const found = firstForbiddenIn(variables[name], at);
          if (found) return found;
        } else if (defaults.has(name)) stack.push([defaults.get(name)!, at]);
        break;
      }
      case Kind.LIST:
        current.values.forEach((value, i) => stack.push([value, [...at, i]]));
        break;
      case Kind.OBJECT:
        for (const field of current.fields) stack.push([field.value, [...at, field.name.value]]);
        break;
      default:
        break;
    }
  }
  return null;
}

/**
 * Refuses a forbidden character in any text given to an operation, whether written in the document or sent as a
 * variable, at every argument of every field (fragments included) and directive: BAD_USER_INPUT with the path of the
 * argument (`['input', 'bodyHtml']`), 400, before any resolver runs. One check at the door, so that no input can
 * forget it; the rich-text and plain-text rules refuse the same characters for callers that are not GraphQL.
 */
export function findForbiddenText(document: DocumentNode, operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | undefined): { path: Path; character: string } | null {
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  let found: { path: Path; character: string } | null = null;
  const roots = [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)];
  for (const root of roots) {
    visit(root, {
      Argument(argument) {
        found ??= firstForbiddenInValue(argument.value, [argument.name.value], variables ?? {}, defaults);
        return found ? false : undefined;
      },
    });
    if (found) return found;
  }
  return null;
}

export function inputTextPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context) {
          if (!context.operation) return;
          const found = findForbiddenText(context.document, context.operation, context.request.variables);
          if (!found) return;
          const error = new InvalidInputError(forbiddenCharacterMessage(found.character), found.path);
          throw new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });
        },
      };
    },
  };
}
