/** A problem with the command line or the input files: exit status 2 and one line on stderr. */
export class UsageError extends Error {}
