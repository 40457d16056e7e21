/* libFuzzer target for query strings (src/http/query.h): checks that an
 * accepted query respects every limit and that lookups find each name. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/query.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static hc_query q;
	hc_err e;
	if (hc_query_parse((const char *)data, size, &q, &e) != HC_OK)
		return 0;
	if (q.n < 0 || q.n > HC_QUERY_MAX_PARAMS)
		abort();
	for (int i = 0; i < q.n; i++) {
		size_t nl = strlen(q.names[i]), vl = strlen(q.values[i]);
		if (nl == 0 || nl > HC_QUERY_NAME_MAX || vl > HC_QUERY_VALUE_MAX)
			abort();
		if (hc_query_get(&q, q.names[i]) != q.values[i])
			abort(); /* names are unique */
		int64_t v;
		int b;
		hc_query_int(&q, q.names[i], -1000, 1000, 0, &v, &e);
		hc_query_bool(&q, q.names[i], &b, &e);
	}
	return 0;
}
