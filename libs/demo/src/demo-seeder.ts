import { Readable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal, Role } from '@passerelle/access';
import {
  AttributeMappingPreset, ContributionFate, ConventionEntity, ConventionLifecycleService, ConventionsService, estimateGuestQuota, PartnerKind,
  PartnerProtocol, PartnersService, PartnerTrust, SignatorySide,
} from '@passerelle/conventions';
import {
  ClassLevel, PeopleService, PersonEntity, PersonOrigin, Profile, rolesForProfiles, SchoolClassesService, StructureEntity, StructuresService,
} from '@passerelle/directory';
import { HubAdminsService } from '@passerelle/identity';
import {
  AgendaService, DocumentsService, HomeworkService, ModerationDecision, SpaceMembersService, SpaceRole, SpacesService, SpaceViewer,
  SpaceViewers, WallService,
} from '@passerelle/spaces';
import {
  DEMO_ADMIN, DEMO_CM2, DEMO_CM2_PUPILS, DEMO_DIRECTOR, DEMO_ECOLE, DEMO_JEAN_MOULIN, DEMO_SPACE, DEMO_TEACHER, DEMO_VICTOR_HUGO, DemoCollege,
  DemoPerson,
} from './demo-world.js';
import { demoPdf } from './demo-document.js';

/** ENT claims of the local OpenID providers (federation/idp-oidc: `ent` scope). */
const OIDC_MAPPING = { preset: AttributeMappingPreset.GENERIC_OIDC, subject: 'sub', displayName: 'name', profile: 'ent_profile', uai: 'ent_uai',
  classCode: 'ent_class' };
const OIDC_SCOPES = ['openid', 'profile', 'ent'];

/** What the seed needs of the running local identity providers to register them as partners. */
export interface DemoProviderEndpoints {
  /** The home ENT (OpenID Connect). */
  readonly home: { readonly issuer: string; readonly clientId: string; readonly clientSecret: string };
  /** Collège Jean Moulin's ENT (OpenID Connect). */
  readonly jeanMoulin: { readonly issuer: string; readonly clientId: string; readonly clientSecret: string };
  /** Collège Victor Hugo's ENT (SAML 2.0): its metadata, as published by the running IdP. */
  readonly victorHugo: { readonly metadataXml: string };
}

export interface DemoSeedResult {
  readonly seeded: boolean;
  /** Why nothing was written (seeded false), in French for the person who ran it. */
  readonly reason?: string;
  readonly spaceId?: string;
  readonly conventionIds?: readonly string[];
}

export const DEMO_REFUSED_NOT_EMPTY = "La base de données contient déjà des établissements : le monde de démonstration n'est créé que sur une base vide.";

/** The domain services the seed writes through (the hub's own use cases: every rule applies to the demo world too). */
interface Services {
  readonly dataSource: DataSource;
  readonly structures: StructuresService;
  readonly classes: SchoolClassesService;
  readonly people: PeopleService;
  readonly admins: HubAdminsService;
  readonly partners: PartnersService;
  readonly conventions: ConventionsService;
  readonly lifecycle: ConventionLifecycleService;
  readonly viewers: SpaceViewers;
  readonly spaces: SpacesService;
  readonly members: SpaceMembersService;
  readonly wall: WallService;
  readonly documents: DocumentsService;
  readonly agenda: AgendaService;
  readonly homework: HomeworkService;
}

/**
 * Writes the demo world (demo-world.ts) through the domain services, on a database without any school; refuses
 * (seeded false, nothing written) otherwise. Guest pools are provisioned by the jobs that activation enqueues, as for any
 * convention: in-process without Redis, by the worker with it.
 */
export class DemoSeeder {
  constructor(private readonly s: Services) {}

  static of(app: INestApplicationContext): DemoSeeder {
    const get = <T>(type: abstract new (...args: never[]) => T): T => app.get(type as never, { strict: false }) as T;
    return new DemoSeeder({
      dataSource: get(DataSource), structures: get(StructuresService), classes: get(SchoolClassesService), people: get(PeopleService),
      admins: get(HubAdminsService), partners: get(PartnersService), conventions: get(ConventionsService),
      lifecycle: get(ConventionLifecycleService), viewers: get(SpaceViewers), spaces: get(SpacesService), members: get(SpaceMembersService),
      wall: get(WallService), documents: get(DocumentsService), agenda: get(AgendaService), homework: get(HomeworkService),
    });
  }

  /** Whether the database has no school yet (the only case where the demo world is written). */
  async isEmpty(): Promise<boolean> {
    return (await this.s.dataSource.manager.count(StructureEntity)) === 0;
  }

