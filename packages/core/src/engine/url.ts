/**
 * Database URLs in SQLAlchemy's format:
 * `dialect[+driver]://[user[:password]@]host[:port]/database[?key=value&...]`,
 * with `sqlite:///relative.db`, `sqlite:////abs/path.db` and `sqlite://`
 * (memory). Passwords are percent-decoded when parsed and never appear when
 * a URL is printed, logged or shown in an error.
 */
import { ArgumentError } from "../exc.js";

/** The parts of a URL, for `URL.create()`. */
export interface URLParts {
  drivername: string;
  username?: string | undefined;
  password?: string | undefined;
  host?: string | undefined;
  port?: number | undefined;
  database?: string | undefined;
  query?: Readonly<Record<string, string | readonly string[]>> | undefined;
}

const PASSWORD = Symbol("password");
const MASK = "***";

/** An immutable database URL. */
export class URL {
  /** `dialect+driver`, or just `dialect`. */
  readonly drivername: string;
  readonly username: string | undefined;
  readonly host: string | undefined;
  readonly port: number | undefined;
  readonly database: string | undefined;
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  private readonly [PASSWORD]: string | undefined;

  private constructor(parts: URLParts) {
    this.drivername = parts.drivername;
    this.username = parts.username;
    this[PASSWORD] = parts.password;
    this.host = parts.host;
    this.port = parts.port;
    this.database = parts.database;
    this.query = Object.freeze({ ...(parts.query ?? {}) });
    Object.freeze(this);
  }

  /** Builds a URL from its parts (the password is taken as is, not percent-encoded). */
  static create(parts: URLParts): URL {
    if (!parts.drivername) throw new ArgumentError("URL.create() needs a drivername");
    return new URL(parts);
  }

  /** The password. Read explicitly: it is not an enumerable property, so it is not logged by accident. */
  get password(): string | undefined {
    return this[PASSWORD];
  }

  /** The dialect name: `postgresql` of `postgresql+pg`. */
  get backendName(): string {
    return this.drivername.split("+")[0] as string;
  }

  /** The driver name, or `undefined` for the dialect's default driver. */
  get driverName(): string | undefined {
    return this.drivername.split("+")[1];
  }

  /** A copy with some parts replaced. */
  set(parts: Partial<URLParts>): URL {
    return new URL({
      drivername: parts.drivername ?? this.drivername,
      username: "username" in parts ? parts.username : this.username,
      password: "password" in parts ? parts.password : this.password,
      host: "host" in parts ? parts.host : this.host,
      port: "port" in parts ? parts.port : this.port,
      database: "database" in parts ? parts.database : this.database,
      query: parts.query ?? this.query,
    });
  }

  /**
   * The URL as a string; the password is masked unless `hidePassword` is false.
   * Parts are percent-encoded so the string parses back to the same URL.
   */
  renderAsString(options: { hidePassword?: boolean } = {}): string {
    const hide = options.hidePassword ?? true;
    let s = `${this.drivername}://`;
    if (this.username !== undefined) {
      s += encodeURIComponent(this.username);
      if (this.password !== undefined) s += `:${hide ? MASK : encodeURIComponent(this.password)}`;
      s += "@";
    }
    if (this.host !== undefined) s += this.host.includes(":") ? `[${this.host}]` : this.host;
    if (this.port !== undefined) s += `:${this.port}`;
    if (this.database !== undefined) s += `/${this.database}`;
    const q = Object.entries(this.query).flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x as string)}`),
    );
    if (q.length > 0) s += `?${q.join("&")}`;
    return s;
  }

  /** The URL with the password masked. */
  toString(): string {
    return this.renderAsString();
  }

  /** JSON shows the masked form too. */
  toJSON(): string {
    return this.renderAsString();
  }

  /** Node's `util.inspect` (console.log) shows the masked form. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `URL(${JSON.stringify(this.renderAsString())})`;
  }
}

const URL_RE =
  /^(?<name>[\w+.-]+):\/\/(?:(?<user>[^:/@]*)(?::(?<password>[^@]*))?@)?(?:\[(?<ipv6>[^\]]+)\]|(?<host>[^/:?]*))?(?::(?<port>\d+))?(?:\/(?<database>[^?]*))?(?:\?(?<query>.*))?$/s;

/**
 * Parses a URL string (or returns a `URL` as is).
 *
 * @example
 * ```ts
 * makeUrl("postgresql+pg://scott:tiger%40home@localhost:5432/test?sslmode=require")
 * makeUrl("sqlite:///relative/path.db"); makeUrl("sqlite://"); // in memory
 * ```
 */
export function makeUrl(url: string | URL): URL {
  if (url instanceof URL) return url;
  const m = URL_RE.exec(url);
  if (m === null || m.groups === undefined) {
    throw new ArgumentError(`Could not parse SQLAlchemy URL from string '${maskPassword(url)}'`);
  }
  const g = m.groups;
  const decode = (s: string | undefined) => (s === undefined || s === "" ? undefined : decodeURIComponent(s));
  const query: Record<string, string | string[]> = {};
  if (g.query) {
    for (const pair of g.query.split("&")) {
      if (pair === "") continue;
      const [k, v = ""] = pair.split("=");
      const key = decodeURIComponent(k as string);
      const value = decodeURIComponent(v.replace(/\+/g, " "));
      const prev = query[key];
      query[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
  }
  return URL.create({
    drivername: g.name as string,
    username: decode(g.user),
    password: g.password === undefined ? undefined : decodeURIComponent(g.password),
    host: g.ipv6 ?? decode(g.host),
    port: g.port === undefined ? undefined : Number(g.port),
    database: g.database === undefined || g.database === "" ? undefined : decodeURIComponent(g.database),
    query,
  });
}

/** Masks the password of a URL string that may not parse, for error messages. */
function maskPassword(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, `$1${MASK}@`);
}
