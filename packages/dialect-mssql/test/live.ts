/**
 * Where this package's live tests find their database: a URL in the environment.
 *
 * There is no SQL Server (or Oracle) server in CI or on the development machines here, so
 * without the URL the live tests are skipped, in CI too, and say so: they are counted as
 * skipped, never as passed.
 */
export function optionalLiveDatabase(envVar: string) {
  const url = process.env[envVar] || undefined;
  if (url === undefined) {
    console.log(`${envVar} is not set: the live driver tests are skipped (no server has run them here)`);
  }
  return {
    /** Skip the live tests: whenever there is no URL. */
    skip: url === undefined,
    /** The URL. */
    url(): string {
      if (url === undefined) throw new Error(`${envVar} is not set`);
      return url;
    },
  };
}