  async seed(providers: DemoProviderEndpoints, now: Date = new Date()): Promise<DemoSeedResult> {
    if (!(await this.isEmpty())) return { seeded: false, reason: DEMO_REFUSED_NOT_EMPTY };
    const s = this.s;
    const admin = await this.hubAdmin();

    // The directory: the école, its CM2 A, its people (with the home-ENT identity they will sign in with).
    const ecole = await s.structures.createStructure({ uai: DEMO_ECOLE.uai, name: DEMO_ECOLE.name, type: DEMO_ECOLE.type, academie: DEMO_ECOLE.academie });
    const cm2 = await s.classes.createSchoolClass({ structureId: ecole.id, level: DEMO_CM2.level, label: DEMO_CM2.label }, now);
    const homePerson = (p: DemoPerson) => s.people.createPerson({
      displayName: `${p.givenName} ${p.familyName}`, profiles: [p.profile], origin: PersonOrigin.HOME, structureId: ecole.id,
      externalIdentity: { issuer: providers.home.issuer, subject: p.sub },
    });
    const teacher = await homePerson(DEMO_TEACHER);
    await s.people.addClassMember(cm2.id, teacher.id);
    await homePerson(DEMO_DIRECTOR);
    const pupils: PersonEntity[] = [];
    for (const pupil of DEMO_CM2_PUPILS) {
      const created = await homePerson(pupil);
      await s.people.addClassMember(cm2.id, created.id);
      pupils.push(created);
    }

    // The ENTs: the école's own (trust HOME), and the two collèges' (trust PARTNER), pointing to the local providers.
    const home = await s.partners.createPartner(admin, {
      slug: DEMO_ECOLE.slug, name: DEMO_ECOLE.entName, kind: PartnerKind.ECOLE, protocol: PartnerProtocol.OIDC, trust: PartnerTrust.HOME,
      // The école it serves: the only school whose people it signs in.
      servedUais: [DEMO_ECOLE.uai],
      oidc: { issuer: providers.home.issuer, clientId: providers.home.clientId, clientSecret: providers.home.clientSecret, scopes: OIDC_SCOPES,
        allowedAlgorithms: ['RS256'] },
      attributeMapping: OIDC_MAPPING,
    });
    await s.partners.discoverOidcIssuer(admin, home.id, providers.home.issuer);
    const jeanMoulin = await s.partners.createPartner(admin, {
      slug: DEMO_JEAN_MOULIN.slug, name: DEMO_JEAN_MOULIN.entName, kind: PartnerKind.COLLEGE, protocol: PartnerProtocol.OIDC,
      oidc: { issuer: providers.jeanMoulin.issuer, clientId: providers.jeanMoulin.clientId, clientSecret: providers.jeanMoulin.clientSecret,
        scopes: OIDC_SCOPES, allowedAlgorithms: ['RS256'] },
      attributeMapping: OIDC_MAPPING,
    });
    await s.partners.discoverOidcIssuer(admin, jeanMoulin.id, providers.jeanMoulin.issuer);
    const victorHugo = await s.partners.createPartner(admin, {
      slug: DEMO_VICTOR_HUGO.slug, name: DEMO_VICTOR_HUGO.entName, kind: PartnerKind.COLLEGE, protocol: PartnerProtocol.SAML2,
      attributeMapping: { preset: AttributeMappingPreset.ENT_CORE },
    });
    await s.partners.importSamlMetadata(admin, victorHugo.id, providers.victorHugo.metadataXml);

    // One convention per collège, quotas from the estimate of its class, activated (pools provisioned by the jobs).
    const conventions: ConventionEntity[] = [];
    for (const [college, partnerId] of [[DEMO_JEAN_MOULIN, jeanMoulin.id], [DEMO_VICTOR_HUGO, victorHugo.id]] as const) {
      const draft = await s.conventions.createConvention(admin, conventionTerms(college, partnerId, ecole.id, now));
      conventions.push(await s.lifecycle.activate(admin, draft.id));
    }

    // The shared space, run by the CM2 teacher: the class, the director, both collèges' guests.
    const teacherViewer = this.viewer(teacher, Profile.ENS);
    const director = await s.dataSource.manager.findOneByOrFail(PersonEntity, { externalSubject: DEMO_DIRECTOR.sub });
    const { space } = await s.spaces.createSpace(teacherViewer, {
      structureId: ecole.id, title: DEMO_SPACE.title, description: DEMO_SPACE.description,
      settings: { pupilPostsNeedApproval: true },
    });
    await s.members.addMembers(teacherViewer, {
      spaceId: space.id, classIds: [cm2.id],
      people: [{ personId: director.id, role: SpaceRole.MODERATOR }],
      guestCohorts: conventions.map((convention) => ({ conventionId: convention.id, classCode: null })),
    });
    teacherViewer.forget(space.id);

    // The wall: the teacher's welcome, two pupils' posts (approved by the teacher, as pupils' posts need it).
    const authors: Record<string, PersonEntity> = { teacher, pupil: pupils[0], pupil2: pupils[5] };
    for (const post of DEMO_SPACE.posts) {
      const author = authors[post.by];
      if (author === teacher) {
        await s.wall.createPost(teacherViewer, { spaceId: space.id, bodyHtml: post.html });
      } else {
        const created = await s.wall.createPost(this.viewer(author, Profile.ELV), { spaceId: space.id, bodyHtml: post.html });
        await s.wall.moderatePost(teacherViewer, created.post.id, ModerationDecision.APPROVE, null);
      }
    }
    await s.documents.upload(teacherViewer, {
      spaceId: space.id, file: { filename: DEMO_SPACE.document.filename, stream: Readable.from([demoPdf(DEMO_SPACE.document.title)]) },
    });
    const event = DEMO_SPACE.event;
    const startsAt = atHour(now, event.inDays, event.hour);
    await s.agenda.createEvent(teacherViewer, {
      spaceId: space.id, title: event.title, location: event.location, startsAt,
      endsAt: new Date(startsAt.getTime() + event.durationHours * 3_600_000),
    });
    await s.homework.createHomework(teacherViewer, {
      spaceId: space.id, title: DEMO_SPACE.homework.title, detailsHtml: DEMO_SPACE.homework.detailsHtml,
      dueOn: atHour(now, DEMO_SPACE.homework.inDays, 12).toISOString().slice(0, 10),
    });
    return { seeded: true, spaceId: space.id, conventionIds: conventions.map((convention) => convention.id) };
  }

