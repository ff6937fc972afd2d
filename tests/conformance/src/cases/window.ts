// @ts-nocheck -- written to the Athanor API spec (README.md, "API assumptions") that
// @athanor/core is still being built to; remove this line once the package type-checks.
import { FrameClause, FrameClauseType, func, Interval, literal, select } from "@athanor/core";
import { employee, product, someTable, userTable } from "../fixture.js";

export const cases: Record<string, () => unknown> = {
  "window.over.01": () =>
    select(
      employee.c.name,
      func
        .row_number()
        .over({ partitionBy: employee.c.dept_id, orderBy: employee.c.salary.desc() })
        .label("rn"),
    ),

  "window.over.02": () => select(employee.c.name, func.sum(employee.c.salary).over().label("total")),

  "window.over.05": () =>
    select(
      employee.c.hired_on,
      func.lag(employee.c.salary, 1).over({ orderBy: employee.c.hired_on }).label("prev_salary"),
      func.lead(employee.c.salary).over({ orderBy: employee.c.hired_on }).label("next_salary"),
    ),

  "window.frame.01": () =>
    select(
      func
        .sum(employee.c.salary)
        .over({ orderBy: employee.c.hired_on, rows: [null, 0] })
        .label("running"),
    ),

  "window.frame.02": () => select(func.avg(product.c.price).over({ orderBy: product.c.id, rows: [-2, 2] })),

  "window.frame.03": () =>
    select(func.max(employee.c.salary).over({ orderBy: employee.c.salary, range: [0, null] })),

  "window.frame.04": () => select(func.count().over({ orderBy: someTable.c.x, range: [-5, 0] })),

  "window.frame.06": () =>
    select(
      func.sum(employee.c.salary).over({
        orderBy: employee.c.hired_on,
        range: new FrameClause({
          // datetime.timedelta(days=7): timedeltas are millisecond numbers, so the
          // Interval type Python infers from the value is given explicitly
          start: literal(7 * 24 * 60 * 60 * 1000, Interval),
          end: null,
          startFrameType: FrameClauseType.PRECEDING,
          endFrameType: FrameClauseType.CURRENT,
        }),
      }),
    ),

  "window.filter.01": () =>
    select(func.count(employee.c.id).filter(employee.c.active.eq(true)).label("active_count")),

  "window.filter.03": () =>
    select(func.percentile_cont(0.5).withinGroup(employee.c.salary.desc()).label("median")),

  "window.filter.04": () => select(func.aggregate_strings(userTable.c.name, ", ")),
};
