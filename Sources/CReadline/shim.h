#ifndef CREADLINE_SHIM_H
#define CREADLINE_SHIM_H
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

/* Frees a line that readline handed over (malloc'ed). */
static inline void seg_line_free(char *line) { free(line); }
#endif
