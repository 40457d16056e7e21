/* libFuzzer target for JSON request bodies (src/http/body.h): parses the
 * input with and without declared keys and checks the limits every handler
 * relies on: an accepted body is an object, nested at most 16 deep, with no
 * string over 4 KiB. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "http/body.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int depth(const json_t *v)
{
	int d = 0;
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		json_object_foreach((json_t *)v, k, m)
		{
			int x = depth(m);
			if (x > d)
				d = x;
		}
		return d + 1;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m)
		{
			int x = depth(m);
			if (x > d)
				d = x;
		}
		return d + 1;
	}
	if (json_is_string(v) && json_string_length(v) > HC_JSON_STRING_MAX)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {"username", "password", "applicant", NULL};
	json_t *v = NULL;
	hc_err e;
	if (hc_body_parse((const char *)data, size, NULL, &v, &e) == HC_OK) {
		if (!json_is_object(v) || depth(v) > HC_JSON_DEPTH_MAX)
			abort();
		const char *s;
		bool b;
		int64_t n;
		json_t *o;
		hc_json_get_string(v, "username", "username", false, 64, &s, &e);
		hc_json_get_bool(v, "online", "online", false, &b, &e);
		hc_json_get_int(v, "rating", "rating", false, 1, 5, &n, &e);
		if (hc_json_get_object(v, "applicant", "applicant", false, &o, &e) == HC_OK && o)
			hc_json_only_keys(o, keys, "applicant", &e);
		json_decref(v);
	} else if (v) {
		abort(); /* a refused body leaves nothing behind */
	}
	if (hc_body_parse((const char *)data, size, keys, &v, &e) == HC_OK)
		json_decref(v);
	return 0;
}
