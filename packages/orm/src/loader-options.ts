/**
 * Loader options (SQLAlchemy's `sqlalchemy.orm` strategy options): objects
 * given to `select(...).options(...)` that say how the ORM loads
 * relationships (`joinedload`, `selectinload`, ...) and columns (`defer`,
 * `loadOnly`, ...) along a path of relationships from the selected entity.
 *
 * ```ts
 * select(User).options(selectinload(User.addresses).joinedload(Address.user));
 * ```
 *
 * Core stores the options on the statement; the ORM compile step
 * (`orm-compile.ts`) reads them.
 */
import { ArgumentError, type ColumnElement, type StatementOption } from "@athanor/core";
import type { RelationshipProperty } from "./mapper.js";
import type { RelationshipAttribute } from "./relationship-attribute.js";

/** How a relationship loads: the values of `relationship({ lazy })` that are built. */
export type RelationshipStrategy =
  | "select"
  | "joined"
  | "selectin"
  | "subquery"
  | "raise"
  | "raise_on_sql"
  | "noload";

/** The `optionKind` of every loader option. */
export const LOADER_OPTION_KIND = "ormLoaderOption";

/** A class-level column attribute that column options accept (`User.name`, a `columnProperty`). */
export type ColumnAttributeArg = ColumnElement<any>;

/** One relationship step of an option's path. @internal */
export interface RelationshipStep {
  /** The relationship, or `"*"` for every relationship at this point of the path. */
  readonly rel: RelationshipProperty | "*";
  /** The strategy to use; `undefined` for `defaultload` (leave it as configured). */
  readonly strategy: RelationshipStrategy | "containsEager" | undefined;
  /** joinedload: INNER JOIN instead of LEFT OUTER JOIN. */
  readonly innerjoin?: boolean | undefined;
  /** containsEager: the FROM (an alias of the target) the statement joined explicitly. */
  readonly alias?: unknown;
}

/** A column directive at the end of an option's path. @internal */
export type ColumnDirective =
  | { readonly kind: "defer"; readonly attrs: readonly ColumnAttributeArg[]; readonly raiseload: boolean }
  | { readonly kind: "undefer"; readonly attrs: readonly ColumnAttributeArg[] }
  | { readonly kind: "undeferGroup"; readonly group: string }
  | { readonly kind: "loadOnly"; readonly attrs: readonly ColumnAttributeArg[]; readonly raiseload: boolean }
  | { readonly kind: "withExpression"; readonly attr: unknown; readonly expr: ColumnElement<any> };

/** Options of {@link joinedload}. */
export interface JoinedLoadOptions {
  /** Render an INNER JOIN: for a relationship that always has a related row. */
  innerjoin?: boolean;
}

/** Options of {@link raiseload}. */
export interface RaiseLoadOptions {
  /** Raise only when loading would emit SQL (a many-to-one found in the identity map is returned). */
  sqlOnly?: boolean;
}

/** Options of {@link defer} and {@link loadOnly}. */
export interface DeferOptions {
  /** Accessing the unloaded attribute raises instead of emitting a SELECT. */
  raiseload?: boolean;
}

function relOf(attr: RelationshipAttribute | "*", fn: string): RelationshipProperty | "*" {
  if (attr === "*") return "*";
  const rel = (attr as { property?: RelationshipProperty } | undefined)?.property;
  if (rel === undefined || typeof rel !== "object" || !("direction" in rel))
    throw new ArgumentError(`${fn}() expects a relationship attribute such as User.addresses`);
  return rel;
}

function checkColumns(attrs: readonly unknown[], fn: string): void {
  if (attrs.length === 0) throw new ArgumentError(`${fn}() expects at least one column attribute`);
  for (const a of attrs)
    if (typeof a !== "object" || a === null || (a as { property?: unknown }).property !== undefined)
      throw new ArgumentError(`${fn}() expects column attributes such as User.name`);
}

/**
 * A loader option: a path of relationship steps from the selected entity,
 * optionally ending with a column directive. Methods add a step to the path
 * (`selectinload(User.addresses).joinedload(Address.user)`).
 */
