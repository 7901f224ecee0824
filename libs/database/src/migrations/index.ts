import { Foundation1764400000000 } from './1764400000000-foundation.js';
import { ConventionsAndGuests1764500000000 } from './1764500000000-conventions-and-guests.js';

/** Every migration, in order. A new migration is a new file here, never an edit of a landed one. */
export const MIGRATIONS = [Foundation1764400000000, ConventionsAndGuests1764500000000];
