/* libFuzzer target for the evaluation period shorthands and the grouping
 * name (src/domain/evaluation.h): whatever parses is a whole year or a
 * calendar quarter starting on the first of its month, and formats back to
 * the same text. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/evaluation.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > MAX_INPUT)
		return 0;
	char s[MAX_INPUT + 1];
	memcpy(s, data, size);
	s[size] = '\0';
	hc_err e;
	int64_t from, to;
	if (hc_evaluation_period(s, "period", &from, &to, &e) == HC_OK) {
		hc_date a = hc_civil_from_days(from), b = hc_civil_from_days(to);
		int64_t days = to - from;
		if (a.d != 1 || b.d != 1 || a.y < 2000 || a.y > 2100)
			abort();
		bool year = strlen(s) == 4;
		if (year ? (a.m != 1 || b.y != a.y + 1 || b.m != 1 || days < 365 || days > 366)
		         : ((a.m - 1) % 3 != 0 || days < 90 || days > 92))
			abort();
		char buf[8] = {0};
		buf[0] = (char)('0' + a.y / 1000);
		buf[1] = (char)('0' + a.y / 100 % 10);
		buf[2] = (char)('0' + a.y / 10 % 10);
		buf[3] = (char)('0' + a.y % 10);
		if (!year) {
			buf[4] = '-';
			buf[5] = 'Q';
			buf[6] = (char)('1' + (a.m - 1) / 3);
		}
		if (strcmp(buf, s) != 0)
			abort();
	} else if (strcmp(e.field, "period") != 0) {
		abort();
	}
	enum hc_eval_by by;
	if (hc_evaluation_by_parse(s, &by, &e) == HC_OK && s[0] && strcmp(s, "office") != 0 &&
	    strcmp(s, "handler") != 0)
		abort();
	return 0;
}