export class LoaderOption implements StatementOption {
  readonly optionKind = LOADER_OPTION_KIND;

  /** @internal */
  constructor(
    /** @internal */
    readonly steps: readonly RelationshipStep[],
    /** @internal */
    readonly column?: ColumnDirective,
  ) {}

  private step(step: RelationshipStep): LoaderOption {
    if (this.column !== undefined)
      throw new ArgumentError(`a column option (${this.column.kind}) ends a loader option's path`);
    return new LoaderOption([...this.steps, step]);
  }

  private withColumn(column: ColumnDirective): LoaderOption {
    if (this.column !== undefined)
      throw new ArgumentError(`a column option (${this.column.kind}) ends a loader option's path`);
    return new LoaderOption(this.steps, column);
  }

  /** Chains {@link joinedload} below this path. */
  joinedload(attr: RelationshipAttribute, options: JoinedLoadOptions = {}): LoaderOption {
    return this.step({ rel: relOf(attr, "joinedload"), strategy: "joined", innerjoin: options.innerjoin });
  }
  /** Chains {@link selectinload} below this path. */
  selectinload(attr: RelationshipAttribute): LoaderOption {
    return this.step({ rel: relOf(attr, "selectinload"), strategy: "selectin" });
  }
  /** Chains {@link subqueryload} below this path. */
  subqueryload(attr: RelationshipAttribute): LoaderOption {
    return this.step({ rel: relOf(attr, "subqueryload"), strategy: "subquery" });
  }
  /** Chains {@link lazyload} below this path. */
  lazyload(attr: RelationshipAttribute | "*"): LoaderOption {
    return this.step({ rel: relOf(attr, "lazyload"), strategy: "select" });
  }
  /** Chains {@link raiseload} below this path. */
  raiseload(attr: RelationshipAttribute | "*", options: RaiseLoadOptions = {}): LoaderOption {
    return this.step({ rel: relOf(attr, "raiseload"), strategy: options.sqlOnly ? "raise_on_sql" : "raise" });
  }
  /** Chains {@link noload} below this path. */
  noload(attr: RelationshipAttribute | "*"): LoaderOption {
    return this.step({ rel: relOf(attr, "noload"), strategy: "noload" });
  }
  /** Chains {@link defaultload} below this path. */
  defaultload(attr: RelationshipAttribute): LoaderOption {
    return this.step({ rel: relOf(attr, "defaultload"), strategy: undefined });
  }
  /** Chains {@link containsEager} below this path. */
  containsEager(attr: RelationshipAttribute, options: ContainsEagerOptions = {}): LoaderOption {
    return this.step({ rel: relOf(attr, "containsEager"), strategy: "containsEager", alias: options.alias });
  }
  /** Defers columns of the entity at the end of this path. */
  defer(attr: ColumnAttributeArg, options: DeferOptions = {}): LoaderOption {
    checkColumns([attr], "defer");
    return this.withColumn({ kind: "defer", attrs: [attr], raiseload: options.raiseload === true });
  }
  /** Undefers columns of the entity at the end of this path. */
  undefer(attr: ColumnAttributeArg): LoaderOption {
    checkColumns([attr], "undefer");
    return this.withColumn({ kind: "undefer", attrs: [attr] });
  }
  /** Undefers a deferred group of the entity at the end of this path. */
  undeferGroup(group: string): LoaderOption {
    return this.withColumn({ kind: "undeferGroup", group });
  }
  /** Loads only these columns (and the primary key) of the entity at the end of this path. */
  loadOnly(...attrs: ColumnAttributeArg[]): LoaderOption {
    checkColumns(attrs, "loadOnly");
    return this.withColumn({ kind: "loadOnly", attrs, raiseload: false });
  }
}

/** Options of {@link containsEager}. */
export interface ContainsEagerOptions {
  /** The alias of the target that the statement joined to, when it is not the target's table. */
  alias?: unknown;
}

