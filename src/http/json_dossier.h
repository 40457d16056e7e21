/* json_dossier: the JSON form of a dossier for the API.
 * Owns: field names (snake_case, as in struct hc_dossier), status as name
 * plus Vietnamese "status_label", instants as "YYYY-MM-DDTHH:MM+07:00" or
 * null, and what the citizen view leaves out (staff names, internal notes,
 * applicant contact data, fee and internal flags).
 * Must not: read storage or apply rules. */
#ifndef HC_JSON_DOSSIER_H
#define HC_JSON_DOSSIER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/dossier.h"

/* New reference (caller decrefs), NULL when out of memory. The staff view
 * has every field with components and history; the public view has code,
 * procedure, status, the key instants and a history of actions without
 * actor names, and with notes only where they are addressed to the citizen
 * (what to supplement, reason of rejection, extension, withdrawal). */
json_t *hc_dossier_json(const hc_dossier *d, bool public_view);

/* An instant as "YYYY-MM-DDTHH:MM+07:00", or JSON null when t is 0. */
json_t *hc_json_time(int64_t t);

#endif
