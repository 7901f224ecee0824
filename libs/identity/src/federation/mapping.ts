import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { checkUai, parseProfile, Profile } from '@passerelle/directory';
import { FederationError } from './federation-errors.js';
import { PartnerAttributeMapping } from './protocol.js';

/**
 * Attribute mapping: a partner's SAML attributes or OIDC claims → the five things the hub keeps (stable subject,
 * display name, national profile, school UAI, class). Everything else received is dropped here.
 * Declarative: a preset of federation/profiles/*.json gives attribute names and formats; the partner's stored
 * mapping (libs/conventions' AttributeMapping) may override attribute names. Fails closed: a missing, multi-valued or
 * malformed subject, profile or UAI refuses the sign-in (ATTRIBUTES_INVALID).
 */

/** Raw attributes as received: SAML attributes (plus `NameID`), or OIDC claims as arrays of strings (plus `sub`). */
export type RawAttributes = Readonly<Record<string, readonly string[]>>;

export interface MappedAttributes {
  readonly subject: string;
  readonly displayName: string;
  readonly profile: Profile;
  readonly uai: string;
  readonly classCode: string | null;
}

export type MappedField = 'subject' | 'displayName' | 'profile' | 'uai' | 'classCode';

/** A preset file of federation/profiles/. */
export interface MappingPreset {
  readonly id: string;
  readonly label: string;
  readonly protocol: 'SAML2' | 'OIDC';
  readonly attributes: Readonly<Record<MappedField, string | null>>;
  /** Joined with a space when the display-name attribute is missing (e.g. givenName + sn). */
  readonly displayNameFallback?: readonly string[];
  readonly formats?: { readonly classCode?: 'PLAIN' | 'ENT_CORE_CLASSES' };
  /** A composite attribute (FrEduVecteur): `fields` name its parts in order. */
  readonly vector?: {
    readonly attribute: string;
    readonly separator: string;
    readonly fields: readonly ('profile' | 'lastName' | 'firstName' | 'id' | 'uai' | string)[];
    /** Profile digit → national code. */
    readonly profiles: Readonly<Record<string, string>>;
    /** Profile digits whose vector describes a child (parents): its id is not the signer's subject. */
    readonly describesChild?: readonly string[];
  };
}

const MAX_SUBJECT = 255;
const MAX_DISPLAY_NAME = 200;
const MAX_CLASS = 100;
/** Control characters (C0, DEL, C1) and the Unicode line/paragraph separators. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function refuse(field: string, why: string): never {
  throw new FederationError('ATTRIBUTES_INVALID', `${field}: ${why}`);
}

/** Distinct non-blank values of an attribute (trimmed). */
function valuesOf(raw: RawAttributes, name: string | null | undefined): string[] {
  if (!name) return [];
  const found = Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined;
  if (!Array.isArray(found)) return [];
  const out: string[] = [];
  for (const value of found) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed !== '' && !out.includes(trimmed)) out.push(trimmed);
  }
  return out;
}

function single(raw: RawAttributes, name: string | null | undefined, field: string): string {
  const values = valuesOf(raw, name);
  if (values.length === 0) refuse(field, 'missing');
  if (values.length > 1) refuse(field, 'multi-valued');
  return values[0];
}

function cleanDisplayName(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_DISPLAY_NAME).trim();
}

function checkSubject(subject: string): string {
  if (subject.length > MAX_SUBJECT) refuse('subject', 'too long');
  if (CONTROL.test(subject)) refuse('subject', 'control characters');
  return subject;
}

function profileOf(code: string): Profile {
  const profile = parseProfile(code);
  if (!profile) refuse('profile', 'not a national profile code');
  return profile;
}

function uaiOf(value: string): string {
  const checked = checkUai(value);
  if (!checked.valid) refuse('uai', 'invalid UAI');
  return checked.uai;
}

/** The class of `uai` in ENT Core `UAI$code$libellé` values: the one code given for that school, else null. */
export function entCoreClassOf(values: readonly string[], uai: string): string | null {
  const codes = new Set<string>();
  for (const value of values) {
    const [classUai, code] = value.split('$');
    if (!classUai || !code) continue;
    const checked = checkUai(classUai);
    if (checked.valid && checked.uai === uai && code.trim() !== '') codes.add(code.trim());
  }
  if (codes.size !== 1) return null;
  const [code] = [...codes];
  return code.length <= MAX_CLASS && !CONTROL.test(code) ? code : null;
}

interface VectorParts {
  readonly profileDigit: string;
  readonly lastName: string;
  readonly firstName: string;
  readonly id: string;
  readonly uai: string;
}

function parseVector(preset: NonNullable<MappingPreset['vector']>, raw: RawAttributes): VectorParts {
  const values = valuesOf(raw, preset.attribute);
  if (values.length === 0) refuse('vector', 'missing');
  if (values.length > 1) refuse('vector', 'multi-valued');
  const parts = values[0].split(preset.separator);
  if (parts.length !== preset.fields.length) refuse('vector', 'malformed');
  const at = (name: string) => (parts[preset.fields.indexOf(name)] ?? '').trim();
  return { profileDigit: at('profile'), lastName: at('lastName'), firstName: at('firstName'), id: at('id'), uai: at('uai') };
}

/**
 * Maps raw attributes with a partner's mapping (its preset, then its own attribute names).
 * Throws FederationError ATTRIBUTES_INVALID (never with the values received in its message).
 */
