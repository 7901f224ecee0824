import 'reflect-metadata';
import { isIP } from 'node:net';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, Validate, validateSync,
  ValidatorConstraint, ValidatorConstraintInterface,
} from 'class-validator';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1' ? true
    : value === false || value === 'false' || value === '0' ? false : value;
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
const toTrustProxy = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '' || value === false || value === 'false' || value === '0') return false;
  if (typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value.trim());
  return typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean).join(',') : value;
};

/** TRUST_PROXY: false, a hop count from 1 to 10, or a list of IPv4/IPv6 addresses or CIDRs. */
@ValidatorConstraint({ name: 'trustProxy' })
class TrustProxyValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === false) return true;
    if (typeof value === 'number') return Number.isInteger(value) && value >= 1 && value <= 10;
    return typeof value === 'string' && value !== '' && value.split(',').every(isAddressOrCidr);
  }

  defaultMessage(): string {
    return 'a hop count (1 for one reverse proxy in front) or a comma-separated list of the proxies\' addresses or CIDRs'
      + ' (e.g. 10.0.0.5 or 10.0.0.0/8); `true` is refused because it would trust any X-Forwarded-For a client sends';
  }
}

function isAddressOrCidr(part: string): boolean {
  const [address, bits, extra] = part.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Names of variables whose values are never printed. */
export const SECRET_VARIABLES = new Set(['ADMIN_PASSWORD', 'DATABASE_URL', 'METRICS_TOKEN', 'REDIS_URL', 'SECRET_KEY']);

/**
 * The hub's whole configuration, read once from the environment at boot.
 * Each property is an environment variable of the same name.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  /** Address the HTTP server listens on. */
  @IsString() @MinLength(1)
  HOST = '0.0.0.0';

  /**
   * Which reverse proxies are trusted for X-Forwarded-For (the client's address, used by per-address throttling and by
   * /metrics): unset or `false`, none (the socket's address); a hop count (`1`: one proxy in front, the last address it
   * appended is the client's); or a comma-separated list of the proxies' addresses or CIDRs (`10.0.0.5,10.1.0.0/16`).
   * `true` is refused: it would trust whatever X-Forwarded-For a client sends, and let it choose its own address.
   * A hop count is only honoured from a loopback, private or link-local socket (see trustProxyOption).
   */
  @Transform(toTrustProxy) @IsOptional() @Validate(TrustProxyValue)
  TRUST_PROXY: false | number | string = false;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString()
  @Matches(/^rediss?:\/\/[^\s]*$/, { message: 'a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  /** Prefix of every Redis key (sessions, caches, BullMQ queues): lets several hubs or test runs share one Redis. */
  @IsString() @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'letters, digits, _ or - (1 to 40)' })
  REDIS_KEY_PREFIX = 'passerelle';

  /** Where the embedded PostgreSQL keeps its files when DATABASE_URL is not set. */
  @IsString() @MinLength(1)
  DATA_DIR = './.data';

  /** Largest document a person may upload, in bytes (documents live under DATA_DIR/documents). */
  @Transform(toInt) @IsInt() @Min(1024) @Max(2 * 1024 * 1024 * 1024)
  MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

  /**
   * Per-person limits in a space (members who do not moderate it: pupils), counted over a window of
   * CONTRIBUTION_WINDOW_SECONDS: posts, comments, uploads (new documents and new versions) and members mentioned.
   * Past a limit the contribution is refused (RATE_LIMITED, HTTP 429 with Retry-After) and nothing is written.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(86_400)
  CONTRIBUTION_WINDOW_SECONDS = 60;

  @Transform(toInt) @IsInt() @Min(1) @Max(10_000)
  POSTS_PER_WINDOW = 5;

  @Transform(toInt) @IsInt() @Min(1) @Max(10_000)
  COMMENTS_PER_WINDOW = 10;

  @Transform(toInt) @IsInt() @Min(1) @Max(10_000)
  UPLOADS_PER_WINDOW = 10;

  @Transform(toInt) @IsInt() @Min(1) @Max(100_000)
  MENTIONS_PER_WINDOW = 20;

  /** Share of a space's storage quota that one member who does not moderate it (a pupil) may fill, in percent. */
  @Transform(toInt) @IsInt() @Min(1) @Max(100)
  PUPIL_STORAGE_SHARE_PERCENT = 20;

  /** Where the built web app is (scripts/build.mjs writes dist/web); without it `/` stays the server-rendered home page. */
  @IsString() @MinLength(1)
  WEB_DIR = './dist/web';

  /** The address people use to reach the hub (cookies, SAML/OIDC endpoints). */
  @IsString() @Matches(/^https?:\/\/[^\s/]+(:\d+)?$/, { message: 'an http(s)://host[:port] origin without a trailing path' })
  PUBLIC_URL = 'http://localhost:3000';

  @Transform(toBool) @IsOptional() @IsBoolean()
  MIGRATIONS_RUN = true;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @Matches(/^[a-z0-9._-]{3,64}$/, { message: 'a login of 3 to 64 characters among a-z 0-9 . _ -' })
  ADMIN_LOGIN?: string;

  @Transform(emptyToUndefined) @IsOptional() @IsString() @MinLength(12, { message: 'a password of at least 12 characters' }) @MaxLength(256)
  ADMIN_PASSWORD?: string;

  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 60)
  SESSION_IDLE_MINUTES = 30;

  @Transform(toInt) @IsInt() @Min(1) @Max(7 * 24)
  SESSION_ABSOLUTE_HOURS = 10;

  /**
   * Local login attempts allowed per (login, IP address) — LOGIN_THROTTLE_PER_LOGIN — and per IP address whatever the
   * login — LOGIN_THROTTLE_PER_IP — within LOGIN_THROTTLE_WINDOW_SECONDS. Never per login alone: failures from one
   * address do not lock the administrator out from another.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(10_000)
  LOGIN_THROTTLE_PER_LOGIN = 5;

  @Transform(toInt) @IsInt() @Min(1) @Max(100_000)
  LOGIN_THROTTLE_PER_IP = 30;

  /**
   * Ceiling per login from all addresses together (a distributed attacker rotating addresses), within
   * LOGIN_THROTTLE_WINDOW_SECONDS: past it, attempts for that login are answered 429 (Retry-After), without checking the
   * password, except from an address (IPv6: its /64) where that login signed in successfully within
   * LOGIN_KNOWN_ADDRESS_DAYS, whose attempts do not count toward it: the real administrator keeps signing in from there.
   */
  @Transform(toInt) @IsInt() @Min(1) @Max(100_000)
  LOGIN_THROTTLE_PER_LOGIN_ALL_ADDRESSES = 50;

  @Transform(toInt) @IsInt() @Min(0) @Max(365)
  LOGIN_KNOWN_ADDRESS_DAYS = 30;

  /**
   * Home-ENT people not seen (no sign-in) since the end of a school year are erased this many days after it ends
   * (31 August + 92 days: early December), with the guests' erasure rules.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(3650)
  HOME_PEOPLE_RETENTION_DAYS = 92;

  /** What becomes of an erased home person's contributions: ERASE (as for a guest who objected) or KEEP_PSEUDONYMIZED. */
  @IsIn(['ERASE', 'KEEP_PSEUDONYMIZED'])
  HOME_PEOPLE_CONTRIBUTION_FATE: 'ERASE' | 'KEEP_PSEUDONYMIZED' = 'ERASE';

  @Transform(toInt) @IsInt() @Min(1) @Max(86_400)
  LOGIN_THROTTLE_WINDOW_SECONDS = 900;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** GraphQL introspection and field suggestions; off by default in production. */
  @Transform(toBool) @IsOptional() @IsBoolean()
  GRAPHQL_INTROSPECTION?: boolean;

  /** Secure flag on cookies; on by default when PUBLIC_URL is https. */
  @Transform(toBool) @IsOptional() @IsBoolean()
  COOKIE_SECURE?: boolean;

  /**
   * Who may read /metrics. Unset (the default): only this machine (a socket from the loopback address, with no
   * proxy header such as Forwarded, X-Forwarded-*, X-Real-IP or Via, i.e. not through a reverse proxy: set the token behind one). Set: only a request carrying
   * `Authorization: Bearer <METRICS_TOKEN>`, from anywhere. Anyone else gets the 404 of an unknown page.
   * At least 32 characters (`openssl rand -base64 32`).
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._~+/=-]{32,256}$/, { message: 'at least 32 characters among A-Z a-z 0-9 . _ ~ + / = -' })
  METRICS_TOKEN?: string;

  /**
   * SAML responses waiting for the schema validator's worker threads (ADR 0020), at most, per api process. Past it the
   * ACS answers 503 with Retry-After and the French refusal page (SAML_BUSY, audited) rather than hold more large bodies
   * in memory. 0: refuse whenever both workers are busy.
   */
  @Transform(toInt) @IsInt() @Min(0) @Max(10_000)
  SAML_VALIDATION_QUEUE = 64;

  /** How often the outbox relay looks for jobs written by other processes, in milliseconds. */
  @Transform(toInt) @IsInt() @Min(50) @Max(60_000)
  OUTBOX_POLL_MS = 500;

  /**
   * Key that encrypts secrets at rest (partners' OIDC client secrets, our SAML service-provider private keys): 32 random bytes in base64
   * (`openssl rand -base64 32`). Required in production, where it is read at the first use of a secret; elsewhere,
   * when unset, a random key is created once under DATA_DIR/secret.key (mode 0600).
   */
  @Transform(emptyToUndefined) @IsOptional() @IsString()
  @Matches(/^(?:[A-Za-z0-9+/]{4}){10}[A-Za-z0-9+/]{3}=$/, { message: '32 bytes encoded in base64 (openssl rand -base64 32)' })
  SECRET_KEY?: string;

  /**
   * Demo mode (`--demo` on the api's command line, or DEMO=true): on an empty database, seeds an invented world and starts
   * the local identity providers of federation/. Refused when NODE_ENV=production.
   */
  @Transform(toBool) @IsOptional() @IsBoolean()
  DEMO = false;

  /** Demo mode only: ports of the local identity providers (home ENT over OIDC, partner collège over OIDC, over SAML). */
  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  DEMO_HOME_IDP_PORT = 3001;

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  DEMO_OIDC_IDP_PORT = 3002;

  @Transform(toInt) @IsInt() @Min(1) @Max(65535)
  DEMO_SAML_IDP_PORT = 3003;

  get isProduction(): boolean { return this.NODE_ENV === 'production'; }
  get embeddedDatabase(): boolean { return !this.DATABASE_URL; }
  get embeddedJobs(): boolean { return !this.REDIS_URL; }
  get introspection(): boolean { return this.GRAPHQL_INTROSPECTION ?? !this.isProduction; }
  get cookieSecure(): boolean { return this.COOKIE_SECURE ?? this.PUBLIC_URL.startsWith('https://'); }
}

