/**
 * How a partner's SAML attributes or OIDC claims become a Passerelle identity. Plain JSON, stored as is in
 * `partner_ent.attribute_mapping`; the federation library reads it. Each field names an attribute (SAML) or a claim
 * (OIDC); `NameID` stands for the SAML subject NameID, `sub` for the OIDC subject.
 */
export enum AttributeMappingPreset {
  GENERIC_SAML = 'GENERIC_SAML',
  GENERIC_OIDC = 'GENERIC_OIDC',
  /** ENT Core (Open ENT NG family): ENTPersonProfils, ENTPersonStructRattachUAI, ENTEleveClasses. */
  ENT_CORE = 'ENT_CORE',
  /** One FrEduVecteur attribute `profil|nom|prénom|id|UAI` (EduConnect, GAR). */
  FREDUVECTEUR = 'FREDUVECTEUR',
}

export interface AttributeMapping {
  readonly preset: AttributeMappingPreset;
  /** Stable subject of the external identity (never an e-mail or a name). */
  readonly subject: string;
  readonly displayName: string;
  /** Gives national profile codes (National_ELV...). */
  readonly profile: string;
  /** Gives the person's school UAI. */
  readonly uai: string;
  /** Gives the person's class (division), when the partner sends it. */
  readonly classCode: string | null;
}

/** Defaults of each preset; any field given explicitly overrides its preset's value. */
export const ATTRIBUTE_MAPPING_PRESETS: Readonly<Record<AttributeMappingPreset, AttributeMapping>> = {
  [AttributeMappingPreset.GENERIC_SAML]: {
    preset: AttributeMappingPreset.GENERIC_SAML, subject: 'NameID', displayName: 'displayName',
    profile: 'ENTPersonProfils', uai: 'ENTPersonStructRattachUAI', classCode: null,
  },
  [AttributeMappingPreset.GENERIC_OIDC]: {
    preset: AttributeMappingPreset.GENERIC_OIDC, subject: 'sub', displayName: 'name',
    profile: 'profile', uai: 'uai', classCode: null,
  },
  [AttributeMappingPreset.ENT_CORE]: {
    preset: AttributeMappingPreset.ENT_CORE, subject: 'NameID', displayName: 'displayName',
    profile: 'ENTPersonProfils', uai: 'ENTPersonStructRattachUAI', classCode: 'ENTEleveClasses',
  },
  [AttributeMappingPreset.FREDUVECTEUR]: {
    preset: AttributeMappingPreset.FREDUVECTEUR, subject: 'FrEduVecteur', displayName: 'FrEduVecteur',
    profile: 'FrEduVecteur', uai: 'FrEduVecteur', classCode: null,
  },
};

export interface AttributeMappingOverrides {
  readonly preset?: AttributeMappingPreset | null;
  readonly subject?: string | null;
  readonly displayName?: string | null;
  readonly profile?: string | null;
  readonly uai?: string | null;
  readonly classCode?: string | null;
}

const ATTRIBUTE_NAME = /^[A-Za-z0-9_:.\-/#]{1,200}$/;

/**
 * The complete mapping from a preset and overrides (absent or blank fields take the preset's value;
 * `classCode: null` means the partner sends no class). Throws a French reason with the field at fault.
 */
export function resolveAttributeMapping(input: AttributeMappingOverrides | null | undefined, fallback: AttributeMappingPreset):
  { readonly ok: true; readonly mapping: AttributeMapping } | { readonly ok: false; readonly field: string; readonly reason: string } {
  const preset = input?.preset ?? fallback;
  const base = ATTRIBUTE_MAPPING_PRESETS[preset];
  if (!base) return { ok: false, field: 'preset', reason: 'Le modèle de correspondance est inconnu.' };
  const mapping: Record<string, string | null> = { ...base };
  for (const field of ['subject', 'displayName', 'profile', 'uai', 'classCode'] as const) {
    const value = input?.[field];
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) continue;
    if (value === null) {
      if (field !== 'classCode') continue;
      mapping[field] = null;
      continue;
    }
    const name = value.trim();
    if (!ATTRIBUTE_NAME.test(name)) {
      return { ok: false, field, reason: `Le nom d'attribut « ${name.slice(0, 40)} » est invalide.` };
    }
    mapping[field] = name;
  }
  return { ok: true, mapping: { ...(mapping as unknown as AttributeMapping), preset } };
}
