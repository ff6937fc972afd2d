/**
 * Where this package's live tests find their database: a URL in the environment, set by
 * `scripts/test.sh` after it starts a throwaway server (see `scripts/db/`).
 *
 * Without the URL the live tests are skipped (and counted as skipped) on a developer's machine,
 * but they fail under CI: a CI run that never reached the database must not pass.
 */
export function liveDatabase(envVar: string, startScript: string) {
  const url = process.env[envVar] || undefined;
  const inCI = /^(1|true)$/i.test(process.env.CI ?? "");
  return {
    /** Skip the live tests: only when there is no URL and this is not CI. */
    skip: url === undefined && !inCI,
    /** The URL; throws (failing the test) when it is missing. */
    url(): string {
      if (url !== undefined) return url;
      throw new Error(
        `${envVar} is not set, and CI requires the live database: start one with ${startScript} ` +
          "(scripts/test.sh does) and export the URL it prints",
      );
    },
  };
}

/** The URL with its password hidden, for log lines. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