  /** The demo's hub administrator (created once; its password is printed: it is a demo). */
  private async hubAdmin(): Promise<Principal> {
    const existing = await this.s.dataSource.query(`SELECT id, display_name FROM hub_admin WHERE login = $1`, [DEMO_ADMIN.login]);
    const admin = existing[0] ?? await this.s.admins.create({ login: DEMO_ADMIN.login, password: DEMO_ADMIN.password,
      displayName: 'Administrateur de démonstration' }).then((created) => ({ id: created!.id, display_name: created!.displayName }));
    return { kind: 'HUB_ADMIN', id: admin.id, displayName: admin.display_name, roles: [Role.HUB_ADMIN], sessionId: 'demo-seed' };
  }

  private viewer(person: PersonEntity, profile: Profile): SpaceViewer {
    return this.s.viewers.of({ kind: 'PERSON', id: person.id, displayName: person.displayName, roles: rolesForProfiles([profile]),
      sessionId: 'demo-seed' });
  }
}

function conventionTerms(college: DemoCollege, partnerId: string, ecoleId: string, now: Date) {
  const estimate = estimateGuestQuota({
    partnerClasses: [{ level: ClassLevel.SIXIEME, label: college.classLabel, pupils: college.pupils }],
    teachers: college.teachers, margin: 10,
  });
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000);
  return {
    code: college.conventionCode,
    title: `Liaison CM2–6e : ${DEMO_ECOLE.name} et ${college.name}`,
    purpose: `Défi lecture entre le CM2 A de l'${DEMO_ECOLE.name} et la ${college.classLabel} du ${college.name}.`,
    partnerId,
    validFrom: day(-1),
    validUntil: day(180),
    retentionDays: 30,
    contributionFate: ContributionFate.KEEP_PSEUDONYMIZED,
    hostingStructureIds: [ecoleId],
    partnerStructures: [{ uai: college.uai, name: college.name }],
    quotas: estimate.profiles.map((profile) => ({ profile: profile.profile, quota: profile.total })),
    signatories: [
      { side: SignatorySide.HOST, fullName: `${DEMO_DIRECTOR.givenName} ${DEMO_DIRECTOR.familyName}`, capacity: "Directeur de l'école",
        signedAt: day(-1).toISOString().slice(0, 10) },
      { side: SignatorySide.PARTNER, fullName: college.principal, capacity: 'Principal du collège', signedAt: day(-1).toISOString().slice(0, 10) },
    ],
  };
}

/** `days` from now at `hour`:00 UTC. */
function atHour(now: Date, days: number, hour: number): Date {
  const date = new Date(now.getTime() + days * 86_400_000);
  date.setUTCHours(hour, 0, 0, 0);
  return date;
}
