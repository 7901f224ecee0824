import { PartnerTrust } from './partner-settings.js';
import { checkServedUais, nextServedUais, SERVED_UAIS_PARTNER_REASON } from './served-schools.js';

describe('schools served by a home ENT', () => {
  it('normalises, sorts and keeps each UAI once', () => {
    expect(checkServedUais([' 0693456g ', '0750001U', '0693456G'], PartnerTrust.HOME)).toEqual({ ok: true, uais: ['0693456G', '0750001U'] });
  });

  it('refuses an UAI whose check letter is wrong, naming its position', () => {
    expect(checkServedUais(['0750001U', '0750001A'], PartnerTrust.HOME))
      .toEqual({ ok: false, index: 1, reason: "La lettre clé de l'UAI 0750001A devrait être U." });
  });

  it('refuses schools for a PARTNER ENT, whose schools are its conventions\'', () => {
    expect(checkServedUais(['0750001U'], PartnerTrust.PARTNER)).toEqual({ ok: false, index: null, reason: SERVED_UAIS_PARTNER_REASON });
    expect(checkServedUais([], PartnerTrust.PARTNER)).toEqual({ ok: true, uais: [] });
  });

  it('keeps the stored schools when none are given, and drops them when the ENT becomes a PARTNER', () => {
    expect(nextServedUais(['0750001U'], undefined, PartnerTrust.HOME)).toEqual({ ok: true, uais: ['0750001U'] });
    expect(nextServedUais(['0750001U'], null, PartnerTrust.PARTNER)).toEqual({ ok: true, uais: [] });
    expect(nextServedUais(['0750001U'], [], PartnerTrust.HOME)).toEqual({ ok: true, uais: [] });
  });
});