export function mapAttributes(mapping: PartnerAttributeMapping, raw: RawAttributes, presets: PresetCatalog = defaultPresets()): MappedAttributes {
  const preset = presets.find(mapping.preset ?? '') ?? refuse('preset', 'unknown preset');
  const attributeFor = (field: MappedField): string | null => {
    const own = mapping[field];
    if (typeof own === 'string' && own.trim() !== '') return own.trim();
    if (field === 'classCode' && own === null) return null;
    return preset.attributes[field];
  };
  const vector = preset.vector;
  const parts = vector && [attributeFor('profile'), attributeFor('uai'), attributeFor('subject'), attributeFor('displayName')]
    .includes(vector.attribute) ? parseVector(vector, raw) : null;
  const fromVector = (field: MappedField) => parts !== null && attributeFor(field) === vector!.attribute;

  // Profile
  let profile: Profile;
  if (fromVector('profile')) {
    const code = vector!.profiles[parts!.profileDigit];
    if (!code) refuse('profile', 'unknown vector profile digit');
    profile = profileOf(code);
  } else {
    const codes = valuesOf(raw, attributeFor('profile'));
    if (codes.length === 0) refuse('profile', 'missing');
    const profiles = new Set(codes.map(profileOf));
    if (profiles.size > 1) refuse('profile', 'multi-valued');
    [profile] = [...profiles];
  }

  // UAI
  const uai = uaiOf(fromVector('uai') ? parts!.uai : single(raw, attributeFor('uai'), 'uai'));

  // Subject
  let subject: string;
  if (fromVector('subject')) {
    if (vector!.describesChild?.includes(parts!.profileDigit)) refuse('subject', 'the vector describes a child, not the signer');
    subject = parts!.id;
    if (subject === '') refuse('subject', 'missing');
  } else {
    subject = single(raw, attributeFor('subject'), 'subject');
  }
  checkSubject(subject);

  // Display name
  let displayName = '';
  if (fromVector('displayName')) {
    if (!vector!.describesChild?.includes(parts!.profileDigit)) displayName = cleanDisplayName(`${parts!.firstName} ${parts!.lastName}`);
  } else {
    displayName = cleanDisplayName(valuesOf(raw, attributeFor('displayName'))[0] ?? '');
  }
  if (displayName === '' && preset.displayNameFallback) {
    displayName = cleanDisplayName(preset.displayNameFallback.map((name) => valuesOf(raw, name)[0] ?? '').join(' '));
  }
  if (displayName === '') refuse('displayName', 'missing');

  // Class (optional: anything unclear gives no class rather than a wrong one)
  let classCode: string | null = null;
  const classAttribute = attributeFor('classCode');
  if (classAttribute && !fromVector('classCode')) {
    const values = valuesOf(raw, classAttribute);
    if (preset.formats?.classCode === 'ENT_CORE_CLASSES' && classAttribute === preset.attributes.classCode) {
      classCode = entCoreClassOf(values, uai);
    } else if (values.length === 1 && values[0].length <= MAX_CLASS && !CONTROL.test(values[0])) {
      classCode = values[0];
    }
  }
  return { subject, displayName, profile, uai, classCode };
}

/** Presets by id, found by their id (`ENT_CORE`) or file name (`ent-core`), case and separators ignored. */
export class PresetCatalog {
  private readonly byKey = new Map<string, MappingPreset>();

  constructor(presets: Iterable<MappingPreset>) {
    for (const preset of presets) this.byKey.set(PresetCatalog.key(preset.id), preset);
  }

  static key(name: string): string {
    return name.toLowerCase().replace(/[^a-z0-9]/g, '');
  }

  find(name: string): MappingPreset | undefined {
    return this.byKey.get(PresetCatalog.key(name));
  }

  get ids(): string[] {
    return [...this.byKey.values()].map((p) => p.id);
  }

  /** Reads every *.json of a folder (federation/profiles). */
  static fromDirectory(directory: string): PresetCatalog {
    const presets: MappingPreset[] = [];
    for (const file of readdirSync(directory).filter((f) => f.endsWith('.json')).sort()) {
      const preset = JSON.parse(readFileSync(join(directory, file), 'utf8')) as MappingPreset;
      if (!preset.id || !preset.attributes) throw new Error(`federation/profiles/${file}: not a mapping preset`);
      presets.push(preset);
    }
    return new PresetCatalog(presets);
  }
}

/** federation/profiles, found from this file upwards (libs/... in tests, dist/libs/... when built). */
export function profilesDirectory(start = __dirname): string {
  let current = start;
  for (let i = 0; i < 8; i++) {
    const candidate = join(current, 'federation', 'profiles');
    if (existsSync(join(candidate, 'generic-saml.json'))) return candidate;
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  throw new Error('federation/profiles not found: the attribute-mapping presets must ship with the hub');
}

let catalog: PresetCatalog | undefined;
export function defaultPresets(): PresetCatalog {
  catalog ??= PresetCatalog.fromDirectory(profilesDirectory());
  return catalog;
}

/** The attribute a partner's subject comes from (`NameID` for most SAML partners). */
export function subjectAttributeOf(mapping: PartnerAttributeMapping, presets: PresetCatalog = defaultPresets()): string | null {
  if (typeof mapping.subject === 'string' && mapping.subject.trim() !== '') return mapping.subject.trim();
  return presets.find(mapping.preset ?? '')?.attributes.subject ?? null;
}