export class ConfigError extends Error {
  constructor(readonly variable: string, readonly expected: string) {
    super(`Invalid configuration: ${variable} must be ${expected}`);
  }
}

const KNOWN = new Set(Object.keys(new AppConfig()).concat(['DATABASE_URL', 'REDIS_URL', 'ADMIN_LOGIN', 'ADMIN_PASSWORD',
  'GRAPHQL_INTROSPECTION', 'COOKIE_SECURE', 'SECRET_KEY', 'METRICS_TOKEN']));

/** The environment as the api reads it: `--demo` on the command line is DEMO=true. */
export function environmentWithFlags(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return argv.includes('--demo') ? { ...env, DEMO: 'true' } : env;
}

/** Validates the environment; throws a ConfigError naming the first wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of KNOWN) if (env[key] !== undefined) raw[key] = env[key];
  const config = plainToInstance(AppConfig, raw, { exposeDefaultValues: true });
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const expected = Object.values(first.constraints ?? {})[0] ?? 'valid';
    throw new ConfigError(first.property, describeConstraint(first.property, expected));
  }
  if (config.REDIS_URL && !config.DATABASE_URL) {
    throw new ConfigError('DATABASE_URL', 'set when REDIS_URL is set (the worker processes must reach the same PostgreSQL server)');
  }
  if (config.DEMO && config.isProduction) {
    throw new ConfigError('DEMO', 'off when NODE_ENV=production (demo mode, --demo or DEMO=true, seeds invented people and starts identity providers that sign anyone in)');
  }
  if ((config.ADMIN_LOGIN === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(config.ADMIN_LOGIN === undefined ? 'ADMIN_LOGIN' : 'ADMIN_PASSWORD',
      'set together with ' + (config.ADMIN_LOGIN === undefined ? 'ADMIN_PASSWORD' : 'ADMIN_LOGIN'));
  }
  return config;
}

function describeConstraint(property: string, message: string): string {
  // class-validator messages start with the property name ("PORT must be ..."): keep what follows.
  const prefix = `${property} must be `;
  if (message.startsWith(prefix)) return message.slice(prefix.length);
  // "PORT must not be greater than 65535" → "at most 65535" (the error reads "PORT must be at most 65535").
  const negated = `${property} must not be `;
  if (message.startsWith(negated)) {
    const rest = message.slice(negated.length);
    return rest.replace(/^greater than /, 'at most ').replace(/^less than /, 'at least ').replace(/^(?!at )/, 'not ');
  }
  if (message.startsWith(property + ' ')) return message.slice(property.length + 1);
  return message;
}
