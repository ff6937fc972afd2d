/**
 * SQL text: `text("SELECT * FROM t WHERE id = :id")`, with `:name` bound
 * parameters, and `.columns()` to give it a result shape.
 */
import type { CompileKw, SQLCompiler } from "../compiler/sql-compiler.js";
import type { TypeLike } from "../types/type-engine.js";
import { type CacheKeyGen, ClauseElement } from "./base.js";
import { BindParameter, type ColumnClause, NULLTYPE } from "./column-element.js";

/** `:name` not preceded by another colon or a word character, nor followed by a colon (`::cast`). */
export const TEXT_BIND_RE = /(?<![:\w\\]):(\w+)(?!:)/g;

/** A fragment of SQL text. */
export class TextClause extends ClauseElement {
  readonly visitName = "textClause";
  readonly type = NULLTYPE;
  /** Bound parameters by name, from `:name` in the text and `.bindparams()`. */
  readonly binds: ReadonlyMap<string, BindParameter>;

  constructor(
    readonly text: string,
    binds?: ReadonlyMap<string, BindParameter>,
  ) {
    super();
    if (binds !== undefined) this.binds = binds;
    else {
      const m = new Map<string, BindParameter>();
      for (const match of text.matchAll(TEXT_BIND_RE)) {
        const name = match[1] as string;
        if (!m.has(name)) m.set(name, new BindParameter(name, undefined));
      }
      this.binds = m;
    }
  }

  override get isSelectable(): boolean {
    return false;
  }

  /** Gives values (or typed `bindparam()`s) to the text's parameters. */
  bindparams(...args: (Record<string, unknown> | BindParameter)[]): TextClause {
    const m = new Map(this.binds);
    for (const a of args) {
      if (a instanceof BindParameter) m.set(a.key ?? "param", a);
      else
        for (const [k, v] of Object.entries(a)) {
          const existing = m.get(k);
          m.set(k, existing !== undefined ? existing.withValue(v) : new BindParameter(k, v));
        }
    }
    return new TextClause(this.text, m);
  }

  /**
   * Declares the columns the text returns, so it can be used as a SELECT
   * (defined in select.ts, where `TextualSelect` lives).
   */
  declare columns: (
    ...cols: (ColumnClause<any, any> | Record<string, TypeLike>)[]
  ) => import("../select.js").TextualSelect;

  override cacheKeyInto(gen: CacheKeyGen): void {
    gen.add(`text:${this.text}`);
    for (const b of this.binds.values()) b.cacheKeyInto(gen);
  }

  /** `text()` used as a boolean criterion or a column: it is itself. */
  selfGroupText(): this {
    return this;
  }

  compilerDispatch(compiler: SQLCompiler, kw: CompileKw): string {
    return compiler.visitTextClause(this, kw);
  }
}

/** Builds SQL text with `:name` parameters. */
export function text(sql: string): TextClause {
  return new TextClause(sql);
}
