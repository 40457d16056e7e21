/* libFuzzer target for the official-schedule reader (hc_calendar_load_tsv,
 * src/domain/calendar.h): any input either loads, and then every day it
 * lists has the status it gives, or is refused and changes no day. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/time.h"
#include "domain/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FIRST_DAY 20089 /* 2025-01-01 */
#define DAYS 1096       /* through 2027-12-31 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64 * 1024)
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	hc_calendar *cal;
	hc_err err;
	if (hc_calendar_new(&cal, &err)) {
		free(text);
		return 0;
	}
	static bool before[DAYS];
	for (int i = 0; i < DAYS; i++)
		before[i] = hc_calendar_is_working(cal, FIRST_DAY + i);
	int rc = hc_calendar_load_tsv(cal, "fuzz.tsv", text, &err);
	if (rc != HC_OK) {
		if (rc != HC_EINVAL && rc != HC_ETOOBIG)
			abort();
		for (int i = 0; i < DAYS; i++)
			if (hc_calendar_is_working(cal, FIRST_DAY + i) != before[i])
				abort(); /* a refused file changed a day */
	} else {
		/* every listed row holds: re-read the text line by line */
		for (char *line = text; *line;) {
			char *eol = strchr(line, '\n');
			if (eol)
				*eol = '\0';
			if (line[0] != '#' && strlen(line) >= 14 && line[10] == '\t') {
				char date[11];
				memcpy(date, line, 10);
				date[10] = '\0';
				int64_t day;
				bool off = strncmp(line + 11, "off\t", 4) == 0;
				bool work = strncmp(line + 11, "work\t", 5) == 0;
				if (!hc_parse_date(date, "date", &day, &err) && (off || work) &&
				    hc_calendar_is_working(cal, day) != work)
					abort();
			}
			if (!eol)
				break;
			line = eol + 1;
		}
	}
	hc_calendar_free(cal);
	free(text);
	return 0;
}
