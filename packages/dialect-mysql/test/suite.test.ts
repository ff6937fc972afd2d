/**
 * The compliance suite from `@athanor/core/testing` on the async API against the MySQL or
 * MariaDB at ATHANOR_MYSQL_URL (skipped without it on a developer's machine, failing in CI).
 */
import { createAsyncEngine } from "@athanor/asyncio-compat";
import { runComplianceSuite } from "@athanor/core/testing";
import { MySQL2Dialect } from "../src/index.js";
import { liveDatabase } from "./live.js";
import { MySQLRequirements } from "./requirements.js";

const live = liveDatabase("ATHANOR_MYSQL_URL", "scripts/db/mariadb-up.sh");

runComplianceSuite({
  name: "mysql+mysql2",
  requirements: new MySQLRequirements(),
  skip: live.skip && "ATHANOR_MYSQL_URL is not set: start MariaDB with scripts/db/mariadb-up.sh",
  makeEngine: () => createAsyncEngine(live.url(), { dialect: new MySQL2Dialect() }),
});
