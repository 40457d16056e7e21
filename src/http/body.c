#include "http/body.h"

#include <stdio.h>
#include <string.h>

#include "core/text.h"

static const char msg_bad_json[] = "Dữ liệu JSON không hợp lệ";

int hc_json_depth(const char *data, size_t n, int limit)
{
	int depth = 0, max = 0;
	bool in_str = false, esc = false;
	for (size_t i = 0; i < n; i++) {
		char c = data[i];
		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
			continue;
		}
		if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > max) {
				max = depth;
				if (max > limit)
					return max;
			}
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
	}
	return max;
}

/* Checks every string and key below v; path names the first offender. */
static int check_strings(const json_t *v, char *path, size_t cap, hc_err *err)
{
	if (json_is_string(v)) {
		if (json_string_length(v) > HC_JSON_STRING_MAX)
			return hc_err_set(err, HC_EINVAL, path[0] ? path : NULL,
			                  "Chuỗi ký tự quá dài (tối đa 4096 byte)",
			                  "string of %zu bytes at '%s'", json_string_length(v),
			                  path);
		return HC_OK;
	}
	size_t plen = strlen(path);
	if (json_is_object(v)) {
		const char *k;
		json_t *m;
		json_object_foreach((json_t *)v, k, m)
		{
			if (strlen(k) > HC_JSON_STRING_MAX)
				return hc_err_set(err, HC_EINVAL, path[0] ? path : NULL,
				                  "Tên trường quá dài", "key of %zu bytes",
				                  strlen(k));
			snprintf(path + plen, cap - plen, "%s%s", plen ? "." : "", k);
			int rc = check_strings(m, path, cap, err);
			path[plen] = '\0';
			if (rc)
				return rc;
		}
	} else if (json_is_array(v)) {
		size_t i;
		json_t *m;
		json_array_foreach(v, i, m)
		{
			snprintf(path + plen, cap - plen, "[%zu]", i);
			int rc = check_strings(m, path, cap, err);
			path[plen] = '\0';
			if (rc)
				return rc;
		}
	}
	return HC_OK;
}

int hc_body_parse(const char *data, size_t n, const char *const *keys, json_t **out, hc_err *err)
{
	*out = NULL;
	if (n > HC_BODY_MAX)
		return hc_err_set(err, HC_ETOOBIG, NULL, "Dữ liệu gửi lên quá lớn (tối đa 1 MiB)",
		                  "body of %zu bytes", n);
	size_t i = 0;
	while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	if (i == n)
		return hc_err_set(err, HC_EINVAL, NULL, "Thiếu dữ liệu JSON", "empty body");
	if (!hc_text_valid(data, n))
		return hc_err_set(err, HC_EINVAL, NULL, msg_bad_json,
		                  "body is not valid UTF-8 or has control characters");
	if (hc_json_depth(data, n, HC_JSON_DEPTH_MAX) > HC_JSON_DEPTH_MAX)
		return hc_err_set(err, HC_EINVAL, NULL,
		                  "Dữ liệu JSON lồng nhau quá sâu (tối đa 16)",
		                  "JSON nesting deeper than %d", HC_JSON_DEPTH_MAX);
	json_error_t je;
	json_t *v = json_loadb(data, n, JSON_REJECT_DUPLICATES, &je);
	if (!v)
		return hc_err_set(err, HC_EINVAL, NULL, msg_bad_json,
		                  "malformed JSON at line %d column %d: %s", je.line, je.column,
		                  je.text);
	if (!json_is_object(v)) {
		json_decref(v);
		return hc_err_set(err, HC_EINVAL, NULL, "Dữ liệu phải là một đối tượng JSON",
		                  "body is not a JSON object");
	}
	char path[256] = "";
	int rc = check_strings(v, path, sizeof path, err);
	if (rc == HC_OK && keys)
		rc = hc_json_only_keys(v, keys, NULL, err);
	if (rc) {
		json_decref(v);
		return rc;
	}
	*out = v;
	return HC_OK;
}

