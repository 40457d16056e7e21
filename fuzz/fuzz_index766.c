/* libFuzzer target for the Decision 766 formula table reader
 * (src/domain/index766.h): any input is either refused with a "NAME:LINE:"
 * detail and leaves the table unchanged, or accepted as rows that satisfy
 * the invariants the scoring relies on. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/index766.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	hc_i766_table t = {0};
	hc_err e;
	int rc = hc_i766_table_parse(&t, "f.tsv", (const char *)data, size, &e);
	if (rc) {
		if (t.n != 0 || strncmp(e.detail, "f.tsv:", 6) != 0)
			abort();
	} else {
		if (t.n < 1 || t.n > HC_I766_MAX_ROWS)
			abort();
		for (int i = 0; i < t.n; i++) {
			const hc_i766_row *r = &t.rows[i];
			if (r->max_c <= 0 || r->max_c > 10000 || r->valid_to <= r->valid_from ||
			    (unsigned)r->metric >= HC_M766_COUNT || r->threshold_bp < 0 ||
			    r->threshold_bp > 10000 ||
			    (r->kind != HC_K766_PROPORTIONAL && r->threshold_bp == 0))
				abort();
			double s = hc_i766_score(r, (hc_i766_rate){1, 3, true});
			if (s < 0 || s > r->max_c / 100.0 + 1e-9)
				abort();
		}
		int first, count;
		if (hc_i766_table_version(&t, t.rows[0].valid_from, &first, &count, &e) ||
		    count < 1)
			abort();
	}
	hc_i766_table_free(&t);
	return 0;
}
