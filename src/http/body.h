/* body: JSON request bodies.
 * Owns: the hard limits on a request body (size 1 MiB, nesting depth 16,
 * every string and key at most 4 KiB) and its shape checks (an object, valid
 * UTF-8, no duplicate or undeclared top-level keys), plus typed accessors
 * that name the offending field ("applicant.phone") in their errors.
 * Must not: know about routes, HTTP or storage.
 * Parsing itself is jansson's; the depth pre-scan is written here because
 * jansson has no runtime depth limit (only a compile-time one of 2048). */
#ifndef HC_BODY_H
#define HC_BODY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

#define HC_BODY_MAX (1024 * 1024)
#define HC_JSON_DEPTH_MAX 16
#define HC_JSON_STRING_MAX 4096

/* Maximum nesting of arrays and objects in the JSON text data[0..n),
 * ignoring brackets inside strings. Stops counting at limit + 1. */
int hc_json_depth(const char *data, size_t n, int limit);

/* Parses data[0..n) into a JSON object (*out, caller decrefs). keys, when
 * not NULL, is a NULL-terminated list of the allowed top-level keys.
 * Errors: HC_ETOOBIG over HC_BODY_MAX; HC_EINVAL for an empty body,
 * malformed JSON ("Dữ liệu JSON không hợp lệ", line/column in detail only),
 * invalid UTF-8, nesting over HC_JSON_DEPTH_MAX, a string or key over
 * HC_JSON_STRING_MAX bytes, a non-object, or an undeclared key (field). */
int hc_body_parse(const char *data, size_t n, const char *const *keys, json_t **out, hc_err *err);

/* Typed accessors on an object. field is the name used in errors (the full
 * path, e.g. "applicant.phone"). A missing key or JSON null gives the
 * default (and HC_EINVAL when required). Strings must be valid UTF-8 without
 * control characters and at most max_chars code points (0 = no extra
 * limit); *out points into obj (valid while obj lives). */
int hc_json_get_string(const json_t *obj, const char *key, const char *field, bool required,
                       size_t max_chars, const char **out, hc_err *err);
int hc_json_get_bool(const json_t *obj, const char *key, const char *field, bool required,
                     bool *out, hc_err *err);
/* Integer in [min, max]. */
int hc_json_get_int(const json_t *obj, const char *key, const char *field, bool required,
                    int64_t min, int64_t max, int64_t *out, hc_err *err);
/* Object or array member (borrowed reference; NULL when absent and not
 * required). */
int hc_json_get_object(const json_t *obj, const char *key, const char *field, bool required,
                       json_t **out, hc_err *err);
int hc_json_get_array(const json_t *obj, const char *key, const char *field, bool required,
                      size_t max_items, json_t **out, hc_err *err);
/* Rejects keys of obj not in the NULL-terminated list keys; the error field
 * is prefix + "." + key (or the key alone when prefix is NULL). */
int hc_json_only_keys(const json_t *obj, const char *const *keys, const char *prefix, hc_err *err);

#endif
