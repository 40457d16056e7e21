#include "app/args.h"

#include <stddef.h>
#include <string.h>

static const char *match(const char *const *spec, const char *name, bool *takes)
{
	for (; *spec; spec++) {
		size_t n = strlen(*spec);
		bool t = n > 0 && (*spec)[n - 1] == ':';
		size_t base = t ? n - 1 : n;
		if (strlen(name) == base && strncmp(*spec, name, base) == 0) {
			*takes = t;
			return *spec;
		}
	}
	return NULL;
}

int hc_args_parse(int argc, char **argv, const char *const *spec, hc_args *out, hc_err *err)
{
	memset(out, 0, sizeof *out);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			if (out->npos == HC_ARGS_MAX)
				return hc_err_set(err, HC_EINVAL, a, "Quá nhiều tham số",
				                  "too many arguments");
			out->pos[out->npos++] = a;
			continue;
		}
		const char *name = a + 2;
		bool takes;
		if (!match(spec, name, &takes))
			return hc_err_set(err, HC_EINVAL, name, "Tùy chọn không hợp lệ",
			                  "unknown option --%s", name);
		if (hc_args_get(out, name) || hc_args_flag(out, name))
			return hc_err_set(err, HC_EINVAL, name, "Tùy chọn bị lặp lại",
			                  "option --%s given twice", name);
		if (out->n == HC_ARGS_MAX)
			return hc_err_set(err, HC_EINVAL, name, "Quá nhiều tùy chọn",
			                  "too many options");
		const char *val = NULL;
		if (takes) {
			if (i + 1 >= argc)
				return hc_err_set(err, HC_EINVAL, name,
				                  "Thiếu giá trị cho tùy chọn",
				                  "option --%s needs a value", name);
			val = argv[++i];
		}
		out->keys[out->n] = name;
		out->vals[out->n] = val;
		out->n++;
	}
	return HC_OK;
}

const char *hc_args_get(const hc_args *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->keys[i], name) == 0)
			return a->vals[i];
	return NULL;
}

bool hc_args_flag(const hc_args *a, const char *name)
{
	for (int i = 0; i < a->n; i++)
		if (strcmp(a->keys[i], name) == 0)
			return true;
	return false;
}

int hc_args_need(const hc_args *a, const char *name, const char **out, hc_err *err)
{
	*out = hc_args_get(a, name);
	if (!*out || !**out)
		return hc_err_set(err, HC_EINVAL, name, "Thiếu tùy chọn bắt buộc",
		                  "missing required option --%s", name);
	return HC_OK;
}
