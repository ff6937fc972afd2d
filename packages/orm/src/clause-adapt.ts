/**
 * Walking and rewriting join conditions (SQLAlchemy's `sql.visitors` and
 * `ClauseAdapter`, reduced to what relationships need): find the columns of
 * an expression, find its `a = b` comparisons, and copy it with some columns
 * replaced (by an alias's columns, or by bound values for a lazy load).
 *
 * Also the `foreign()` / `remote()` annotations that say which side of a
 * custom join condition is which.
 */
import {
  BinaryExpression,
  type ClauseElement,
  ColumnClause,
  type ColumnElement,
  FromClause,
  type Internals,
  isClauseElement,
  operators,
} from "@athanor/core";

const ANNOTATED_FROM = Symbol("athanor.orm.annotatedFrom");
const FOREIGN = Symbol("athanor.orm.foreign");
const REMOTE = Symbol("athanor.orm.remote");

function annotate<T extends ColumnElement<any>>(col: T, mark: symbol, what: string): T {
  if (!(col instanceof ColumnClause))
    throw new TypeError(`${what}() takes a column, got ${String((col as object)?.constructor?.name)}`);
  // A copy that reads everything from the column through its prototype, plus the mark: it
  // compiles as the column, and the relationship reads the mark when it is configured.
  const original = unannotated(col);
  const copy = Object.create(col) as T & Record<symbol, unknown>;
  Object.defineProperty(copy, ANNOTATED_FROM, { value: original });
  Object.defineProperty(copy, mark, { value: true });
  return copy;
}

/**
 * Marks the column of a custom `primaryjoin` that acts as the foreign key
 * (SQLAlchemy's `foreign()`), when no foreign key constraint says so.
 *
 * @example
 * ```ts
 * primaryjoin: () => User.id.eq(foreign(Address.userId)),
 * ```
 */
export function foreign<T extends ColumnElement<any>>(col: T): T {
  return annotate(col, FOREIGN, "foreign");
}

/** Marks the column of a custom `primaryjoin` that is on the target's side (SQLAlchemy's `remote()`). */
export function remote<T extends ColumnElement<any>>(col: T): T {
  return annotate(col, REMOTE, "remote");
}

/** The column an annotated copy stands for (or `col` itself). @internal */
export function unannotated(col: ColumnElement<any>): ColumnElement<any> {
  return ((col as unknown as Record<symbol, ColumnElement<any> | undefined>)[ANNOTATED_FROM] ??
    col) as ColumnElement<any>;
}

/** Whether `col` carries the `foreign()` annotation. @internal */
export function isForeignAnnotated(col: ColumnElement<any>): boolean {
  return (col as unknown as Record<symbol, unknown>)[FOREIGN] === true;
}

/** Whether `col` carries the `remote()` annotation. @internal */
export function isRemoteAnnotated(col: ColumnElement<any>): boolean {
  return (col as unknown as Record<symbol, unknown>)[REMOTE] === true;
}

/** The children of an element, as its class declares them. */
function childrenOf(el: ClauseElement): { attr: string; kind: string; value: unknown }[] {
  const out: { attr: string; kind: string; value: unknown }[] = [];
  for (const [attr, kind] of (el.constructor as { internals?: Internals }).internals ?? [])
    out.push({ attr, kind, value: (el as unknown as Record<string, unknown>)[attr] });
  return out;
}

/** Calls `fn` on every column of an expression (annotated copies as they are). @internal */
export function visitColumns(el: ClauseElement, fn: (col: ColumnClause<any>) => void): void {
  if (el instanceof ColumnClause) {
    fn(el);
    return;
  }
  if (el instanceof FromClause) return;
  for (const { kind, value } of childrenOf(el)) {
    if (kind === "element" && isClauseElement(value)) visitColumns(value, fn);
    else if (kind === "elements" && Array.isArray(value))
      for (const c of value) if (isClauseElement(c)) visitColumns(c, fn);
  }
}

/** The `a = b` comparisons of two columns in an expression (through ANDs and groupings). @internal */
export function equalityPairs(el: ClauseElement): [ColumnClause<any>, ColumnClause<any>][] {
  const out: [ColumnClause<any>, ColumnClause<any>][] = [];
  const walk = (e: ClauseElement): void => {
    if (e instanceof BinaryExpression) {
      if (e.operator === operators.eq && e.left instanceof ColumnClause && e.right instanceof ColumnClause) {
        out.push([e.left, e.right]);
        return;
      }
    }
    if (e instanceof ColumnClause || e instanceof FromClause) return;
    for (const { kind, value } of childrenOf(e)) {
      if (kind === "element" && isClauseElement(value)) walk(value);
      else if (kind === "elements" && Array.isArray(value))
        for (const c of value) if (isClauseElement(c)) walk(c);
    }
  };
  walk(el);
  return out;
}

/**
 * A copy of `el` where each column for which `replace` returns an element is
 * replaced by it (SQLAlchemy's replacement traversal). Nested selects and
 * FROM clauses are kept as they are. @internal
 */
export function replaceColumns<T extends ClauseElement>(
  el: T,
  replace: (col: ColumnClause<any>) => ClauseElement | undefined,
): T {
  if (el instanceof ColumnClause) return (replace(el) ?? el) as T;
  if (el instanceof FromClause || el.isSelectable) return el;
  let copy: Record<string, unknown> | undefined;
  for (const { attr, kind, value } of childrenOf(el)) {
    let next: unknown = value;
    if (kind === "element" && isClauseElement(value)) next = replaceColumns(value, replace);
    else if (kind === "elements" && Array.isArray(value)) {
      const list = value.map((c) => (isClauseElement(c) ? replaceColumns(c, replace) : c));
      if (list.some((c, i) => c !== value[i])) next = list;
    }
    if (next !== value) {
      copy ??= Object.assign(Object.create(Object.getPrototypeOf(el)), el) as Record<string, unknown>;
      copy[attr] = next;
    }
  }
  return (copy ?? el) as T;
}

/**
 * A copy of `el` read from `alias` instead of `table`: each column of
 * `table` is replaced by the alias's column standing for it (SQLAlchemy's
 * `ClauseAdapter` for one alias). @internal
 */
export function onAliasOf<T extends ClauseElement>(el: T, table: unknown, alias: FromClause): T {
  return replaceColumns(el, (c) =>
    c.table === table
      ? ((alias.correspondingColumn(c) ?? undefined) as ClauseElement | undefined)
      : undefined,
  );
}

/** A copy of `el` with annotated columns replaced by the columns they stand for. @internal */
export function stripAnnotations<T extends ClauseElement>(el: T): T {
  return replaceColumns(el, (c) => {
    const u = unannotated(c);
    return u === c ? undefined : u;
  });
}