/**
 * Loads a relationship in the same SELECT with a LEFT OUTER JOIN to an
 * anonymous alias of the target (`LEFT OUTER JOIN address AS address_1 ON
 * user_account.id = address_1.user_id`). For a collection, the result must
 * be de-duplicated with `.unique()`.
 */
export function joinedload(attr: RelationshipAttribute, options: JoinedLoadOptions = {}): LoaderOption {
  return new LoaderOption([]).joinedload(attr, options);
}

/**
 * Loads a relationship with a second SELECT for all the parents at once:
 * `... WHERE address.user_id IN (...)` (in batches of 500); a many-to-one
 * selects the targets by primary key, skipping those in the identity map.
 */
export function selectinload(attr: RelationshipAttribute): LoaderOption {
  return new LoaderOption([]).selectinload(attr);
}

/**
 * Loads a relationship with a second SELECT that joins the target to the
 * original statement as a subquery (`FROM (SELECT user_account.id ...) AS
 * anon_1 JOIN address ON anon_1.user_account_id = address.user_id`).
 */
export function subqueryload(attr: RelationshipAttribute): LoaderOption {
  return new LoaderOption([]).subqueryload(attr);
}

/** Loads a relationship on first access, one SELECT per object (the default `lazy: "select"`). */
export function lazyload(attr: RelationshipAttribute | "*"): LoaderOption {
  return new LoaderOption([]).lazyload(attr);
}

/**
 * Accessing the relationship raises instead of loading it (`lazy: "raise"`);
 * with `sqlOnly` only when the load would emit SQL (`lazy: "raise_on_sql"`).
 * `raiseload("*")` applies to every relationship not named by another option.
 */
export function raiseload(attr: RelationshipAttribute | "*", options: RaiseLoadOptions = {}): LoaderOption {
  return new LoaderOption([]).raiseload(attr, options);
}

/** The relationship never loads: it stays empty (or `null`). */
export function noload(attr: RelationshipAttribute | "*"): LoaderOption {
  return new LoaderOption([]).noload(attr);
}

/** Leaves the relationship's strategy as configured; used to reach options further down the path. */
export function defaultload(attr: RelationshipAttribute): LoaderOption {
  return new LoaderOption([]).defaultload(attr);
}

/**
 * The statement joins the relationship's target itself
 * (`select(User).join(User.addresses)`): its columns are added to the
 * SELECT and populate the relationship, without another join.
 */
export function containsEager(attr: RelationshipAttribute, options: ContainsEagerOptions = {}): LoaderOption {
  return new LoaderOption([]).containsEager(attr, options);
}

/** Leaves a column out of the SELECT; it loads on first access (one SELECT), or raises with `raiseload`. */
export function defer(attr: ColumnAttributeArg, options: DeferOptions = {}): LoaderOption {
  return new LoaderOption([]).defer(attr, options);
}

/** Loads a column that the mapping defers. */
export function undefer(attr: ColumnAttributeArg): LoaderOption {
  return new LoaderOption([]).undefer(attr);
}

/** Loads every column of a deferred group (`mappedColumn(..., { deferredGroup: "photos" })`). */
export function undeferGroup(group: string): LoaderOption {
  return new LoaderOption([]).undeferGroup(group);
}

/** Loads only these columns and the primary key; the others are deferred. */
export function loadOnly(...attrs: ColumnAttributeArg[]): LoaderOption {
  return new LoaderOption([]).loadOnly(...attrs);
}

/**
 * Loads a `queryExpression()` attribute with this SQL expression:
 * `select(User).options(withExpression(User.score, User.a.add(User.b)))`.
 */
export function withExpression<T>(attr: QueryExpressionAttr<T>, expr: ColumnElement<T>): LoaderOption {
  if (!(attr instanceof Object) || (attr as { queryExpression?: unknown }).queryExpression !== true)
    throw new ArgumentError("withExpression() expects a queryExpression() attribute such as User.score");
  return new LoaderOption([], { kind: "withExpression", attr, expr });
}

/** The class-level side of a `queryExpression()` attribute. */
export interface QueryExpressionAttr<T> {
  /** @internal */
  readonly queryExpression: true;
  /** @internal */
  readonly __value?: T;
}
