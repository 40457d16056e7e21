/* args: the command line parser shared by every haicap command.
 * Owns: "--name value" and "--flag" parsing against a declared list, and
 * positional arguments. Unknown or repeated options are errors. Strings point
 * into argv (not copied). */
#ifndef HC_ARGS_H
#define HC_ARGS_H

#include <stdbool.h>

#include "core/err.h"

#define HC_ARGS_MAX 32

typedef struct hc_args {
	int n;
	const char *keys[HC_ARGS_MAX];
	const char *vals[HC_ARGS_MAX]; /* NULL for flags */
	int npos;
	const char *pos[HC_ARGS_MAX];
} hc_args;

/* spec: option names without dashes; a trailing ':' takes a value
 * ("db:", "json"). argv[0] is the command name and is skipped. */
int hc_args_parse(int argc, char **argv, const char *const *spec, hc_args *out, hc_err *err);
const char *hc_args_get(const hc_args *a, const char *name);
bool hc_args_flag(const hc_args *a, const char *name);
/* Value of a required option, or HC_EINVAL naming it. */
int hc_args_need(const hc_args *a, const char *name, const char **out, hc_err *err);

#endif
