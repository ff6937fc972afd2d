/** The version of this package, as published. */
export const VERSION = "0.1.0";
