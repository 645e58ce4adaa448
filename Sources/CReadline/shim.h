#ifndef CREADLINE_SHIM_H
#define CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Frees a line that readline handed over (malloc'ed). */
static inline void seg_line_free(char *line) { free(line); }
/* The C standard streams, as functions: Swift 6 rejects the global variables as shared
   mutable state in release builds. */
static inline FILE *seg_stdout(void) { return stdout; }
static inline FILE *seg_stderr(void) { return stderr; }
#endif