int hc_json_only_keys(const json_t *obj, const char *const *keys, const char *prefix, hc_err *err)
{
	const char *k;
	json_t *m;
	json_object_foreach((json_t *)obj, k, m)
	{
		bool ok = false;
		for (const char *const *p = keys; *p; p++)
			if (strcmp(*p, k) == 0) {
				ok = true;
				break;
			}
		if (!ok) {
			char field[HC_ERR_FIELD_MAX];
			snprintf(field, sizeof field, "%s%s%s", prefix ? prefix : "",
			         prefix ? "." : "", k);
			return hc_err_set(err, HC_EINVAL, field, "Trường không được hỗ trợ",
			                  "unknown key '%.64s'", k);
		}
	}
	return HC_OK;
}

static const json_t *member(const json_t *obj, const char *key)
{
	const json_t *v = obj ? json_object_get(obj, key) : NULL;
	return json_is_null(v) ? NULL : v;
}

static int missing(const char *field, hc_err *err)
{
	return hc_err_set(err, HC_EINVAL, field, "Thiếu trường bắt buộc", "missing '%s'", field);
}

int hc_json_get_string(const json_t *obj, const char *key, const char *field, bool required,
                       size_t max_chars, const char **out, hc_err *err)
{
	*out = NULL;
	const json_t *v = member(obj, key);
	if (!v)
		return required ? missing(field, err) : HC_OK;
	if (!json_is_string(v))
		return hc_err_set(err, HC_EINVAL, field, "Trường phải là chuỗi ký tự",
		                  "'%s' is not a string", field);
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	if (strlen(s) != n || !hc_text_valid(s, n))
		return hc_err_set(err, HC_EINVAL, field, "Chuỗi có ký tự không hợp lệ",
		                  "'%s' has invalid characters", field);
	if (max_chars && hc_text_length(s) > max_chars)
		return hc_err_set(err, HC_EINVAL, field, "Chuỗi ký tự quá dài",
		                  "'%s' longer than %zu characters", field, max_chars);
	if (required && n == 0)
		return missing(field, err);
	*out = s;
	return HC_OK;
}

int hc_json_get_bool(const json_t *obj, const char *key, const char *field, bool required,
                     bool *out, hc_err *err)
{
	*out = false;
	const json_t *v = member(obj, key);
	if (!v)
		return required ? missing(field, err) : HC_OK;
	if (!json_is_boolean(v))
		return hc_err_set(err, HC_EINVAL, field, "Trường phải là true hoặc false",
		                  "'%s' is not a boolean", field);
	*out = json_is_true(v);
	return HC_OK;
}

int hc_json_get_int(const json_t *obj, const char *key, const char *field, bool required,
                    int64_t min, int64_t max, int64_t *out, hc_err *err)
{
	*out = 0;
	const json_t *v = member(obj, key);
	if (!v)
		return required ? missing(field, err) : HC_OK;
	if (!json_is_integer(v))
		return hc_err_set(err, HC_EINVAL, field, "Trường phải là số nguyên",
		                  "'%s' is not an integer", field);
	json_int_t x = json_integer_value(v);
	if (x < min || x > max)
		return hc_err_set(err, HC_EINVAL, field, "Giá trị nằm ngoài khoảng cho phép",
		                  "'%s' = %lld outside [%lld, %lld]", field, (long long)x,
		                  (long long)min, (long long)max);
	*out = (int64_t)x;
	return HC_OK;
}

int hc_json_get_object(const json_t *obj, const char *key, const char *field, bool required,
                       json_t **out, hc_err *err)
{
	*out = NULL;
	const json_t *v = member(obj, key);
	if (!v)
		return required ? missing(field, err) : HC_OK;
	if (!json_is_object(v))
		return hc_err_set(err, HC_EINVAL, field, "Trường phải là một đối tượng",
		                  "'%s' is not an object", field);
	*out = (json_t *)v;
	return HC_OK;
}

int hc_json_get_array(const json_t *obj, const char *key, const char *field, bool required,
                      size_t max_items, json_t **out, hc_err *err)
{
	*out = NULL;
	const json_t *v = member(obj, key);
	if (!v)
		return required ? missing(field, err) : HC_OK;
	if (!json_is_array(v))
		return hc_err_set(err, HC_EINVAL, field, "Trường phải là một danh sách",
		                  "'%s' is not an array", field);
	if (json_array_size(v) > max_items)
		return hc_err_set(err, HC_EINVAL, field, "Danh sách quá dài",
		                  "'%s' has %zu items, max %zu", field, json_array_size(v),
		                  max_items);
	*out = (json_t *)v;
	return HC_OK;
}
