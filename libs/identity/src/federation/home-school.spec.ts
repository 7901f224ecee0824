import { checkHomeSchool } from './home-school.js';

const JULES_FERRY = '0750001U';
const PASTEUR = '0693456G';

describe('the school of a home-ENT person', () => {
  it('admits a person of a school the home ENT serves, at the first sign-in and after', () => {
    expect(checkHomeSchool({ servedUais: [JULES_FERRY], assertedUai: JULES_FERRY, currentUai: null })).toEqual({ admitted: true });
    expect(checkHomeSchool({ servedUais: [JULES_FERRY], assertedUai: JULES_FERRY, currentUai: JULES_FERRY })).toEqual({ admitted: true });
  });

  it('refuses a school the home ENT does not serve, whatever the profile, and everyone when it serves none', () => {
    expect(checkHomeSchool({ servedUais: [JULES_FERRY], assertedUai: PASTEUR, currentUai: null }))
      .toEqual({ admitted: false, code: 'HOME_SCHOOL_NOT_SERVED' });
    expect(checkHomeSchool({ servedUais: [], assertedUai: JULES_FERRY, currentUai: null }))
      .toEqual({ admitted: false, code: 'HOME_SCHOOL_NOT_SERVED' });
    expect(checkHomeSchool({ servedUais: undefined, assertedUai: JULES_FERRY, currentUai: null }))
      .toEqual({ admitted: false, code: 'HOME_SCHOOL_NOT_SERVED' });
  });

  it('refuses to move a returning person to another school, even one the ENT serves', () => {
    expect(checkHomeSchool({ servedUais: [JULES_FERRY, PASTEUR], assertedUai: PASTEUR, currentUai: JULES_FERRY }))
      .toEqual({ admitted: false, code: 'HOME_SCHOOL_CHANGED' });
  });
});
