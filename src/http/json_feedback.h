/* json_feedback: the JSON form of citizens' feedback for the API.
 * Owns: field names (snake_case, as in struct hc_feedback), status and
 * category as names plus Vietnamese labels, instants as
 * "YYYY-MM-DDTHH:MM+07:00" or null, late steps as a list of step names, and
 * what the public view leaves out: the sender's personal data, staff names
 * and notes, the content unless the sender agreed to its publication, and
 * the answer until it is published.
 * Must not: read storage or apply rules. */
#ifndef HC_JSON_FEEDBACK_H
#define HC_JSON_FEEDBACK_H

#include <jansson.h>
#include <stdbool.h>

#include "domain/feedback.h"

/* New reference (caller decrefs), NULL when out of memory. The staff view
 * has every field and the history (when loaded). */
json_t *hc_feedback_json(const hc_feedback *f, bool public_view);

#endif
