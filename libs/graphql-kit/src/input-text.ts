import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, Kind, OperationDefinitionNode, ValueNode, visit } from 'graphql';
import { firstForbiddenText, forbiddenCharacterIn, forbiddenCharacterMessage, InvalidInputError } from '@passerelle/errors';

type Path = (string | number)[];

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
          const found = firstForbiddenText(variables[name], at);
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

/**
 * The refusal of the first forbidden character (findForbiddenText): an InvalidInputError (BAD_USER_INPUT once
 * formatted, with the argument's path) wrapped for GraphQL, 400; null when there is none.
 */
export function forbiddenTextError(document: DocumentNode, operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined): GraphQLError | null {
  const found = findForbiddenText(document, operation, variables ?? undefined);
  if (!found) return null;
  const error = new InvalidInputError(forbiddenCharacterMessage(found.character), found.path);
  return new GraphQLError(error.message, { originalError: error, extensions: { http: { status: 400 } } });
}

/** The check above, as an Apollo plugin (what it throws once the operation is known is answered with its status). */
export function inputTextPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context) {
          if (!context.operation) return;
          const refusal = forbiddenTextError(context.document, context.operation, context.request.variables);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
