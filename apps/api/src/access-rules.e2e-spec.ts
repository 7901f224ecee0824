import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  GraphQLArgument, GraphQLEnumType, GraphQLField, GraphQLInputObjectType, GraphQLInputType, GraphQLList, GraphQLNonNull,
  GraphQLScalarType, GraphQLSchema, getNamedType, isLeafType,
} from 'graphql';
import { ACCESS_RULE, CROSS_SITE_POST } from '@passerelle/access';
import { startTestApi, TestApi } from '../../../test/harness';

/** Operations anyone may call; everything else must refuse an anonymous caller. */
const PUBLIC_OPERATIONS = new Set(['me']);

function sample(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sample(type.ofType);
  if (type instanceof GraphQLList) return [sample(type.ofType)];
  if (type instanceof GraphQLEnumType) return type.getValues()[0].name;
  if (type instanceof GraphQLInputObjectType) {
    return Object.fromEntries(Object.values(type.getFields()).filter((f) => f.type instanceof GraphQLNonNull)
      .map((f) => [f.name, sample(f.type)]));
  }
  const scalar = type as GraphQLScalarType;
  switch (scalar.name) {
    case 'Int': case 'Float': return 1;
    case 'Boolean': return true;
    case 'ID': return '00000000-0000-4000-8000-000000000000';
    case 'DateTime': return new Date().toISOString();
    default: return 'x';
  }
}

/** A minimal document calling one root field with sample values for its required arguments. */
function documentFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): { query: string; variables: object } {
  const required = field.args.filter((a: GraphQLArgument) => a.type instanceof GraphQLNonNull);
  const declarations = required.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const args = required.map((a) => `${a.name}: $${a.name}`).join(', ');
  const variables = Object.fromEntries(required.map((a) => [a.name, sample(a.type)]));
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return { query: `${operation}${declarations ? `(${declarations})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`, variables };
}

describe('deny by default', () => {
  let hub: TestApi;
  beforeAll(async () => {
    hub = await startTestApi();
  });
  afterAll(() => hub?.close());

  it('every controller route and GraphQL operation declares who may call it', () => {
    const discovery = hub.api.app.get(DiscoveryService);
    const scanner = hub.api.app.get(MetadataScanner);
    const undeclared: string[] = [];
    const checked: string[] = [];
    for (const wrapper of [...discovery.getControllers(), ...discovery.getProviders()]) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const isController = wrapper.isNotMetatype === false && discovery.getControllers().includes(wrapper);
      const isResolver = Reflect.hasMetadata('graphql:resolver_type', wrapper.metatype);
      if (!isController && !isResolver) continue;
      const classRule = Reflect.getMetadata(ACCESS_RULE, wrapper.metatype);
      for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[method] as object;
        const isRoute = isController && Reflect.hasMetadata('method', handler);
        const operation = Reflect.getMetadata('graphql:resolver_type', handler);
        const isOperation = ['Query', 'Mutation', 'Subscription'].includes(operation);
        if (isRoute || isOperation) checked.push(`${wrapper.metatype.name}.${method}`);
        if ((isRoute || isOperation) && !classRule && !Reflect.getMetadata(ACCESS_RULE, handler)) {
          undeclared.push(`${wrapper.metatype.name}.${method}`);
        }
      }
    }
    expect(checked).toEqual(expect.arrayContaining(['LocalAuthController.login', 'HealthController.ready', 'DirectoryResolver.createStructure',
      // The server-rendered pages (libs/portal): public except the sign-out form (@Authenticated).
      'PortalController.root', 'PortalController.stylesheet', 'PortalController.signIn', 'PortalController.signOut']));
    expect(undeclared).toEqual([]);
  });

  it('refuses every non-GET route outside GraphQL to a cross-site caller with 403, except the routes that say why they are cross-site', async () => {
    const discovery = hub.api.app.get(DiscoveryService);
    const scanner = hub.api.app.get(MetadataScanner);
    const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'ALL', 'OPTIONS', 'HEAD'];
    const signedIn = await hub.personSession([]);
    const answers: Record<string, string> = {};
    const exempt: string[] = [];
    for (const wrapper of discovery.getControllers()) {
      const instance = wrapper.instance as object | undefined;
      if (!instance || !wrapper.metatype) continue;
      const prefix = String(Reflect.getMetadata('path', wrapper.metatype) ?? '/');
      for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
        const handler = (instance as Record<string, unknown>)[method] as object;
        if (!Reflect.hasMetadata('method', handler)) continue;
        const verb = METHODS[Reflect.getMetadata('method', handler) as number];
        if (verb === 'GET' || verb === 'HEAD' || verb === 'OPTIONS') continue;
        const name = `${wrapper.metatype.name}.${method}`;
        if (Reflect.getMetadata(CROSS_SITE_POST, handler)) {
          exempt.push(name);
          continue;
        }
        const path = `/${prefix}/${String(Reflect.getMetadata('path', handler) ?? '')}`.replace(/\/+/g, '/')
          .replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
        const res = await hub.http[verb.toLowerCase() as 'post'](path).set('Origin', 'https://evil.example').set('Cookie', signedIn.cookie).send({});
        answers[name] = `${res.status} ${res.body?.code ?? (res.text.includes('CROSS_SITE_REQUEST_REFUSED') ? 'CROSS_SITE_REQUEST_REFUSED' : '')}`;
      }
    }
    expect(Object.keys(answers)).toEqual(expect.arrayContaining(['DocumentsController.upload', 'LocalAuthController.login',
      'LocalAuthController.logout', 'PortalController.signIn', 'PortalController.signOut']));
    expect(Object.entries(answers).filter(([, answer]) => answer !== '403 CROSS_SITE_REQUEST_REFUSED')).toEqual([]);
    // The SAML ACS: the partner's IdP posts the browser there from its own origin (HTTP-POST binding).
    expect(exempt).toEqual(['FederationController.acs']);
  });

  it('refuses every non-public query and mutation to an anonymous caller with UNAUTHENTICATED', async () => {
    const schema: GraphQLSchema = hub.api.app.get(GraphQLSchemaHost).schema;
    const answers: Record<string, string | undefined> = {};
    for (const [operation, type] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        if (PUBLIC_OPERATIONS.has(field.name)) continue;
        const { query, variables } = documentFor(operation, field);
        const res = await hub.gql(query, variables as Record<string, unknown>);
        answers[field.name] = res.errors?.[0]?.extensions?.code ?? 'ANSWERED';
      }
    }
    expect(Object.keys(answers).length).toBeGreaterThan(0);
    // Operations of issue 5 that came later (deletion of documents and folders) are among those refused.
    expect(Object.keys(answers)).toEqual(expect.arrayContaining(['deleteDocument', 'deleteDocumentFolder']));
    const wrong = Object.entries(answers).filter(([, code]) => code !== 'UNAUTHENTICATED');
    expect(wrong).toEqual([]);
  });
});
