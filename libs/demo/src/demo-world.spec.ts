import { checkUai, Profile } from '@passerelle/directory';
import { COLLEGE_CLASS, COLLEGE_UAI as JEAN_MOULIN_UAI } from '../../../federation/idp-oidc/college-jean-moulin';
import { COLLEGE_UAI as VICTOR_HUGO_UAI } from '../../../federation/idp-saml/college-victor-hugo';
import { demoPdf } from './demo-document.js';
import {
  DEMO_CM2_PUPILS, DEMO_ECOLE, DEMO_HOME_PEOPLE, DEMO_JEAN_MOULIN, DEMO_VICTOR_HUGO, DEMO_VICTOR_HUGO_PEOPLE,
} from './demo-world.js';

describe('the demo world', () => {
  it('has schools with valid UAIs, the collèges being those of the local identity providers', () => {
    for (const school of [DEMO_ECOLE, DEMO_JEAN_MOULIN, DEMO_VICTOR_HUGO]) expect(checkUai(school.uai)).toEqual({ valid: true, uai: school.uai });
    expect(DEMO_JEAN_MOULIN.uai).toBe(JEAN_MOULIN_UAI);
    expect(DEMO_JEAN_MOULIN.classCode).toBe(COLLEGE_CLASS);
    expect(DEMO_VICTOR_HUGO.uai).toBe(VICTOR_HUGO_UAI);
  });

  it('has a CM2 A of 22 pupils, a teacher and a director, each with a login and a subject of their own', () => {
    expect(DEMO_CM2_PUPILS).toHaveLength(22);
    expect(DEMO_CM2_PUPILS.every((pupil) => pupil.profile === Profile.ELV && pupil.classCode === 'CM2 A')).toBe(true);
    expect(DEMO_HOME_PEOPLE.filter((person) => person.profile === Profile.ENS)).toHaveLength(1);
    expect(DEMO_HOME_PEOPLE.filter((person) => person.profile === Profile.DIR)).toHaveLength(1);
    for (const people of [DEMO_HOME_PEOPLE, DEMO_VICTOR_HUGO_PEOPLE]) {
      expect(new Set(people.map((person) => person.login)).size).toBe(people.length);
      expect(new Set(people.map((person) => person.sub)).size).toBe(people.length);
    }
    expect(DEMO_VICTOR_HUGO_PEOPLE.filter((person) => person.profile === Profile.ELV).every((pupil) => pupil.classCode === DEMO_VICTOR_HUGO.classCode))
      .toBe(true);
  });
});

describe('demoPdf', () => {
  it('writes a PDF whose cross-reference table points at each object', () => {
    const pdf = demoPdf('Liste des livres du défi');
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.4\n')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((match) => Number(match[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, index) => expect(text.slice(offset, offset + `${index + 1} 0 obj`.length)).toBe(`${index + 1} 0 obj`));
    // Accented letters in WinAnsi (Latin-1), the en dash as a hyphen.
    expect(text).toContain('(Liste des livres du d\xe9fi) Tj');
    expect(demoPdf('CM2–6e').toString('latin1')).toContain('(CM2-6e) Tj');
  });
});
